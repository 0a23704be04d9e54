//! Data quality on the live record (#18): a manager accepts a finding of the statutory returns'
//! rules about a child for a while (a value that is truly unknown, a rule the authority has agreed
//! with the DfE to leave), saying why and until when; the finding stays listed but is counted
//! apart until then. The `finding_acceptance` stream, keyed by the child, keeps every acceptance
//! and its early end as dated facts, so what was accepted on any past day can be told from the log.
//!
//! Also the tray items for values a return needs and the record does not hold (decision 003):
//! the export leaves them blank, never invented, and the child's worker is asked to record them.

use crate::task::text;
use crate::transfer::By;
use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::stream::{Projection, Stamp, StreamEvent};
use carefile_domain::{ChildId, ChildRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest reason.
pub const MAX_REASON: usize = 2000;
/// Longest acceptance, in days: findings are looked at again at least once a year.
pub const MAX_DAYS: i64 = 366;

/// Which finding of a child: the return (`ssda903`, `cin`), the rule's code and the table it was
/// found in. Every row of that table for the child is covered (a child's rows of one table are
/// one fault more often than not, and row numbers move as the record changes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FindingKey {
    pub ret: String,
    pub rule: String,
    pub table: String,
}

/// A fact about the findings accepted on a child's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AcceptanceEvent {
    /// A manager accepted the finding through `until` (inclusive), saying why.
    Accepted {
        #[serde(flatten)]
        key: FindingKey,
        reason: String,
        until: NaiveDate,
    },
    /// The acceptance ended before its date: the finding counts again.
    Ended {
        #[serde(flatten)]
        key: FindingKey,
        reason: String,
    },
}

impl AcceptanceEvent {
    pub fn key(&self) -> &FindingKey {
        match self {
            AcceptanceEvent::Accepted { key, .. } | AcceptanceEvent::Ended { key, .. } => key,
        }
    }
}

impl StreamEvent for AcceptanceEvent {
    fn kind(&self) -> &'static str {
        match self {
            AcceptanceEvent::Accepted { .. } => "finding_accepted",
            AcceptanceEvent::Ended { .. } => "acceptance_ended",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        None
    }
}

/// One acceptance of a finding, and its early end if it had one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    pub key: FindingKey,
    pub reason: String,
    pub accepted: By,
    pub until: NaiveDate,
    pub ended: Option<(By, String)>,
}

impl Acceptance {
    /// Whether it stood on `date`: made by then, not past its date, not ended by then.
    pub fn stood_on(&self, date: NaiveDate) -> bool {
        self.accepted.at.date_naive() <= date
            && date <= self.until
            && self.ended.as_ref().is_none_or(|(by, _)| by.at.date_naive() > date)
    }
}

/// Every acceptance on one child's record, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptances {
    pub child: ChildId,
    pub history: Vec<Acceptance>,
}

impl Acceptances {
    /// The acceptance of `key` that stood on `date`.
    pub fn on(&self, key: &FindingKey, date: NaiveDate) -> Option<&Acceptance> {
        self.history.iter().rev().find(|a| &a.key == key && a.stood_on(date))
    }
}

impl Projection for Acceptances {
    const STREAM: &'static str = "finding_acceptance";
    type Id = ChildId;
    type Event = AcceptanceEvent;

