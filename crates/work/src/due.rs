//! A child's statutory due items as tray items (decision 003): the domain says
//! what is due; this says whose tray it lands on.

use crate::authorisation::Requests;
use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::timescales::{Deadline, Item};
use carefile_domain::{ChildRecord, TeamId};
use chrono::NaiveDate;

/// Items only a manager can meet: they go to the team's queue whoever holds the case.
pub fn for_manager(item: Item) -> bool {
    matches!(item, Item::ContactDecision | Item::ReferralDecision | Item::MissingEscalation)
}

/// The role whose holders take a child's PEPs when no Virtual School officer follows the child
/// (decision 001's code).
pub const VIRTUAL_SCHOOL_OFFICER: &str = "virtual-school-officer";

/// The Virtual School's items: the child's education officer meets them, not the social worker.
pub fn for_virtual_school(item: Item) -> bool {
    matches!(item, Item::PepInitial | Item::PepTermly | Item::PepEarlyYears)
}

/// Whose tray a due item of a child allocated to `worker` in `team` lands on:
/// the worker's; the team's queue for a manager's item or an unallocated
/// child; the authority's unallocated list when no team holds the child.
pub fn owner(item: Item, worker: Option<&carefile_domain::WorkerId>, team: Option<&TeamId>) -> Owner {
    match (worker, team) {
        (Some(w), _) if !for_manager(item) => Owner::Worker(w.clone()),
        (_, Some(t)) => Owner::Team(t.clone()),
        (Some(w), None) => Owner::Worker(w.clone()),
        (None, None) => Owner::Unallocated,
    }
}

/// Everything on trays from one child's record on `as_of`: open due items
/// (those a pending request stands in for left out) and the child's requests.
pub fn child_items(
    record: &ChildRecord,
    deadlines: &[Deadline],
    requests: Option<&Requests>,
    as_of: NaiveDate,
) -> Vec<TrayItem> {
    let allocation = record.allocation_on(as_of);
    let worker = allocation.and_then(|a| a.worker.as_ref());
    let team = allocation.and_then(|a| a.team.as_ref());
    let covered = requests.map(|r| r.covers(record)).unwrap_or_default();
    let officer = record.education.officer_on(as_of);
    let mut out: Vec<TrayItem> = deadlines
        .iter()
        .filter(|d| d.status.is_open() && d.ended.is_none())
        .filter(|d| !covered.contains(&(d.item, d.from.at.date)))
        .map(|d| TrayItem {
            owner: match officer {
                _ if !for_virtual_school(d.item) => owner(d.item, worker, team),
                Some(o) => Owner::Worker(o.clone()),
                None => Owner::Role(VIRTUAL_SCHOOL_OFFICER.into()),
            },
            subject: Subject::Child(record.id.clone()),
            kind: Kind::Due,
            title: if d.occurrence > 1 {
                format!("{} ({})", d.item.label(), d.occurrence)
            } else {
                d.item.label().to_string()
            },
            due: Some(d.due),
            target: Target::Meet { child: record.id.clone(), item: d.item },
        })
        .collect();
    if let Some(r) = requests {
        out.extend(r.tray_items(record, deadlines));
    }
    out
}
