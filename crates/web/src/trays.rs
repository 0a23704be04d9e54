//! Trays (decision 003): the work on the tasks and plans streams, kept by the
//! log follower like the children's index, and each person's tray assembled
//! from it and from the children's index (due items and requests).

use crate::auth::SignedIn;
use crate::follower::IndexPart;
use carefile_domain::access::Role;
use carefile_domain::plans::Plan;
use carefile_domain::stream::Projection;
use carefile_store::{Change, EventStore, StoreError, Subjects};
use carefile_work::{Owner, SourceKey, Task, TaskId, TrayItem, Trays};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::sync::RwLock;

/// Tasks and plans on trays.
#[derive(Default)]
pub struct WorkPart(pub RwLock<Trays>);

fn task_key(id: &TaskId) -> SourceKey {
    SourceKey { source: Task::STREAM, subject: id.to_string() }
}

fn plan_key(id: &str) -> SourceKey {
    SourceKey { source: Plan::STREAM, subject: id.to_string() }
}

impl IndexPart for WorkPart {
    fn name(&self) -> &'static str {
        "trays"
    }

    fn rebuild(&self, store: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        let mut trays = Trays::default();
        for (t, _) in store.subjects::<Task>(None)? {
            trays.put(task_key(&t.id), t.tray_items());
        }
        for (p, _) in store.subjects::<Plan>(None)? {
            trays.put(plan_key(p.id.as_str()), carefile_work::plans::tray_items(&p));
        }
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = trays;
        Ok(())
    }

    fn apply(&self, changes: &[Change], store: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        let changed: BTreeSet<(&str, &str)> = changes
            .iter()
            .filter(|c| c.stream == Task::STREAM || c.stream == Plan::STREAM)
            .map(|c| (c.stream.as_str(), c.subject.as_str()))
            .collect();
        let mut fresh = Vec::with_capacity(changed.len());
        for (stream, subject) in changed {
            let bad = |e: carefile_domain::ids::BadId| StoreError::Corrupt(format!("{stream} subject: {e}"));
            if stream == Task::STREAM {
                let id = TaskId::new(subject).map_err(bad)?;
                let items = store.subject::<Task>(&id)?.map(|(t, _)| t.tray_items()).unwrap_or_default();
                fresh.push((task_key(&id), items));
            } else {
                let id = carefile_domain::plans::PlanId::new(subject).map_err(bad)?;
                let items =
                    store.subject::<Plan>(&id)?.map(|(p, _)| carefile_work::plans::tray_items(&p)).unwrap_or_default();
                fresh.push((plan_key(subject), items));
            }
        }
        let mut trays = self.0.write().unwrap_or_else(|p| p.into_inner());
        for (key, items) in fresh {
            trays.put(key, items);
        }
        Ok(())
    }
}

/// Whose items make up `user`'s own tray: their account's, their staff
/// record's, and for a team manager their team's queue.
pub fn owners(user: &SignedIn) -> Vec<Owner> {
    let mut out = vec![Owner::User(user.username.clone())];
    out.extend(user.worker.clone().map(Owner::Worker));
    if user.role == Role::TeamManager {
        out.extend(user.team.clone().map(Owner::Team));
    }
    out.push(Owner::Role(user.role.code().to_string()));
    out
}

/// The items of `owners` from both sources, in tray order.
pub fn tray(children: &Trays, work: &Trays, owners: &[Owner], today: NaiveDate) -> Vec<TrayItem> {
    let mut items: Vec<&TrayItem> = children.tray(owners, today);
    items.extend(work.tray(owners, today));
    carefile_work::tray::sort(&mut items, today);
    items.into_iter().cloned().collect()
}