    fn start(id: &ChildId, at: Stamp, event: &AcceptanceEvent) -> Result<Self, String> {
        let mut a = Acceptances { child: id.clone(), history: Vec::new() };
        a.apply(at, event)?;
        Ok(a)
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn apply(&mut self, at: Stamp, event: &AcceptanceEvent) -> Result<(), String> {
        let today = at.recorded.at.date_naive();
        let by = By { by: at.recorded.by.clone(), at: at.recorded.at };
        let key = event.key();
        for (what, value) in [("the return", &key.ret), ("the rule", &key.rule), ("the table", &key.table)] {
            text(what, value, 64, true)?;
        }
        match event {
            AcceptanceEvent::Accepted { reason, until, .. } => {
                text("the reason", reason, MAX_REASON, true)?;
                if *until < today {
                    return Err(format!("the acceptance ends on {until}, before the day it is made ({today})"));
                }
                if (*until - today).num_days() > MAX_DAYS {
                    return Err(format!("a finding is accepted for at most {MAX_DAYS} days"));
                }
                if let Some(a) = self.on(key, today) {
                    return Err(format!("rule {} is already accepted until {}", key.rule, a.until));
                }
                self.history.push(Acceptance {
                    key: key.clone(),
                    reason: reason.trim().to_string(),
                    accepted: by,
                    until: *until,
                    ended: None,
                });
            }
            AcceptanceEvent::Ended { reason, .. } => {
                text("the reason", reason, MAX_REASON, true)?;
                let current = self.history.iter_mut().rev().find(|a| &a.key == key && a.stood_on(today));
                let a = current.ok_or_else(|| format!("rule {} is not accepted now", key.rule))?;
                a.ended = Some((by, reason.trim().to_string()));
            }
        }
        Ok(())
    }
}

/// A value a return needs that a child's record does not hold (the export left it blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub key: FindingKey,
    /// What to record, for the tray.
    pub title: String,
    /// The kind of entry whose form records it.
    pub form: &'static str,
}

