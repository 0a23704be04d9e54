//! Tray items, who owns them, their order, and the per-owner index a server
//! keeps of them.

use carefile_domain::people::{HouseholdId, PersonId};
use carefile_domain::panels::SittingId;
use carefile_domain::plans::PlanId;
use carefile_domain::timescales::{Item, Moment};
use carefile_domain::{ChildId, TeamId, WorkerId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Whose tray an item is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Owner {
    /// A member of staff (a child's allocated worker, a task's assignee).
    Worker(WorkerId),
    /// A user account, where the item belongs to whoever recorded something (a returned request).
    User(String),
    /// A team's queue: its managers act on it (authorisations, unallocated children's due items).
    Team(TeamId),
    /// Everyone holding a role, by its code (information governance for overdue break-glass reviews).
    Role(String),
    /// No team holds the child: the authority's unallocated list.
    Unallocated,
}

/// What a tray item is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Child(ChildId),
    Person(PersonId),
    Household(HouseholdId),
    /// Nothing in particular (a task about a team's practice).
    None,
}

/// What acting on an item opens; the web application turns it into a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// The form that meets a due item on a child's record.
    Meet {
        child: ChildId,
        item: Item,
    },
    /// A pending authorisation request of a child.
    Authorisation {
        child: ChildId,
        no: u32,
    },
    Task {
        task: crate::TaskId,
    },
    /// A plan on a child's record (its sign-off), or one of its actions.
    Plan {
        child: ChildId,
        plan: PlanId,
        action: Option<u32>,
    },
    /// A child's record.
    Child {
        child: ChildId,
    },
    /// The form (by its stored kind) that meets a due item on a household's fostering or
    /// adopters' record (`stream`).
    Household {
        household: HouseholdId,
        stream: &'static str,
        form: &'static str,
    },
    /// A panel sitting: a case to decide, or an action.
    Sitting {
        sitting: SittingId,
        case: Option<u32>,
        action: Option<u32>,
    },
    /// The reviewing officer's or chair's own record of a child.
    Reviewing {
        child: ChildId,
    },
    /// A child's transfer between teams.
    Transfer {
        child: ChildId,
        no: u32,
    },
    /// A complaint (decision 008), or one of its lessons.
    Complaint {
        complaint: carefile_domain::complaints::ComplaintId,
        lesson: Option<u32>,
    },
    /// The form (by its stored kind) on a child's record that records a value a return needs.
    Fix {
        child: ChildId,
        form: &'static str,
    },
    /// A break-glass opening to review: who opened which record, when (Unix microseconds).
    BreakGlass {
        child: ChildId,
        user: String,
        at: i64,
    },
}

/// What kind of work an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A statutory due item (the domain's timescale engine).
    Due,
    /// A step waiting for a manager.
    Authorisation,
    /// A request sent back to its author with the manager's reasons.
    Returned,
    /// A task someone set.
    Task,
    /// An action of a plan.
    PlanAction,
    /// A case heard by a panel, for the agency decision maker.
    Decision,
    /// An action a panel or the agency decision maker set.
    PanelAction,
    /// Someone else's item overdue past its margin, for their managers.
    Escalation,
    /// A complaint's decision or a lesson learned from it.
    Complaint,
    /// A transfer proposed to the team, or one the receiving team declined.
    Transfer,
    /// A break-glass opening by one of the team, to review.
    BreakGlass,
    /// A value a statutory return needs that the record does not hold.
    DataQuality,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Due,
        Kind::Authorisation,
        Kind::Returned,
        Kind::Task,
        Kind::PlanAction,
        Kind::Decision,
        Kind::PanelAction,
        Kind::Escalation,
        Kind::Complaint,
        Kind::Transfer,
        Kind::BreakGlass,
        Kind::DataQuality,
    ];

    /// The kind's code, as stored and as a tray's filter names it (`plan_action`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Due => "due",
            Kind::Authorisation => "authorisation",
            Kind::Returned => "returned",
            Kind::Task => "task",
            Kind::PlanAction => "plan_action",
            Kind::Decision => "decision",
            Kind::PanelAction => "panel_action",
            Kind::Escalation => "escalation",
            Kind::Complaint => "complaint",
            Kind::Transfer => "transfer",
            Kind::BreakGlass => "break_glass",
            Kind::DataQuality => "data_quality",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Due => "Due",
            Kind::Authorisation => "Authorisation",
            Kind::Returned => "Returned to you",
            Kind::Task => "Task",
            Kind::PlanAction => "Plan action",
            Kind::Decision => "Decision",
            Kind::PanelAction => "Panel action",
            Kind::Escalation => "Escalated",
            Kind::Complaint => "Complaint",
            Kind::Transfer => "Transfer",
            Kind::BreakGlass => "Break glass",
            Kind::DataQuality => "Data quality",
        }
    }
}

/// One thing a person must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrayItem {
    pub owner: Owner,
    pub subject: Subject,
    pub kind: Kind,
    pub title: String,
    /// When it is due (with the time for hour limits); `None`: undated.
    pub due: Option<Moment>,
    pub target: Target,
}

