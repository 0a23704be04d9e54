//! The team manager's view: the team's timeliness over the last twelve months
//! (assessments within 45 working days of the referral, CP visits, CP and
//! looked-after reviews), children with no allocated worker, and what is
//! overdue by worker, with links to record an allocation or an oversight
//! entry (both are events on the child's record, see `record.rs`).

use super::layout;
use crate::auth::SignedIn;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use carefile_domain::access::{AuditAction, Role};
use carefile_domain::timescales::{Item, Status, TimescaleConfig, deadlines};
use carefile_domain::{Calendar, ChildId, ChildRecord, WorkerId};
use chrono::{Months, NaiveDate};
use maud::{Markup, html};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/team", get(page))
}

/// The deadlines whose timeliness the team is judged on.
const MEASURED: [Item; 4] = [Item::Assessment, Item::CpVisit, Item::CpReview, Item::LacReview];

/// How one kind of deadline fell due in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timeliness {
    pub on_time: usize,
    pub late: usize,
    /// Past due and still not done.
    pub overdue: usize,
}

impl Timeliness {
    /// Share on time of those that fell due, as a whole percentage (`None` when none fell due).
    pub fn percent(&self) -> Option<u32> {
        let all = self.on_time + self.late + self.overdue;
        (all > 0).then(|| ((self.on_time * 100 + all / 2) / all) as u32)
    }
}

/// Counts, for each measured item, the deadlines due in `from..=to` as met on
/// time, met late or overdue; deadlines not yet due are left out.
pub fn timeliness(
    records: &[ChildRecord],
    cal: &Calendar,
    cfg: &TimescaleConfig,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(Item, Timeliness)> {
    let mut counts: BTreeMap<Item, Timeliness> = MEASURED.iter().map(|i| (*i, Timeliness::default())).collect();
    for r in records {
        for d in deadlines(r, cal, cfg, to) {
            let Some(c) = counts.get_mut(&d.item) else { continue };
            if d.due.date < from || d.due.date > to {
                continue;
            }
            match d.status {
                Status::Met => c.on_time += 1,
                Status::MetLate => c.late += 1,
                Status::Overdue => c.overdue += 1,
                Status::Due => {}
            }
        }
    }
    MEASURED.iter().map(|i| (*i, counts[i])).collect()
}

/// One allocation or management-oversight entry on a child's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub date: NaiveDate,
    pub child: ChildId,
    /// The worker allocated or the manager who wrote the oversight (`None`: left unallocated).
    pub who: Option<WorkerId>,
    pub oversight: bool,
}

/// Allocations and oversight entries dated `from..=to`, newest first.
pub fn recent_entries(records: &[ChildRecord], from: NaiveDate, to: NaiveDate) -> Vec<Entry> {
    let within = |d: NaiveDate| from <= d && d <= to;
    let mut out: Vec<Entry> = records
        .iter()
        .flat_map(|r| {
            let allocations = r.allocations.iter().filter(|a| within(a.from)).map(|a| Entry {
                date: a.from,
                child: r.id.clone(),
                who: a.worker.clone(),
                oversight: false,
            });
            let oversight = r.notes.iter().filter(|n| within(n.date) && n.value.panel.is_none()).map(|n| Entry {
                date: n.date,
                child: r.id.clone(),
                who: n.value.by.clone(),
                oversight: true,
            });
            allocations.chain(oversight)
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.child.cmp(&b.child)));
    out
}

