//! Tasks people set one another (a manager's direction, a supervision action):
//! the `task` stream, one subject per task, so a task has a history like any fact.

use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::stream::{Projection, Stamp, StreamEvent, check_date};
use carefile_domain::timescales::Moment;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

carefile_domain::numbered_id!(
    /// A task: `K` and digits.
    TaskId, "K", "task ID"
);

/// Longest title, and longest detail or note.
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4000;

/// A fact about a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TaskEvent {
    Set {
        title: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        detail: String,
        about: Subject,
        owner: Owner,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    Reassigned {
        owner: Owner,
    },
    /// A new due date (or none), with why.
    Rescheduled {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
        reason: String,
    },
    Done {
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    Cancelled {
        reason: String,
    },
}

impl StreamEvent for TaskEvent {
    fn kind(&self) -> &'static str {
        match self {
            TaskEvent::Set { .. } => "set",
            TaskEvent::Reassigned { .. } => "reassigned",
            TaskEvent::Rescheduled { .. } => "rescheduled",
            TaskEvent::Done { .. } => "done",
            TaskEvent::Cancelled { .. } => "cancelled",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            TaskEvent::Done { date, .. } => Some(*date),
            _ => None,
        }
    }
}

/// Where a task stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    Done { date: NaiveDate, by: String, note: String },
    Cancelled { by: String, reason: String },
}

/// A task as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub detail: String,
    pub about: Subject,
    pub owner: Owner,
    pub due: Option<NaiveDate>,
    /// The user who set it, and the day.
    pub set_by: String,
    pub set_on: NaiveDate,
    pub status: TaskStatus,
}

impl Task {
    pub fn is_open(&self) -> bool {
        self.status == TaskStatus::Open
    }

    /// The task on its owner's tray while it is open.
    pub fn tray_items(&self) -> Vec<TrayItem> {
        if !self.is_open() {
            return Vec::new();
        }
        vec![TrayItem {
            owner: self.owner.clone(),
            subject: self.about.clone(),
            kind: Kind::Task,
            title: self.title.clone(),
            due: self.due.map(Moment::day),
            target: Target::Task { task: self.id.clone() },
        }]
    }
}

pub(crate) fn text(what: &str, value: &str, max: usize, required: bool) -> Result<(), String> {
    if required && value.trim().is_empty() {
        return Err(format!("{what} is needed"));
    }
    if value.chars().count() > max {
        return Err(format!("{what} is at most {max} characters"));
    }
    Ok(())
}

/// A task goes to a person or a team's queue.
fn assignable(owner: &Owner) -> Result<(), String> {
    match owner {
        Owner::Worker(_) | Owner::User(_) | Owner::Team(_) => Ok(()),
        Owner::Role(_) | Owner::Unallocated => Err("a task is set for a member of staff or a team".into()),
    }
}

impl Projection for Task {
    const STREAM: &'static str = "task";
    type Id = TaskId;
    type Event = TaskEvent;

    fn start(id: &TaskId, at: Stamp, event: &TaskEvent) -> Result<Self, String> {
        let TaskEvent::Set { title, detail, about, owner, due } = event else {
            return Err("a task starts when it is set".into());
        };
        text("a title", title, MAX_TITLE, true)?;
        text("the detail", detail, MAX_TEXT, false)?;
        assignable(owner)?;
        if let Some(d) = due {
            check_due(*d)?;
        }
        Ok(Task {
            id: id.clone(),
            title: title.trim().to_string(),
            detail: detail.trim().to_string(),
            about: about.clone(),
            owner: owner.clone(),
            due: *due,
            set_by: at.recorded.by.clone(),
            set_on: at.recorded.at.date_naive(),
            status: TaskStatus::Open,
        })
    }

