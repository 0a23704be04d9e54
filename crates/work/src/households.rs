//! Foster carers', adopters' and panels' work on trays (decision 007), so that no step between
//! the review and the agency decision maker's decision is lost: each open due item of a
//! household's record goes to whoever's step it is (the supervising or assessing social worker,
//! the team's queue for listing a review at the panel, the agency decision maker); a review
//! overdue by more than the configured margin also goes to the service managers; a sitting's case
//! heard and not yet decided is on the agency decision maker's tray, due the configured working
//! days after the sitting; each panel action is on its owner's tray until done, then on the panel
//! advisers' until someone else verifies it.

use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::Calendar;
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::fostering::{CarerRecord, Config};
use carefile_domain::stream::Projection;
use carefile_domain::fostering::due::{Due, Item, Step};
use carefile_domain::panels::{ActionStatus, Sitting};
use carefile_domain::people::HouseholdId;
use carefile_domain::timescales::Moment;
use carefile_domain::{TeamId, WorkerId};
use chrono::NaiveDate;

/// The role whose holders make the agency's decisions.
pub const AGENCY_DECISION_MAKER: &str = "agency-decision-maker";
/// The role overdue reviews escalate to.
pub const SERVICE_MANAGER: &str = "service-manager";
/// The role that verifies panel actions done and lists cases.
pub const PANEL_ADVISER: &str = "panel-adviser";

/// Whose tray a household's item lands on.
fn owner(step: Step, allocated: Option<(&WorkerId, &TeamId)>) -> Owner {
    match (step, allocated) {
        (Step::Adm, _) => Owner::Role(AGENCY_DECISION_MAKER.into()),
        (Step::Worker, Some((w, _))) => Owner::Worker(w.clone()),
        (Step::Team, Some((_, t))) => Owner::Team(t.clone()),
        (_, None) => Owner::Unallocated,
    }
}

/// The tray items of a household's record (`stream` is `fostering` or `adopter`) from its due
/// items on `as_of`: the open ones, each on its owner's tray, and overdue reviews escalated.
pub fn household_items(
    household: &HouseholdId,
    stream: &'static str,
    allocated: Option<(&WorkerId, &TeamId)>,
    due: &[Due],
    cal: &Calendar,
    cfg: &Config,
    as_of: NaiveDate,
) -> Vec<TrayItem> {
    let item = |owner, kind, title: String, d: &Due| TrayItem {
        owner,
        subject: Subject::Household(household.clone()),
        kind,
        title,
        due: Some(Moment::day(d.due)),
        target: Target::Household { household: household.clone(), stream, form: d.item.met_by() },
    };
    let mut out = Vec::new();
    for d in due.iter().filter(|d| d.met.is_none() && d.status.is_open()) {
        out.push(item(owner(d.step, allocated), Kind::Due, d.title(), d));
        let review = matches!(d.item, Item::Review | Item::ListReview | Item::ReviewDecision);
        if review && cfg.fostering.escalate_after.after(cal, d.due) < as_of {
            out.push(item(Owner::Role(SERVICE_MANAGER.into()), Kind::Escalation, format!("Overdue: {}", d.title()), d));
        }
    }
    out
}

/// A carer household's tray items on `as_of`, with the panel cases about it from `sittings`.
pub fn carer_items(record: &CarerRecord, sittings: &[Sitting], cal: &Calendar, cfg: &Config, as_of: NaiveDate) -> Vec<TrayItem> {
    let cases: Vec<_> = sittings
        .iter()
        .flat_map(|s| s.cases.iter().filter(|c| c.household.as_ref() == Some(&record.id)).map(move |c| (s, c)))
        .collect();
    let due = carefile_domain::fostering::due::due(record, &cases, cal, cfg, as_of);
    household_items(&record.id, CarerRecord::STREAM, record.worker_on(as_of), &due, cal, cfg, as_of)
}

/// Prospective adopters' tray items on `as_of`.
pub fn adopter_items(record: &AdopterRecord, cal: &Calendar, cfg: &Config, as_of: NaiveDate) -> Vec<TrayItem> {
    // Whether a child has been placed is on the children's records: the approval's review
    // stays due until the approval ends.
    let due = carefile_domain::adopters::due::due(record, None, cal, cfg, as_of);
    household_items(&record.id, AdopterRecord::STREAM, record.worker_on(as_of), &due, cal, cfg, as_of)
}

/// The tray items of a panel sitting: cases waiting for the agency decision maker, and actions
/// not yet verified.
pub fn sitting_items(sitting: &Sitting, cal: &Calendar, cfg: &Config) -> Vec<TrayItem> {
    let subject = |household: &Option<HouseholdId>, child: &Option<carefile_domain::ChildId>| match (household, child) {
        (Some(h), _) => Subject::Household(h.clone()),
        (None, Some(c)) => Subject::Child(c.clone()),
        (None, None) => Subject::None,
    };
    let mut out = Vec::new();
    if sitting.cancelled.is_some() {
        return out;
    }
    let decide_by = cfg.panels.adm_decision.after(cal, sitting.date);
    for c in sitting.cases.iter().filter(|c| c.awaits_decision()) {
        out.push(TrayItem {
            owner: Owner::Role(AGENCY_DECISION_MAKER.into()),
            subject: subject(&c.household, &c.child),
            kind: Kind::Decision,
            title: format!("Decide: {} (panel of {})", c.business.label(), sitting.date),
            due: Some(Moment::day(decide_by)),
            target: Target::Sitting { sitting: sitting.id.clone(), case: Some(c.no), action: None },
        });
    }
    for a in &sitting.actions {
        let case = a.case.and_then(|n| sitting.case(n));
        let about = case.map_or(Subject::None, |c| subject(&c.household, &c.child));
        let (owner, title) = match &a.status {
            ActionStatus::Open => (Owner::Worker(a.owner.clone()), format!("Panel action: {}", a.what)),
            ActionStatus::Done { by, .. } => {
                (Owner::Role(PANEL_ADVISER.into()), format!("Verify the panel action done by {by}: {}", a.what))
            }
            ActionStatus::Verified { .. } => continue,
        };
        out.push(TrayItem {
            owner,
            subject: about,
            kind: Kind::PanelAction,
            title,
            due: Some(Moment::day(a.due)),
            target: Target::Sitting { sitting: sitting.id.clone(), case: a.case, action: Some(a.no) },
        });
    }
    out
}

#[cfg(test)]
mod tests;
