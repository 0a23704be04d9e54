//! Trays (decision 003): the work on the tasks, plans and transfers streams, and carers',
//! adopters' and panels' (decision 007), kept by the log follower like the
//! children's index, and each person's tray assembled from it and from the
//! children's index (due items and requests).

use crate::auth::SignedIn;
use crate::follower::IndexPart;
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::complaints::{Complaint, ComplaintId};
use carefile_domain::fostering::{CarerRecord, Config};
use carefile_domain::panels::Sitting;
use carefile_domain::people::HouseholdId;
use carefile_domain::plans::Plan;
use carefile_domain::Calendar;
use carefile_domain::stream::Projection;
use carefile_store::{Change, EventStore, StoreError, Subjects};
use carefile_domain::ChildId;
use carefile_domain::org::Organisation;
use carefile_work::{Owner, SourceKey, Task, TaskId, Transfers, TrayItem, Trays, households};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

/// Tasks, plans and transfers on trays, and carers', adopters' and panels' work by the
/// authority's fostering and adoption timescales.
pub struct WorkPart(pub RwLock<Trays>, Arc<Config>);

fn task_key(id: &TaskId) -> SourceKey {
    SourceKey { source: Task::STREAM, subject: id.to_string() }
}

fn plan_key(id: &str) -> SourceKey {
    SourceKey { source: Plan::STREAM, subject: id.to_string() }
}

fn key(stream: &'static str, subject: &str) -> SourceKey {
    SourceKey { source: stream, subject: subject.to_string() }
}