impl TrayItem {
    /// Whole days past the due date on `today` (0 when not yet overdue or undated).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        self.due.map_or(0, |d| (today - d.date).num_days().max(0))
    }

    /// Overdue on `today`: an hour limit passes on its day, a date limit after it.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.due.is_some_and(|d| if d.time.is_some() { d.date <= today } else { d.date < today })
    }
}

/// The tray's order: most days overdue first, then by due date (and time),
/// then undated items; ties by title so the order is stable.
pub fn sort(items: &mut [&TrayItem], today: NaiveDate) {
    items.sort_by(|a, b| {
        let key = |i: &TrayItem| (i.due.is_none(), std::cmp::Reverse(i.days_overdue(today)), i.due);
        key(a).cmp(&key(b)).then_with(|| a.title.cmp(&b.title))
    });
}

/// Where a set of items came from: a stream and subject (a child's due items
/// and requests, one task). A source's items are replaced whole when its
/// subject changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceKey {
    pub source: &'static str,
    pub subject: String,
}

/// Every tray, indexed by owner. Pure: whoever follows the log calls
/// [`Trays::put`] with a subject's items each time it changes.
#[derive(Debug, Default)]
pub struct Trays {
    items: BTreeMap<SourceKey, Vec<TrayItem>>,
    by_owner: BTreeMap<Owner, BTreeSet<SourceKey>>,
}

impl Trays {
    /// Replaces the items of one source (none removes it).
    pub fn put(&mut self, key: SourceKey, items: Vec<TrayItem>) {
        if let Some(old) = self.items.remove(&key) {
            for i in &old {
                if let Some(keys) = self.by_owner.get_mut(&i.owner) {
                    keys.remove(&key);
                    if keys.is_empty() {
                        self.by_owner.remove(&i.owner);
                    }
                }
            }
        }
        if items.is_empty() {
            return;
        }
        for i in &items {
            self.by_owner.entry(i.owner.clone()).or_default().insert(key.clone());
        }
        self.items.insert(key, items);
    }

    /// The items of any of `owners`, in tray order on `today`.
    pub fn tray<'a>(&'a self, owners: &[Owner], today: NaiveDate) -> Vec<&'a TrayItem> {
        let keys: BTreeSet<&SourceKey> = owners.iter().filter_map(|o| self.by_owner.get(o)).flatten().collect();
        let mut out: Vec<&TrayItem> = keys
            .into_iter()
            .filter_map(|k| self.items.get(k))
            .flatten()
            .filter(|i| owners.contains(&i.owner))
            .collect();
        sort(&mut out, today);
        out
    }

    /// How many items each owner has.
    pub fn count(&self, owner: &Owner) -> usize {
        self.by_owner
            .get(owner)
            .into_iter()
            .flatten()
            .filter_map(|k| self.items.get(k))
            .flatten()
            .filter(|i| i.owner == *owner)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, due: Option<&str>, owner: Owner) -> TrayItem {
        let child = ChildId::new("C1").unwrap();
        TrayItem {
            owner,
            subject: Subject::Child(child.clone()),
            kind: Kind::Task,
            title: title.into(),
            due: due.map(|d| Moment::day(d.parse().unwrap())),
            target: Target::Child { child },
        }
    }

    #[test]
    fn most_overdue_first_then_due_date_then_undated() {
        let w = Owner::Worker(WorkerId::new("W1").unwrap());
        let today: NaiveDate = "2026-03-31".parse().unwrap();
        let items = [
            item("undated", None, w.clone()),
            item("due later", Some("2026-04-10"), w.clone()),
            item("overdue a little", Some("2026-03-30"), w.clone()),
            item("due today", Some("2026-03-31"), w.clone()),
            item("overdue a lot", Some("2026-01-01"), w.clone()),
        ];
        let mut refs: Vec<&TrayItem> = items.iter().collect();
        sort(&mut refs, today);
        let titles: Vec<&str> = refs.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["overdue a lot", "overdue a little", "due today", "due later", "undated"]);
        assert!(items[2].is_overdue(today) && !items[3].is_overdue(today));
        assert_eq!(items[4].days_overdue(today), 89);
    }

    #[test]
    fn every_kind_has_its_serialised_code() {
        for k in Kind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(k.code().into()));
        }
    }

    #[test]
    fn trays_follow_their_sources() {
        let (w1, w2) = (Owner::Worker(WorkerId::new("W1").unwrap()), Owner::Worker(WorkerId::new("W2").unwrap()));
        let today: NaiveDate = "2026-03-31".parse().unwrap();
        let key = |s: &str| SourceKey { source: "task", subject: s.into() };
        let mut trays = Trays::default();
        trays.put(key("K1"), vec![item("a", None, w1.clone())]);
        trays.put(key("K2"), vec![item("b", None, w1.clone()), item("c", None, w2.clone())]);
        assert_eq!(trays.count(&w1), 2);
        assert_eq!(trays.tray(std::slice::from_ref(&w2), today).len(), 1);
        // Reassigned: the item leaves one tray for the other.
        trays.put(key("K1"), vec![item("a", None, w2.clone())]);
        assert_eq!(trays.count(&w1), 1);
        assert_eq!(trays.count(&w2), 2);
        trays.put(key("K2"), vec![]);
        assert_eq!(trays.count(&w1), 0);
        assert_eq!(trays.tray(&[w1, w2], today).len(), 1);
    }
}
