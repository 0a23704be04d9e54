//! Two records of one child merged (decision 002, `carefile_domain::people::Merge`):
//! the `merge` stream, keyed by the duplicate, says which merges stand; reads of
//! a child see the survivor's record as the fold of both logs, and the
//! duplicate's id resolves to it. Nothing in either child's log or stored
//! projection changes, so an unmerge leaves both as they were and `check`
//! verifies each child's projection against its own log as before.

use crate::StoreError;
use crate::backend::Db;
use crate::core::{parse_state, read_log};
use crate::subjects::{Expected, InTx, Tx, TxSubjects};
use carefile_domain::people::{Merge, MergeEvent, merged_record};
use carefile_domain::stream::Projection;
use carefile_domain::{ChildId, ChildRecord, Recorded};
use std::collections::{BTreeMap, BTreeSet};

fn parse(subject: &str, state: &str) -> Result<Merge, StoreError> {
    serde_json::from_str(state).map_err(|e| StoreError::Corrupt(format!("merge {subject}: {e}")))
}

fn merge_of(db: &mut dyn Db, duplicate: &ChildId) -> Result<Option<(Merge, u64)>, StoreError> {
    db.subject_state(Merge::STREAM, duplicate.as_str())?
        .map(|(v, s)| Ok((parse(duplicate.as_str(), &s)?, v)))
        .transpose()
}

/// The record `id` stands merged into.
pub(crate) fn survivor_of(db: &mut dyn Db, id: &ChildId) -> Result<Option<ChildId>, StoreError> {
    Ok(merge_of(db, id)?.and_then(|(m, _)| m.survivor))
}

/// The records standing merged into `survivor`.
fn duplicates_of(db: &mut dyn Db, survivor: &ChildId) -> Result<Vec<ChildId>, StoreError> {
    let mut out = Vec::new();
    db.each_subject_state(Some(Merge::STREAM), Some(survivor.as_str()), &mut |row| {
        let m = parse(&row.subject, &row.state)?;
        if m.survivor.as_ref() == Some(survivor) {
            out.push(m.duplicate);
        }
        Ok(())
    })?;
    Ok(out)
}

/// Every merge that stands: duplicate → survivor.
pub(crate) fn standing(db: &mut dyn Db) -> Result<BTreeMap<ChildId, ChildId>, StoreError> {
    let mut out = BTreeMap::new();
    db.each_subject_state(Some(Merge::STREAM), None, &mut |row| {
        let m = parse(&row.subject, &row.state)?;
        if let Some(s) = m.survivor {
            out.insert(m.duplicate, s);
        }
        Ok(())
    })?;
    Ok(out)
}

/// The survivor's record with `duplicates` folded in.
fn merged(db: &mut dyn Db, survivor: &ChildId, duplicates: &[ChildId]) -> Result<ChildRecord, StoreError> {
    let own = read_log(db, survivor.as_str())?;
    let logs = duplicates.iter().map(|d| read_log(db, d.as_str())).collect::<Result<Vec<_>, _>>()?;
    let logs: Vec<&[_]> = logs.iter().map(Vec::as_slice).collect();
    Ok(merged_record(survivor, &own, &logs)?)
}

/// A child's record as reads see it, and the version its own log is at: a
/// duplicate's id gives its survivor's.
pub(crate) fn child_seen(db: &mut dyn Db, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError> {
    let id = survivor_of(db, id)?.unwrap_or_else(|| id.clone());
    let Some((version, state)) = db.state(id.as_str())? else { return Ok(None) };
    let duplicates = duplicates_of(db, &id)?;
    let record = if duplicates.is_empty() { parse_state(id.as_str(), &state)? } else { merged(db, &id, &duplicates)? };
    Ok(Some((record, version)))
}

/// Every child's record as reads see it (`own`: each child's stored projection, in ID order).
pub(crate) fn children_seen(db: &mut dyn Db, mut own: Vec<ChildRecord>) -> Result<Vec<ChildRecord>, StoreError> {
    let standing = standing(db)?;
    if standing.is_empty() {
        return Ok(own);
    }
    let mut by_survivor: BTreeMap<&ChildId, Vec<ChildId>> = BTreeMap::new();
    for (d, s) in &standing {
        by_survivor.entry(s).or_default().push(d.clone());
    }
    own.retain(|r| !standing.contains_key(&r.id));
    for r in own.iter_mut() {
        if let Some(duplicates) = by_survivor.get(&r.id) {
            *r = merged(db, &r.id, duplicates)?;
        }
    }
    Ok(own)
}

/// Refuses a write to a merged-away record; after a write to a survivor,
/// refuses it unless the merged record still folds.
pub(crate) fn before_write(db: &mut dyn Db, child: &ChildId) -> Result<(), StoreError> {
    match survivor_of(db, child)? {
        Some(s) => Err(StoreError::Refused(format!("{child} is merged into {s}: record on {s}"))),
        None => Ok(()),
    }
}

pub(crate) fn after_write(db: &mut dyn Db, child: &ChildId) -> Result<(), StoreError> {
    let duplicates = duplicates_of(db, child)?;
    if !duplicates.is_empty() {
        merged(db, child, &duplicates)?;
    }
    Ok(())
}

/// Merges `duplicate` into `survivor`, refusing unless both records stand
/// alone or as survivors, and their histories fold together.
pub(crate) fn merge(
    db: &mut dyn Db,
    duplicate: &ChildId,
    survivor: &ChildId,
    recorded: &Recorded,
    reason: &str,
) -> Result<(), StoreError> {
    for id in [duplicate, survivor] {
        if db.state(id.as_str())?.is_none() {
            return Err(StoreError::UnknownChild(id.to_string()));
        }
    }
    if let Some(s) = survivor_of(db, survivor)? {
        return Err(StoreError::Refused(format!("{survivor} is itself merged into {s}: merge into {s}")));
    }
    let held = duplicates_of(db, duplicate)?;
    if !held.is_empty() {
        let held: BTreeSet<String> = held.iter().map(ToString::to_string).collect();
        return Err(StoreError::Refused(format!(
            "{} merged into {duplicate}: unmerge first, or merge {duplicate}'s duplicates into {survivor} one by one",
            held.into_iter().collect::<Vec<_>>().join(", ")
        )));
    }
    let (version, event) = (
        merge_of(db, duplicate)?.map_or(Expected::New, |(_, v)| Expected::Version(v)),
        MergeEvent::Merged { survivor: survivor.clone(), reason: reason.to_string() },
    );
    (&mut InTx { db } as &mut dyn Tx).append::<Merge>(duplicate, version, &[(recorded.clone(), event)])?;
    after_write(db, survivor)
}

/// Ends the merge of `duplicate`: both records stand apart again, as their own logs say.
pub(crate) fn unmerge(db: &mut dyn Db, duplicate: &ChildId, recorded: &Recorded, reason: &str) -> Result<(), StoreError> {
    let version = merge_of(db, duplicate)?.map_or(Expected::New, |(_, v)| Expected::Version(v));
    let event = MergeEvent::Unmerged { reason: reason.to_string() };
    (&mut InTx { db } as &mut dyn Tx).append::<Merge>(duplicate, version, &[(recorded.clone(), event)])?;
    Ok(())
}
