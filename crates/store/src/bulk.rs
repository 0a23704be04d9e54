//! Bulk loads (a demo, an import into an empty database) committed in chunks
//! of [`CHUNK`] events, so the write-ahead log stays bounded whatever the
//! size of the load; with a journal entry, each chunk also moves the entry on,
//! and a load of the same entry run again skips the children already committed.

use crate::backend::{Backend, Db};
use crate::core::{Store, require_empty, save_state, write_child_event, write_org_event};
use crate::error::StoreError;
use crate::journal::{Journal, advance};
use crate::restore::CHUNK;
use crate::{ChildEvents, LoadSummary};
use carefile_domain::Recorded;
use carefile_domain::journey::Order;
use carefile_domain::org::{OrgEvent, Organisation};
use std::iter::Peekable;

/// Loads `org_events` then `children` into an empty store (or, with `journal`
/// naming an unfinished entry, continues after the children it counts).
pub(crate) fn bulk_load<B: Backend>(
    store: &mut Store<B>,
    journal: Option<&str>,
    org_events: &[(Recorded, OrgEvent)],
    children: &mut dyn Iterator<Item = ChildEvents>,
    progress: &mut dyn FnMut(u64),
) -> Result<LoadSummary, StoreError> {
    let done = match journal {
        Some(id) => match store.journal(id)? {
            Some(e) if e.finished_at.is_some() => {
                return Err(StoreError::Refused(format!("the load {} finished already", e.source)));
            }
            Some(e) => e.position,
            None => return Err(StoreError::Refused(format!("no journal entry {id}: start it first"))),
        },
        None => 0,
    };
    let mut children = children.skip(usize::try_from(done).unwrap_or(usize::MAX)).peekable();
    let mut summary = LoadSummary::default();
    let mut first = true;
    let mut committed = done;
    loop {
        store.backend_mut().write(|db| {
            if first && done == 0 {
                require_empty(db, "a bulk load")?;
                let mut org = Organisation::default();
                for (i, (recorded, event)) in org_events.iter().enumerate() {
                    write_org_event(db, &mut org, i as u64 + 1, i as u64 + 1, recorded, event, None)?;
                }
                summary.events += org_events.len() as u64;
            }
            let (n, events) = chunk(db, &mut children)?;
            committed += n;
            summary.children += n;
            summary.events += events;
            if let Some(id) = journal {
                advance(db, id, committed)?;
            }
            Ok(())
        })?;
        first = false;
        progress(committed);
        if children.peek().is_none() {
            return Ok(summary);
        }
    }
}

/// Writes children until the chunk holds [`CHUNK`] events; returns children and events written.
fn chunk(
    db: &mut dyn Db,
    children: &mut Peekable<impl Iterator<Item = ChildEvents>>,
) -> Result<(u64, u64), StoreError> {
    let mut seq = db.next_seq()?;
    let (mut n, mut events) = (0, 0);
    while events < CHUNK {
        let Some((id, log)) = children.next() else { break };
        let mut rec = None;
        for (i, (recorded, event)) in log.iter().enumerate() {
            rec = Some(write_child_event(db, &id, rec, seq, i as u64 + 1, recorded, event, None, Order::Enforced)?);
            seq += 1;
        }
        if let Some(rec) = rec {
            save_state(db, &rec, log.len() as u64)?;
        }
        n += 1;
        events += log.len() as u64;
    }
    Ok((n, events))
}