async fn page(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    if user.role != Role::TeamManager {
        return Err(AppError::Forbidden("the team view is for team managers".into()));
    }
    let Some(team) = user.team.clone() else {
        return Err(AppError::Forbidden("your account is not linked to a team".into()));
    };
    let today = state.today();
    let (ids, unallocated, overdue) = {
        let index = state.index().await?;
        let children: Vec<_> = index.of_team(&team).cloned().collect();
        let mut overdue: BTreeMap<Option<WorkerId>, Vec<(String, String, String)>> = BTreeMap::new();
        for c in &children {
            for r in index.due(&c.id).iter().filter(|r| r.status == Status::Overdue) {
                overdue.entry(c.worker.clone()).or_default().push((
                    c.id.to_string(),
                    r.item.label().to_string(),
                    r.due.to_string(),
                ));
            }
        }
        let unallocated: Vec<_> =
            children.iter().filter(|c| c.worker.is_none()).map(|c| (c.id.clone(), c.name.clone())).collect();
        (children.into_iter().map(|c| c.id).collect::<Vec<_>>(), unallocated, overdue)
    };
    let records = state
        .with_store(move |s| {
            let mut out = Vec::with_capacity(ids.len());
            for id in &ids {
                if let Some((r, _)) = s.child(id)? {
                    out.push(r);
                }
            }
            Ok(out)
        })
        .await?;
    let from = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let rows = timeliness(&records, &Calendar::england_and_wales(), &TimescaleConfig::default(), from, today);
    let month_ago = today.checked_sub_months(Months::new(1)).unwrap_or(today);
    let entries = recent_entries(&records, month_ago, today);
    crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, "GET /team").await?;
    let (team_name, names) = {
        let org = state.org();
        let name = org.teams.get(&team).map_or(team.to_string(), |t| t.name.clone());
        let names: BTreeMap<WorkerId, String> = org.staff.values().map(|s| (s.id.clone(), s.name.clone())).collect();
        (name, names)
    };
    let worker_name = |w: &Option<WorkerId>| match w {
        Some(w) => names.get(w).cloned().unwrap_or_else(|| w.to_string()),
        None => "Unallocated".to_string(),
    };
    let body = html! {
        p { (team_name) ": " (records.len()) " children on " (today) "." }
        h2 { "Timeliness, " (from) " to " (today) }
        table id="timeliness" {
            thead { tr { th { "Deadline" } th { "On time" } th { "Late" } th { "Overdue" } th { "% on time" } } }
            tbody { @for (item, t) in &rows {
                tr { td { (item.label()) } td { (t.on_time) } td { (t.late) } td.overdue[t.overdue > 0] { (t.overdue) }
                     td { @if let Some(p) = t.percent() { (p) "%" } @else { "none due" } } }
            } }
        }
        h2 { "Unallocated children (" (unallocated.len()) ")" }
        @if unallocated.is_empty() { p { "Every child has an allocated worker." } }
        ul id="unallocated" { @for (id, name) in &unallocated {
            li { a href={ "/children/" (id) } { (id) " " (name) } " · " a href={ "/children/" (id) "/record/allocation" } { "Allocate" } }
        } }
        h2 { "Allocations and oversight since " (month_ago) " (" (entries.len()) ")" }
        @if entries.is_empty() { p { "None recorded." } }
        table id="entries" {
            tbody { @for e in &entries {
                tr { td { (e.date) } td { a href={ "/children/" (e.child) } { (e.child) } }
                     td { @if e.oversight { "Management oversight by " (worker_name(&e.who)) }
                          @else if e.who.is_some() { "Allocated to " (worker_name(&e.who)) }
                          @else { "Left unallocated" } } }
            } }
        }
        h2 { "Overdue by worker" }
        @if overdue.is_empty() { p { "Nothing overdue." } }
        @for (w, items) in &overdue {
            h3 { (worker_name(w)) " (" (items.len()) ")" }
            ul { @for (child, what, due) in items {
                li { a href={ "/children/" (child) } { (child) } ": " (what) ", due " (due) " · "
                     a href={ "/children/" (child) "/record/oversight" } { "Oversight entry" } }
            } }
        }
    };
    Ok(layout("My team", Some(&user), body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::codes::ReferralSource;
    use carefile_domain::journey::{ChildDetails, ChildEvent};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A child referred on `referred`, with the assessment authorised on `authorised` if given.
    fn child(id: &str, referred: &str, authorised: Option<&str>) -> ChildRecord {
        let details = ChildDetails {
            forename: "A".into(),
            surname: "B".into(),
            dob: Some(d("2015-01-01")),
            ..Default::default()
        };
        let mut r = ChildRecord::register(ChildId::new(id).unwrap(), &ChildEvent::Registered { details }).unwrap();
        let at = d(referred).and_hms_opt(10, 0, 0).unwrap();
        let mut events = vec![
            ChildEvent::ReferralReceived {
                referral: 1,
                at,
                source: ReferralSource::Police,
                contact: None,
                exploitation: vec![],
            },
            ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d(referred) },
        ];
        if let Some(a) = authorised {
            events.push(ChildEvent::AssessmentAuthorised {
                assessment: 1,
                date: d(a),
                completed: None,
                factors: vec![carefile_domain::codes::AssessmentFactor::F21],
                outcome: carefile_domain::journey::AssessmentOutcome::NoFurtherAction,
            });
        }
        for e in &events {
            r.apply(e).unwrap();
        }
        r
    }

    #[test]
    fn assessments_are_counted_on_time_late_and_overdue() {
        // Referred Monday 5 January 2026: 45 working days later is Monday 9 March.
        let records = [
            child("C1", "2026-01-05", Some("2026-03-09")),
            child("C2", "2026-01-05", Some("2026-03-10")),
            child("C3", "2026-01-05", None),
            // Due after the end of the period: not counted.
            child("C4", "2026-03-02", None),
        ];
        let rows = timeliness(
            &records,
            &Calendar::england_and_wales(),
            &TimescaleConfig::default(),
            d("2025-03-31"),
            d("2026-03-31"),
        );
        let (item, t) = rows[0];
        assert_eq!(item, Item::Assessment);
        assert_eq!(t, Timeliness { on_time: 1, late: 1, overdue: 1 });
        assert_eq!(t.percent(), Some(33));
        assert_eq!(rows.iter().map(|(i, _)| *i).collect::<Vec<_>>(), MEASURED);
        assert_eq!(Timeliness::default().percent(), None);
    }

    #[test]
    fn recent_entries_are_allocations_and_oversight_in_the_window() {
        let mut r = child("C1", "2026-01-05", None);
        let w = |s: &str| WorkerId::new(s).unwrap();
        for e in [
            ChildEvent::WorkerAllocated {
                date: d("2026-01-05"),
                worker: w("W1"),
                team: carefile_domain::TeamId::new("T1").unwrap(),
                reason: None,
            },
            ChildEvent::ManagementOversight { date: d("2026-03-10"), by: w("M1"), note: "ok".into() },
            ChildEvent::PanelDecision {
                date: d("2026-03-11"),
                panel: carefile_domain::journey::Panel::Permanence,
                decision: "x".into(),
            },
            ChildEvent::WorkerDeallocated { date: d("2026-03-20") },
        ] {
            r.apply(&e).unwrap();
        }
        let got = recent_entries(&[r], d("2026-03-01"), d("2026-03-31"));
        let c1 = ChildId::new("C1").unwrap();
        assert_eq!(
            got,
            [
                Entry { date: d("2026-03-20"), child: c1.clone(), who: None, oversight: false },
                Entry { date: d("2026-03-10"), child: c1, who: Some(w("M1")), oversight: true },
            ]
        );
    }
}