/// A child's missing values on `as_of` as tray items for the allocated worker (the team's queue
/// for a child without one; the unallocated list for a child no team holds), those accepted on
/// that day left out. Undated: the return's deadline is the authority's, not the worker's.
pub fn missing_items(
    record: &ChildRecord,
    missing: &[Missing],
    accepted: Option<&Acceptances>,
    as_of: NaiveDate,
) -> Vec<TrayItem> {
    let allocation = record.allocation_on(as_of);
    let owner = match (allocation.and_then(|a| a.worker.clone()), allocation.and_then(|a| a.team.clone())) {
        (Some(w), _) => Owner::Worker(w),
        (None, Some(t)) => Owner::Team(t),
        (None, None) => Owner::Unallocated,
    };
    missing
        .iter()
        .filter(|m| accepted.is_none_or(|a| a.on(&m.key, as_of).is_none()))
        .map(|m| TrayItem {
            owner: owner.clone(),
            subject: Subject::Child(record.id.clone()),
            kind: Kind::DataQuality,
            title: m.title.clone(),
            due: None,
            target: Target::Fix { child: record.id.clone(), form: m.form },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::Recorded;
    use chrono::{TimeZone, Utc};

    fn key() -> FindingKey {
        FindingKey { ret: "ssda903".into(), rule: "CF-URN".into(), table: "Episodes".into() }
    }

    fn fold(events: &[(&str, AcceptanceEvent)]) -> Result<Option<Acceptances>, String> {
        let id = ChildId::new("C0000001").unwrap();
        let recorded: Vec<Recorded> = events
            .iter()
            .map(|(day, _)| {
                let d: NaiveDate = day.parse().unwrap();
                Recorded::new(Utc.from_utc_datetime(&d.and_hms_opt(10, 0, 0).unwrap()), "tm", None)
            })
            .collect();
        let stamped = events.iter().zip(&recorded).enumerate().map(|(i, ((_, e), r))| {
            (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)
        });
        Acceptances::replay(&id, stamped).map_err(|e| e.message)
    }

    fn accepted(until: &str) -> AcceptanceEvent {
        AcceptanceEvent::Accepted { key: key(), reason: "the agency has no URN yet".into(), until: until.parse().unwrap() }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_acceptance_stands_from_its_day_to_its_date_or_its_end() {
        let ended = AcceptanceEvent::Ended { key: key(), reason: "the URN is known now".into() };
        let a = fold(&[("2026-01-10", accepted("2026-03-31")), ("2026-02-20", ended)]).unwrap().unwrap();
        assert!(a.on(&key(), day("2026-01-09")).is_none(), "not before it was made");
        assert!(a.on(&key(), day("2026-01-10")).is_some());
        assert!(a.on(&key(), day("2026-02-19")).is_some());
        assert!(a.on(&key(), day("2026-02-20")).is_none(), "ended that day");
        let other = FindingKey { rule: "103".into(), ..key() };
        assert!(a.on(&other, day("2026-01-11")).is_none(), "another rule is not accepted");

        let a = fold(&[("2026-01-10", accepted("2026-03-31"))]).unwrap().unwrap();
        assert!(a.on(&key(), day("2026-03-31")).is_some(), "through its date");
        assert!(a.on(&key(), day("2026-04-01")).is_none(), "counted again after it");
        // Accepted again once the first has lapsed.
        assert!(fold(&[("2026-01-10", accepted("2026-03-31")), ("2026-04-02", accepted("2026-06-30"))]).is_ok());
    }

    #[test]
    fn refusals_say_why() {
        let refused = |events: &[(&str, AcceptanceEvent)], why: &str| {
            let e = fold(events).unwrap_err();
            assert!(e.contains(why), "{e}");
        };
        refused(&[("2026-01-10", accepted("2026-01-09"))], "before the day it is made");
        refused(&[("2026-01-10", accepted("2027-03-31"))], "at most 366 days");
        refused(&[("2026-01-10", accepted("2026-03-31")), ("2026-01-11", accepted("2026-02-28"))], "already accepted until 2026-03-31");
        let blank = AcceptanceEvent::Accepted { key: key(), reason: "  ".into(), until: day("2026-02-01") };
        refused(&[("2026-01-10", blank)], "the reason is needed");
        let ended = AcceptanceEvent::Ended { key: key(), reason: "known".into() };
        refused(&[("2026-01-10", ended)], "not accepted now");
        let no_rule = AcceptanceEvent::Accepted { key: FindingKey { rule: String::new(), ..key() }, reason: "r".into(), until: day("2026-02-01") };
        refused(&[("2026-01-10", no_rule)], "the rule is needed");
    }

    #[test]
    fn a_missing_value_is_on_the_workers_tray_until_accepted() {
        use carefile_domain::journey::ChildDetails;
        use carefile_domain::{ChildEvent, TeamId, WorkerId};
        let details = ChildDetails { forename: "Ada".into(), surname: "Example".into(), dob: Some(day("2015-01-01")), ..Default::default() };
        let worker = WorkerId::new("W1").unwrap();
        let allocated = ChildEvent::WorkerAllocated { date: day("2026-01-05"), worker: worker.clone(), team: TeamId::new("T1").unwrap(), reason: None };
        let id = ChildId::new("C0000001").unwrap();
        let record = ChildRecord::replay(&id, &[(1, ChildEvent::Registered { details }), (2, allocated)]).unwrap();
        let missing = [Missing { key: key(), title: "Record the placement's URN".into(), form: "placement_changed" }];
        let items = missing_items(&record, &missing, None, day("2026-01-20"));
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].owner, Owner::Worker(worker));
        assert_eq!(items[0].kind, Kind::DataQuality);
        assert_eq!(items[0].target, Target::Fix { child: id.clone(), form: "placement_changed" });
        // Before the allocation the child's team-less record goes to the unallocated list.
        assert_eq!(missing_items(&record, &missing, None, day("2026-01-01"))[0].owner, Owner::Unallocated);
        let a = fold(&[("2026-01-10", accepted("2026-03-31"))]).unwrap().unwrap();
        assert!(missing_items(&record, &missing, Some(&a), day("2026-01-20")).is_empty(), "accepted: off the tray");
        assert_eq!(missing_items(&record, &missing, Some(&a), day("2026-04-01")).len(), 1, "back once it lapses");
    }
}
