//! What a team manager's view needs of each child, computed once when the
//! index takes the child (at start and after each change), so the team page
//! adds up a few numbers per child instead of reading every record of the
//! team from the store on every view: the measured deadlines that fell due in
//! the twelve months to the reference date, and the allocations and
//! oversight entries of the last month.

use carefile_domain::timescales::{Item, Status, TimescaleConfig, deadlines};
use carefile_domain::{Calendar, ChildId, ChildRecord, WorkerId};
use chrono::{Months, NaiveDate};

/// The deadlines whose timeliness a team is judged on.
pub const MEASURED: [Item; 4] = [Item::Assessment, Item::CpVisit, Item::CpReview, Item::LacReview];

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

    fn count(&mut self, status: Status) {
        match status {
            Status::Met => self.on_time += 1,
            Status::MetLate => self.late += 1,
            Status::Overdue => self.overdue += 1,
            Status::Due => {}
        }
    }
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

/// One child's part of the team view on the reference date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Per measured item (in [`MEASURED`] order), its deadlines due in the twelve months to the date.
    pub timeliness: [Timeliness; 4],
    /// Allocations and oversight entries dated in the month to the date.
    pub recent: Vec<Entry>,
}

/// The first day of the twelve months, and of the month, that end on `as_of`.
pub fn windows(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year = as_of.checked_sub_months(Months::new(12)).unwrap_or(as_of);
    let month = as_of.checked_sub_months(Months::new(1)).unwrap_or(as_of);
    (year, month)
}

impl Facts {
    pub fn of(record: &ChildRecord, cal: &Calendar, cfg: &TimescaleConfig, as_of: NaiveDate) -> Facts {
        let (year, month) = windows(as_of);
        let mut facts = Facts::default();
        for d in deadlines(record, cal, cfg, as_of) {
            if d.due.date < year || d.due.date > as_of {
                continue;
            }
            if let Some(i) = MEASURED.iter().position(|m| *m == d.item) {
                facts.timeliness[i].count(d.status);
            }
        }
        let within = |d: NaiveDate| month <= d && d <= as_of;
        let allocations = record.allocations.iter().filter(|a| within(a.from)).map(|a| Entry {
            date: a.from,
            child: record.id.clone(),
            who: a.worker.clone(),
            oversight: false,
        });
        let oversight = record.notes.iter().filter(|n| within(n.date) && n.value.panel.is_none()).map(|n| Entry {
            date: n.date,
            child: record.id.clone(),
            who: n.value.by.clone(),
            oversight: true,
        });
        facts.recent = allocations.chain(oversight).collect();
        facts
    }

    /// Nothing to add to a team's view (most closed cases): the index keeps no entry.
    pub fn is_empty(&self) -> bool {
        self.recent.is_empty() && self.timeliness.iter().all(|t| *t == Timeliness::default())
    }
}

/// The team's timeliness: the children's counts added up, per measured item.
pub fn timeliness<'a>(facts: impl IntoIterator<Item = &'a Facts>) -> Vec<(Item, Timeliness)> {
    let mut total = [Timeliness::default(); 4];
    for f in facts {
        for (t, c) in total.iter_mut().zip(&f.timeliness) {
            t.on_time += c.on_time;
            t.late += c.late;
            t.overdue += c.overdue;
        }
    }
    MEASURED.into_iter().zip(total).collect()
}

/// The team's recent entries, newest first (ties by child).
pub fn recent<'a>(facts: impl IntoIterator<Item = &'a Facts>) -> Vec<Entry> {
    let mut out: Vec<Entry> = facts.into_iter().flat_map(|f| f.recent.iter().cloned()).collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.child.cmp(&b.child)));
    out
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

    fn facts(records: &[ChildRecord], as_of: &str) -> Vec<Facts> {
        let (cal, cfg) = (Calendar::england_and_wales(), TimescaleConfig::default());
        records.iter().map(|r| Facts::of(r, &cal, &cfg, d(as_of))).collect()
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
        let all = facts(&records, "2026-03-31");
        let rows = timeliness(&all);
        let (item, t) = rows[0];
        assert_eq!(item, Item::Assessment);
        assert_eq!(t, Timeliness { on_time: 1, late: 1, overdue: 1 });
        assert_eq!(t.percent(), Some(33));
        assert_eq!(rows.iter().map(|(i, _)| *i).collect::<Vec<_>>(), MEASURED);
        assert_eq!(Timeliness::default().percent(), None);
        assert!(all[3].is_empty(), "nothing fell due and nothing was allocated");
        // A year on, the deadlines due in March 2026 have left the window; C4's, due in May 2026, is overdue in it.
        let later = facts(&records, "2027-03-31");
        assert!(later[..3].iter().all(Facts::is_empty));
        assert_eq!(later[3].timeliness[0], Timeliness { on_time: 0, late: 0, overdue: 1 });
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
        let got = recent(&facts(&[r], "2026-03-31"));
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
