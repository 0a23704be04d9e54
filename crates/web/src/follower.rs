//! The log follower (decision 006): the only thing that changes what a
//! server holds in memory about the record. It keeps the last `seq` it has
//! applied and catches up with the events after it, in order, handing each
//! batch to every [`IndexPart`]; a write made by this server, another server
//! or the command line reaches every server the same way. It is woken by
//! PostgreSQL's NOTIFY where there is one and polls otherwise, and a handler
//! that has written calls [`Follower::catch_up`] before answering, so a user
//! always sees their own write.
//!
//! Adding a part (a tray, households…): implement [`IndexPart`] so that
//! applying a change re-reads what it needs from the store (a subject's
//! projection, a stream folded whole), never folds the change into what it
//! holds: a part may be handed a change whose effect it already read, and
//! must end the same. Register it in `AppState::open_with`.

use carefile_domain::people::Merge;
use carefile_domain::reviewing::ReviewingRecord;
use carefile_domain::stream::Projection;
use carefile_domain::{ChildId, ChildRecord};
use carefile_store::Subjects;
use carefile_work::{Acceptances, Requests};
use std::collections::HashMap;
use carefile_domain::access::Accounts;
use carefile_domain::org::Organisation;
use carefile_store::{Change, EventStore, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::index::Index;

/// Something a server keeps in memory, kept up to date from the log.
pub trait IndexPart: Send + Sync {
    /// A name for logs and metrics.
    fn name(&self) -> &'static str;
    /// Builds the part afresh from the store, as of `today`.
    fn rebuild(&self, store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError>;
    /// Takes in a batch of the log's changes (in `seq` order, audit left out).
    fn apply(&self, changes: &[Change], store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError>;
}

/// Events per batch read from the log.
const BATCH: usize = 2_000;
/// Further behind than this, the parts are rebuilt instead of fed the changes
/// (an import by the command line, a restore).
const REBUILD_GAP: u64 = 50_000;

/// Where the follower stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Every change up to this `seq` is applied.
    pub applied: u64,
    /// The log's last `seq` when last looked at.
    pub seen: u64,
    /// When a catch-up last applied everything the log then held.
    pub caught_up_at: Option<DateTime<Utc>>,
}

/// Follows the log into the parts.
pub struct Follower {
    parts: Vec<Arc<dyn IndexPart>>,
    applied: AtomicU64,
    seen: AtomicU64,
    caught_up_at: Mutex<Option<DateTime<Utc>>>,
    /// The date the parts were built for.
    today: Mutex<Option<NaiveDate>>,
}

impl Follower {
    pub fn new(parts: Vec<Arc<dyn IndexPart>>) -> Follower {
        Follower {
            parts,
            applied: AtomicU64::new(0),
            seen: AtomicU64::new(0),
            caught_up_at: Mutex::new(None),
            today: Mutex::new(None),
        }
    }

    pub fn position(&self) -> Position {
        Position {
            applied: self.applied.load(Ordering::Acquire),
            seen: self.seen.load(Ordering::Acquire),
            caught_up_at: *self.caught_up_at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Whether the parts were built at all.
    pub fn built(&self) -> bool {
        self.today.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// Applies every change up to the log's last `seq` now, reading through
    /// `store` (rebuilding first if `today` moved on); returns how far it has
    /// applied. Catch-ups never overlap: a second waits for the first.
    pub fn catch_up(&self, store: &dyn EventStore, today: NaiveDate, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut built = self.today.lock().unwrap_or_else(|p| p.into_inner());
        let applied = self.apply_upto(store, today, &mut built)?;
        *self.caught_up_at.lock().unwrap_or_else(|p| p.into_inner()) = Some(now);
        Ok(applied)
    }

    fn apply_upto(
        &self,
        store: &dyn EventStore,
        today: NaiveDate,
        built: &mut Option<NaiveDate>,
    ) -> Result<u64, StoreError> {
        let upto = store.last_seq()?;
        self.seen.fetch_max(upto, Ordering::AcqRel);
        let mut applied = self.applied.load(Ordering::Acquire);
        if *built != Some(today) || upto.saturating_sub(applied) > REBUILD_GAP {
            for p in &self.parts {
                p.rebuild(store, today)?;
            }
            *built = Some(today);
            // What the rebuild read is at least as new as `upto`; parts take
            // changes again idempotently, so nothing is missed or doubled.
            self.applied.store(upto, Ordering::Release);
            return Ok(upto);
        }
        while applied < upto {
            let batch = store.changes_after(applied, upto, BATCH)?;
            if !batch.changes.is_empty() {
                for p in &self.parts {
                    p.apply(&batch.changes, store, today)?;
                }
            }
            applied = batch.through;
            self.applied.store(applied, Ordering::Release);
        }
        Ok(applied)
    }
}

/// The children's index: each changed child's projection is read again, with
/// its requests for authorisation and its reviewer's record (the `authorisation`
/// and `reviewing` streams are keyed by the child).
pub struct ChildrenPart(pub RwLock<Index>);

impl IndexPart for ChildrenPart {
    fn name(&self) -> &'static str {
        "children"
    }

    fn rebuild(&self, store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError> {
        let children = store.children()?;
        let mut index = Index::build(&children, today);
        let requests = store.subjects::<Requests>(None)?;
        let reviewing = store.subjects::<ReviewingRecord>(None)?;
        let accepted = store.subjects::<Acceptances>(None)?;
        if !requests.is_empty() || !reviewing.is_empty() || !accepted.is_empty() {
            let records: HashMap<&ChildId, &ChildRecord> = children.iter().map(|r| (&r.id, r)).collect();
            for (r, _) in requests {
                if let Some(record) = records.get(&r.child) {
                    index.put_requests(record, r);
                }
            }
            for (r, _) in reviewing {
                if let Some(record) = records.get(&r.child) {
                    index.put_reviewing(record, r);
                }
            }
            for (a, _) in accepted {
                if let Some(record) = records.get(&a.child) {
                    index.put_acceptances(record, a);
                }
            }
        }
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = index;
        Ok(())
    }

    fn apply(&self, changes: &[Change], store: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        let mut ids: BTreeSet<String> = changes
            .iter()
            .filter(|c| {
                ["child", Requests::STREAM, Merge::STREAM, ReviewingRecord::STREAM, Acceptances::STREAM].contains(&c.stream.as_str())
            })
            .map(|c| c.subject.clone())
            .collect();
        // A merge or unmerge changes its survivors too.
        for c in changes.iter().filter(|c| c.stream == Merge::STREAM) {
            let id = ChildId::new(&c.subject).map_err(|e| StoreError::Corrupt(format!("merge subject: {e}")))?;
            if let Some((m, _)) = store.subject::<Merge>(&id)? {
                ids.extend(m.history.into_iter().filter_map(|h| h.survivor).map(String::from));
            }
        }
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            let id = ChildId::new(&id).map_err(|e| StoreError::Corrupt(format!("child stream subject: {e}")))?;
            if let Some((record, _)) = store.child(&id)? {
                let requests = store.subject::<Requests>(&record.id)?.map(|(r, _)| r);
                let reviewing = store.subject::<ReviewingRecord>(&record.id)?.map(|(r, _)| r);
                let accepted = store.subject::<Acceptances>(&record.id)?.map(|(a, _)| a);
                records.push((id, record, requests, reviewing, accepted));
            }
        }
        let mut index = self.0.write().unwrap_or_else(|p| p.into_inner());
        for (id, r, requests, reviewing, accepted) in records {
            if r.id != id {
                index.remove(&id);
            }
            index.put(&r);
            if let Some(requests) = requests {
                index.put_requests(&r, requests);
            }
            if let Some(reviewing) = reviewing {
                index.put_reviewing(&r, reviewing);
            }
            if let Some(accepted) = accepted {
                index.put_acceptances(&r, accepted);
            }
        }
        Ok(())
    }
}

/// A stream folded whole (accounts, the organisation): read again whenever it changed.
pub struct FoldedPart<T> {
    pub value: RwLock<T>,
    stream: &'static str,
    read: fn(&dyn EventStore) -> Result<T, StoreError>,
}

impl<T> FoldedPart<T> {
    pub fn new(value: T, stream: &'static str, read: fn(&dyn EventStore) -> Result<T, StoreError>) -> Self {
        FoldedPart { value: RwLock::new(value), stream, read }
    }
}

/// The accounts, restrictions and grants.
pub fn accounts_part(value: Accounts) -> FoldedPart<Accounts> {
    FoldedPart::new(value, "users", |s| s.accounts())
}

/// Teams and staff.
pub fn org_part(value: Organisation) -> FoldedPart<Organisation> {
    FoldedPart::new(value, "org", |s| s.organisation())
}

impl<T: Send + Sync> IndexPart for FoldedPart<T> {
    fn name(&self) -> &'static str {
        self.stream
    }

    fn rebuild(&self, store: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        let v = (self.read)(store)?;
        *self.value.write().unwrap_or_else(|p| p.into_inner()) = v;
        Ok(())
    }

    fn apply(&self, changes: &[Change], store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError> {
        if changes.iter().any(|c| c.stream == self.stream) {
            self.rebuild(store, today)?;
        }
        Ok(())
    }
}

/// Something derived from the whole record and built on demand (the
/// indicator engine): dropped when children or the organisation change.
pub struct Invalidated<T> {
    pub value: Mutex<Option<T>>,
}

impl<T> Default for Invalidated<T> {
    fn default() -> Self {
        Invalidated { value: Mutex::new(None) }
    }
}

impl<T: Send> IndexPart for Invalidated<T> {
    fn name(&self) -> &'static str {
        "indicators"
    }

    fn rebuild(&self, _: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        *self.value.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }

    fn apply(&self, changes: &[Change], store: &dyn EventStore, today: NaiveDate) -> Result<(), StoreError> {
        if changes.iter().any(|c| c.stream == "child" || c.stream == "org" || c.stream == Merge::STREAM) {
            self.rebuild(store, today)?;
        }
        Ok(())
    }
}