    fn apply(&mut self, at: Stamp, event: &TaskEvent) -> Result<(), String> {
        if !self.is_open() {
            return Err("the task is closed".into());
        }
        match event {
            TaskEvent::Set { .. } => return Err("the task is already set".into()),
            TaskEvent::Reassigned { owner } => {
                assignable(owner)?;
                if *owner == self.owner {
                    return Err("the task is already theirs".into());
                }
                self.owner = owner.clone();
            }
            TaskEvent::Rescheduled { due, reason } => {
                text("a reason", reason, MAX_TEXT, true)?;
                if let Some(d) = due {
                    check_due(*d)?;
                }
                self.due = *due;
            }
            TaskEvent::Done { date, note } => {
                check_date(*date, at)?;
                text("the note", note, MAX_TEXT, false)?;
                if *date < self.set_on {
                    return Err(format!("{date} is before the task was set on {}", self.set_on));
                }
                self.status =
                    TaskStatus::Done { date: *date, by: at.recorded.by.clone(), note: note.trim().to_string() };
            }
            TaskEvent::Cancelled { reason } => {
                text("a reason", reason, MAX_TEXT, true)?;
                self.status = TaskStatus::Cancelled { by: at.recorded.by.clone(), reason: reason.trim().to_string() };
            }
        }
        Ok(())
    }
}

fn check_due(d: NaiveDate) -> Result<(), String> {
    let year = chrono::Datelike::year(&d);
    if !(1900..=2200).contains(&year) {
        return Err(format!("{d} is not a plausible due date"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::{ChildId, Recorded, WorkerId};
    use chrono::TimeZone;

    fn fold(events: &[(&str, TaskEvent)]) -> Result<Option<Task>, carefile_domain::stream::StreamError> {
        let recs: Vec<Recorded> = events
            .iter()
            .map(|(by, _)| Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap(), *by, None))
            .collect();
        let id = TaskId::new("K000001").unwrap();
        Task::replay(
            &id,
            events
                .iter()
                .zip(&recs)
                .enumerate()
                .map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)),
        )
    }
    fn set(owner: &str) -> TaskEvent {
        TaskEvent::Set {
            title: "Visit the child at school".into(),
            detail: String::new(),
            about: Subject::Child(ChildId::new("C1").unwrap()),
            owner: Owner::Worker(WorkerId::new(owner).unwrap()),
            due: Some("2026-03-20".parse().unwrap()),
        }
    }

    #[test]
    fn a_task_is_set_reassigned_and_done_with_its_history() {
        let t = fold(&[
            ("tm", set("W1")),
            ("tm", TaskEvent::Reassigned { owner: Owner::Worker(WorkerId::new("W2").unwrap()) }),
            ("sw2", TaskEvent::Done { date: "2026-03-02".parse().unwrap(), note: "seen".into() }),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(t.set_by, "tm");
        assert!(matches!(&t.status, TaskStatus::Done { by, .. } if by == "sw2"));
        assert!(t.tray_items().is_empty());

        let open = fold(&[("tm", set("W1"))]).unwrap().unwrap();
        let items = open.tray_items();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].owner, Owner::Worker(WorkerId::new("W1").unwrap()));

        let refused = |events: &[(&str, TaskEvent)]| fold(events).unwrap_err().message;
        let done = TaskEvent::Done { date: "2026-03-02".parse().unwrap(), note: String::new() };
        assert!(refused(&[("tm", set("W1")), ("sw", done.clone()), ("sw", done)]).contains("closed"));
        assert!(refused(&[("tm", set("W1")), ("tm", TaskEvent::Cancelled { reason: " ".into() })]).contains("reason"));
        let TaskEvent::Set { detail, about, owner, due, .. } = set("W1") else { unreachable!() };
        let blank = TaskEvent::Set { title: "".into(), detail, about, owner, due };
        assert!(refused(&[("tm", blank)]).contains("title"));
        let future = TaskEvent::Done { date: "2026-04-02".parse().unwrap(), note: String::new() };
        assert!(refused(&[("tm", set("W1")), ("sw", future)]).contains("after"));
    }
}