impl IndexPart for WorkPart {
    fn name(&self) -> &'static str {
        "trays"
    }

    fn rebuild(&self, store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError> {
        let mut trays = Trays::default();
        for (t, _) in store.subjects::<Task>(None)? {
            trays.put(task_key(&t.id), t.tray_items());
        }
        for (p, _) in store.subjects::<Plan>(None)? {
            trays.put(plan_key(p.id.as_str()), carefile_work::plans::tray_items(&p));
        }
        let transfers = store.subjects::<Transfers>(None)?;
        if !transfers.is_empty() {
            let org = store.organisation()?;
            for (t, _) in transfers {
                trays.put(key(Transfers::STREAM, t.child.as_str()), transfer_items(&t, &org));
            }
        }
        let (cal, cfg) = self.settings();
        let sittings: Vec<Sitting> = store.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
        for (r, _) in store.subjects::<CarerRecord>(None)? {
            trays.put(key(CarerRecord::STREAM, r.id.as_str()), households::carer_items(&r, &sittings, &cal, cfg, today));
        }
        for (r, _) in store.subjects::<AdopterRecord>(None)? {
            trays.put(key(AdopterRecord::STREAM, r.id.as_str()), households::adopter_items(&r, &cal, cfg, today));
        }
        for s in &sittings {
            trays.put(key(Sitting::STREAM, s.id.as_str()), households::sitting_items(s, &cal, cfg));
        }
        for (c, _) in store.subjects::<Complaint>(None)? {
            trays.put(key(Complaint::STREAM, c.id.as_str()), complaint_items(&c, today));
        }
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = trays;
        Ok(())
    }

    fn apply(&self, changes: &[Change], store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError> {
        let changed: BTreeSet<(&str, &str)> = changes
            .iter()
            .filter(|c| c.stream == Task::STREAM || c.stream == Plan::STREAM || c.stream == Transfers::STREAM)
            .map(|c| (c.stream.as_str(), c.subject.as_str()))
            .collect();
        let mut fresh = Vec::with_capacity(changed.len());
        let mut org = None;
        for (stream, subject) in changed {
            let bad = |e: carefile_domain::ids::BadId| StoreError::Corrupt(format!("{stream} subject: {e}"));
            if stream == Transfers::STREAM {
                let id = ChildId::new(subject).map_err(bad)?;
                if org.is_none() {
                    org = Some(store.organisation()?);
                }
                let items = match (&org, store.subject::<Transfers>(&id)?) {
                    (Some(org), Some((t, _))) => transfer_items(&t, org),
                    _ => Vec::new(),
                };
                fresh.push((key(Transfers::STREAM, subject), items));
            } else if stream == Task::STREAM {
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
        fresh.extend(self.households_changed(changes, store, today)?);
        for c in changes.iter().filter(|c| c.stream == Complaint::STREAM) {
            let id = ComplaintId::new(&c.subject).map_err(|e| StoreError::Corrupt(format!("complaint subject: {e}")))?;
            let items = store.subject::<Complaint>(&id)?.map(|(x, _)| complaint_items(&x, today)).unwrap_or_default();
            fresh.push((key(Complaint::STREAM, &c.subject), items));
        }
        let mut trays = self.0.write().unwrap_or_else(|p| p.into_inner());
        for (key, items) in fresh {
            trays.put(key, items);
        }
        Ok(())
    }
}

/// A child's transfer on the receiving or sending team's queue, teams by name.
fn transfer_items(t: &Transfers, org: &Organisation) -> Vec<TrayItem> {
    t.tray_items(|team| crate::ui::text::team(org, team).to_string())
}

/// A complaint's clocks, late decision and lessons on trays (decision 008).
fn complaint_items(c: &Complaint, today: NaiveDate) -> Vec<TrayItem> {
    carefile_work::complaints::tray_items(c, &crate::pages::complaints::clocks(c, today))
}

/// Whose items make up `user`'s own tray: their account's, their staff
/// record's, for a team manager their team's queue, their role's queue and
/// the queues the policy adds to the role's (a manager's officers').
pub fn owners(user: &SignedIn) -> Vec<Owner> {
    let mut out = vec![Owner::User(user.username.clone())];
    out.extend(user.worker.clone().map(Owner::Worker));
    if user.may(crate::pages::TEAM_KEY) {
        out.extend(user.team.clone().map(Owner::Team));
    }
    out.push(Owner::Role(user.role.code().to_string()));
    let queues = user.policy.role(&user.role).map(|r| &r.queues).into_iter().flatten();
    out.extend(queues.map(|q| Owner::Role(q.code().to_string())));
    out
}

/// The items of `owners` from the children's and the work's sources and
/// `more` (break-glass reviews, made afresh), in tray order.
pub fn tray(children: &Trays, work: &Trays, more: &[TrayItem], owners: &[Owner], today: NaiveDate) -> Vec<TrayItem> {
    let mut items: Vec<&TrayItem> = children.tray(owners, today);
    items.extend(work.tray(owners, today));
    items.extend(more.iter().filter(|i| owners.contains(&i.owner)));
    carefile_work::tray::sort(&mut items, today);
    items.into_iter().cloned().collect()
}

impl WorkPart {
    pub fn new(cfg: Arc<Config>) -> WorkPart {
        WorkPart(RwLock::default(), cfg)
    }

    fn settings(&self) -> (Calendar, &Config) {
        (Calendar::england_and_wales(), &self.1)
    }

    /// The carers', adopters' and panels' sources `changes` touch, read afresh: a sitting's
    /// change also reads again the carer households its cases are about (a review listed).
    fn households_changed(
        &self,
        changes: &[Change],
        store: &dyn EventStore,
        today: NaiveDate,
    ) -> Result<Vec<(SourceKey, Vec<TrayItem>)>, StoreError> {
        let of = |stream: &str| -> BTreeSet<&str> {
            changes.iter().filter(|c| c.stream == stream).map(|c| c.subject.as_str()).collect()
        };
        let (carer_ids, adopter_ids, sitting_ids) = (of(CarerRecord::STREAM), of(AdopterRecord::STREAM), of(Sitting::STREAM));
        if carer_ids.is_empty() && adopter_ids.is_empty() && sitting_ids.is_empty() {
            return Ok(vec![]);
        }
        let bad = |e: carefile_domain::ids::BadId| StoreError::Corrupt(format!("household subject: {e}"));
        let (cal, cfg) = self.settings();
        let sittings: Vec<Sitting> = store.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
        let changed: Vec<&Sitting> = sittings.iter().filter(|s| sitting_ids.contains(s.id.as_str())).collect();
        let mut carers: BTreeSet<HouseholdId> =
            carer_ids.iter().map(|h| HouseholdId::new(h)).collect::<Result<_, _>>().map_err(bad)?;
        carers.extend(changed.iter().flat_map(|s| s.cases.iter().filter_map(|c| c.household.clone())));
        let mut out = Vec::new();
        for h in &carers {
            let items = store.subject::<CarerRecord>(h)?.map(|(r, _)| households::carer_items(&r, &sittings, &cal, cfg, today));
            out.push((key(CarerRecord::STREAM, h.as_str()), items.unwrap_or_default()));
        }
        for raw in adopter_ids {
            let h = HouseholdId::new(raw).map_err(bad)?;
            let items = store.subject::<AdopterRecord>(&h)?.map(|(r, _)| households::adopter_items(&r, &cal, cfg, today));
            out.push((key(AdopterRecord::STREAM, raw), items.unwrap_or_default()));
        }
        for s in changed {
            out.push((key(Sitting::STREAM, s.id.as_str()), households::sitting_items(s, &cal, cfg)));
        }
        Ok(out)
    }
}
