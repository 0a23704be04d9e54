//! The store's logic, written once over [`Db`] for both backends.

use crate::audit::{AuditFilter, GENESIS, audit_columns, audit_record, chain_hash};
use crate::backend::{AuditQuery, Backend, Db, EventRow, Row};
use crate::check::{CheckReport, check};
use crate::error::StoreError;
use crate::jsonl::{Stream, format_timestamp, parse_timestamp};
use crate::streams::SubjectEvent;
use crate::subjects::{InTx, Tx, blob_in, subject_log_in};
use crate::transition::next_record;
use crate::restore::{ImportOptions, RestoreSummary, Source};
use crate::{ChildEvents, EventStore, LoadSummary, StoredEvent};
use carefile_domain::access::{Accounts, AuditEntry, AuditRecord, UserEvent};
use carefile_domain::journey::Order;
use carefile_domain::org::{OrgEvent, Organisation};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};
use chrono::SubsecRound;
use std::borrow::Cow;
use std::io::Write;

/// A carefile store over one backend's connection.
pub struct Store<B> {
    backend: B,
}

impl<B> Store<B> {
    pub(crate) fn new(backend: B) -> Self {
        Store { backend }
    }

    pub(crate) fn backend(&self) -> &B {
        &self.backend
    }

    pub(crate) fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }
}

pub(crate) fn child_effective(e: &ChildEvent) -> Option<String> {
    match e {
        ChildEvent::Corrected { replacement, .. } => replacement.effective_date(),
        other => other.effective_date(),
    }
    .map(|d| d.to_string())
}

/// The text to store: the exact text an import read, or the event serialised.
fn payload_text<'a>(event: &impl serde::Serialize, given: Option<&'a str>) -> Result<Cow<'a, str>, StoreError> {
    match given {
        Some(p) => Ok(Cow::Borrowed(p)),
        None => serde_json::to_string(event).map(Cow::Owned).map_err(|e| StoreError::Corrupt(e.to_string())),
    }
}

#[allow(clippy::too_many_arguments)]
fn envelope_row<'a>(
    seq: u64,
    stream: Stream,
    subject: &'a str,
    version: u64,
    kind: &'a str,
    effective: Option<String>,
    recorded: &'a Recorded,
    payload: &'a str,
) -> Row<'a> {
    Row {
        seq,
        stream,
        subject,
        version,
        kind,
        effective,
        recorded_at: format_timestamp(&recorded.at),
        recorded_by: &recorded.by,
        reason: recorded.reason.as_deref(),
        payload,
        chain: None,
    }
}

pub(crate) fn read_log(db: &mut dyn Db, id: &str) -> Result<Vec<(u64, ChildEvent)>, StoreError> {
    Ok(read_log_ordered(db, id)?.into_iter().map(|(seq, e, _)| (seq, e)).collect())
}

/// A child's log with each entry bound to the journey's order rules as it was when recorded.
pub(crate) fn read_log_ordered(db: &mut dyn Db, id: &str) -> Result<Vec<(u64, ChildEvent, Order)>, StoreError> {
    db.log(Stream::Child, id)?
        .into_iter()
        .map(|r| {
            let corrupt = |m: String| StoreError::Corrupt(format!("event {}: {m}", r.seq));
            let e = serde_json::from_str(&r.payload).map_err(|e| corrupt(e.to_string()))?;
            let at = parse_timestamp(&r.recorded_at).ok_or_else(|| corrupt(format!("bad timestamp '{}'", r.recorded_at)))?;
            Ok((r.seq, e, Order::at(at)))
        })
        .collect()
}

pub(crate) fn parse_state(child: &str, state: &str) -> Result<ChildRecord, StoreError> {
    serde_json::from_str(state).map_err(|e| StoreError::Corrupt(format!("child {child}: {e}")))
}

pub(crate) fn save_state(db: &mut dyn Db, rec: &ChildRecord, version: u64) -> Result<(), StoreError> {
    let state = serde_json::to_string(rec).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    db.save_state(rec.id.as_str(), version, &state)
}

/// Writes one child event after checking it against the record before it, bound by the
/// journey's order rules as `order` says (see [`next_record`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_child_event(
    db: &mut dyn Db,
    id: &ChildId,
    before: Option<ChildRecord>,
    seq: u64,
    version: u64,
    recorded: &Recorded,
    event: &ChildEvent,
    payload: Option<&str>,
    order: Order,
) -> Result<ChildRecord, StoreError> {
    let rec = next_record(id, before, &mut || read_log_ordered(db, id.as_str()), seq, recorded, event, order)?;
    let payload = payload_text(event, payload)?;
    let effective = child_effective(event);
    db.insert(&envelope_row(seq, Stream::Child, id.as_str(), version, event.kind(), effective, recorded, &payload))?;
    Ok(rec)
}

pub(crate) fn write_org_event(
    db: &mut dyn Db,
    org: &mut Organisation,
    seq: u64,
    version: u64,
    recorded: &Recorded,
    event: &OrgEvent,
    payload: Option<&str>,
) -> Result<(), StoreError> {
    org.apply(event)?;
    let payload = payload_text(event, payload)?;
    let effective = Some(event.effective_date().to_string());
    db.insert(&envelope_row(seq, Stream::Org, "", version, event.kind(), effective, recorded, &payload))
}

pub(crate) fn write_user_event(
    db: &mut dyn Db,
    accounts: &mut Accounts,
    seq: u64,
    version: u64,
    recorded: &Recorded,
    event: &UserEvent,
    payload: Option<&str>,
) -> Result<(), StoreError> {
    accounts.apply(event)?;
    let payload = payload_text(event, payload)?;
    db.insert(&envelope_row(seq, Stream::Users, "", version, event.kind(), None, recorded, &payload))
}

/// Chains and writes one audit entry whose stored text is `payload`.
pub(crate) fn write_audit(
    db: &mut dyn Db,
    seq: u64,
    version: u64,
    prev_hash: &str,
    entry: &AuditEntry,
    payload: &str,
) -> Result<String, StoreError> {
    let hash = chain_hash(prev_hash, payload);
    let (kind, recorded_at, user) = audit_columns(entry)?;
    db.insert(&Row {
        seq,
        stream: Stream::Audit,
        subject: "",
        version,
        kind: &kind,
        effective: None,
        recorded_at,
        recorded_by: user,
        reason: None,
        payload,
        chain: Some((prev_hash, &hash)),
    })?;
    Ok(hash)
}

/// Folds a stream stored with subject '' (org, users) through `apply`; returns its last version.
fn fold_stream<E: serde::de::DeserializeOwned>(
    db: &mut dyn Db,
    stream: Stream,
    apply: &mut dyn FnMut(&E) -> Result<(), String>,
) -> Result<u64, StoreError> {
    let mut version = 0;
    for r in db.log(stream, "")? {
        let corrupt = |m: String| StoreError::Corrupt(format!("{stream} event {}: {m}", r.version));
        let e: E = serde_json::from_str(&r.payload).map_err(|e| corrupt(e.to_string()))?;
        apply(&e).map_err(corrupt)?;
        version = r.version;
    }
    Ok(version)
}

pub(crate) fn load_org(db: &mut dyn Db) -> Result<(Organisation, u64), StoreError> {
    let mut org = Organisation::default();
    let v = fold_stream(db, Stream::Org, &mut |e: &OrgEvent| org.apply(e).map_err(|e| e.to_string()))?;
    Ok((org, v))
}

pub(crate) fn load_accounts(db: &mut dyn Db) -> Result<(Accounts, u64), StoreError> {
    let mut accounts = Accounts::default();
    let v = fold_stream(db, Stream::Users, &mut |e: &UserEvent| accounts.apply(e).map_err(|e| e.to_string()))?;
    Ok((accounts, v))
}

/// How one event of a stream stored with subject '' is checked and written.
type WriteFolded<S, E> = fn(&mut dyn Db, &mut S, u64, u64, &Recorded, &E, Option<&str>) -> Result<(), StoreError>;

/// Reads a stream folded as a whole: its state and last version.
type LoadFolded<S> = fn(&mut dyn Db) -> Result<(S, u64), StoreError>;

/// Appends to a stream folded as a whole (org, users): each event must apply
/// to the state so far, or the transaction stores none of them.
fn append_folded<S, E>(
    db: &mut dyn Db,
    events: &[(Recorded, E)],
    load: LoadFolded<S>,
    write: WriteFolded<S, E>,
) -> Result<(), StoreError> {
    let (mut state, version) = load(db)?;
    let first_seq = db.next_seq()?;
    for (i, (recorded, event)) in (0..).zip(events) {
        write(db, &mut state, first_seq + i, version + 1 + i, recorded, event, None)?;
    }
    Ok(())
}

pub(crate) fn require_empty(db: &mut dyn Db, what: &str) -> Result<(), StoreError> {
    let n = db.event_count()?;
    if n > 0 {
        return Err(StoreError::Refused(format!("{what} needs an empty database; this one already holds {n} events")));
    }
    Ok(())
}

/// Appends events to one child's log inside a write transaction (see [`EventStore::append_child`]).
pub(crate) fn append_child_in(
    db: &mut dyn Db,
    child: &ChildId,
    expected: Option<u64>,
    events: &[(Recorded, ChildEvent)],
) -> Result<u64, StoreError> {
    crate::merges::before_write(db, child)?;
    let current = db.state(child.as_str())?;
    let actual = current.as_ref().map(|c| c.0);
    if actual != expected {
        return match actual {
            None => Err(StoreError::UnknownChild(child.to_string())),
            Some(actual) => Err(StoreError::Conflict { child: child.to_string(), expected, actual }),
        };
    }
    if actual.is_none() && !matches!(events.first(), Some((_, ChildEvent::Registered { .. }))) {
        return Err(StoreError::UnknownChild(child.to_string()));
    }
    let mut rec = current.map(|(_, state)| parse_state(child.as_str(), &state)).transpose()?;
    let base = actual.unwrap_or(0);
    let first_seq = db.next_seq()?;
    for (i, (recorded, event)) in (1..).zip(events) {
        rec = Some(write_child_event(db, child, rec, first_seq + i - 1, base + i, recorded, event, None, Order::Enforced)?);
    }
    let version = base + events.len() as u64;
    if let Some(rec) = &rec {
        save_state(db, rec, version)?;
    }
    crate::merges::after_write(db, child)?;
    Ok(version)
}

/// A child's record as reads see it (merges standing folded in).
pub(crate) fn child_in(db: &mut dyn Db, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError> {
    crate::merges::child_seen(db, id)
}

pub(crate) fn child_log_in(db: &mut dyn Db, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError> {
    db.log(Stream::Child, id.as_str())?
        .into_iter()
        .map(|r| {
            let seq = r.seq;
            let at = parse_timestamp(&r.recorded_at)
                .ok_or_else(|| StoreError::Corrupt(format!("event {seq}: bad timestamp '{}'", r.recorded_at)))?;
            let event =
                serde_json::from_str(&r.payload).map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?;
            Ok(StoredEvent {
                seq,
                version: r.version,
                recorded: Recorded { at, by: r.recorded_by, reason: r.reason },
                event,
            })
        })
        .collect()
}

impl<B: Backend> EventStore for Store<B> {
    fn append_child(
        &mut self,
        child: &ChildId,
        expected: Option<u64>,
        events: &[(Recorded, ChildEvent)],
    ) -> Result<u64, StoreError> {
        self.backend.write(|db| append_child_in(db, child, expected, events))
    }

    fn append_org(&mut self, events: &[(Recorded, OrgEvent)]) -> Result<(), StoreError> {
        self.backend.write(|db| append_folded(db, events, load_org, write_org_event))
    }

    fn append_users(&mut self, events: &[(Recorded, UserEvent)]) -> Result<(), StoreError> {
        self.backend.write(|db| append_folded(db, events, load_accounts, write_user_event))
    }

    fn accounts(&self) -> Result<Accounts, StoreError> {
        self.backend.read(|db| Ok(load_accounts(db)?.0))
    }

    fn append_audits(&mut self, entries: &[AuditEntry]) -> Result<Vec<AuditRecord>, StoreError> {
        // Kept to the microsecond, like every stored time, so the payload and
        // the recorded_at column say the same.
        let mut rows = Vec::with_capacity(entries.len());
        for entry in entries {
            let entry = AuditEntry { at: entry.at.trunc_subsecs(6), ..entry.clone() };
            let payload = serde_json::to_string(&entry).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            rows.push((entry, payload));
        }
        self.backend.write(|db| {
            let (mut version, mut prev_hash) = match db.last_audit()? {
                Some((v, h)) => (v, h),
                None => (0, GENESIS.to_string()),
            };
            let mut written = Vec::with_capacity(rows.len());
            for (entry, payload) in rows {
                version += 1;
                let seq = db.next_seq()?;
                let hash = write_audit(db, seq, version, &prev_hash, &entry, &payload)?;
                written.push(AuditRecord {
                    seq: version,
                    entry,
                    prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
                    hash,
                });
            }
            Ok(written)
        })
    }

    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
        let q = AuditQuery {
            user: filter.user.as_deref(),
            action: filter.action.map(crate::audit::action_name).transpose()?,
            from: filter.from.as_ref().map(format_timestamp),
            to: filter.to.as_ref().map(format_timestamp),
        };
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut found = Vec::new();
        if limit == 0 {
            return Ok(found);
        }
        self.backend.read(|db| {
            db.each_audit(&q, &mut |row: EventRow| {
                let seq = row.seq;
                let rec = audit_record(row).map_err(|m| StoreError::Corrupt(format!("audit event {seq}: {m}")))?;
                let about = |c: &ChildId| if filter.listed { rec.entry.names(c) } else { rec.entry.child.as_ref() == Some(c) };
                if filter.child.as_ref().is_none_or(about) {
                    found.push(rec);
                }
                Ok(found.len() < limit)
            })
        })?;
        Ok(found)
    }

    fn bulk_load(
        &mut self,
        org_events: &[(Recorded, OrgEvent)],
        children: &mut dyn Iterator<Item = ChildEvents>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<LoadSummary, StoreError> {
        crate::bulk::bulk_load(self, None, org_events, children, progress)
    }

    fn bulk_load_journaled(
        &mut self,
        journal: &str,
        org_events: &[(Recorded, OrgEvent)],
        children: &mut dyn Iterator<Item = ChildEvents>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<LoadSummary, StoreError> {
        crate::bulk::bulk_load(self, Some(journal), org_events, children, progress)
    }

    fn child(&self, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError> {
        self.backend.read(|db| child_in(db, id))
    }

    fn children(&self) -> Result<Vec<ChildRecord>, StoreError> {
        self.backend.read(|db| {
            let mut out = Vec::new();
            db.each_state(&mut |id, _, state| {
                out.push(parse_state(&id, &state)?);
                Ok(())
            })?;
            crate::merges::children_seen(db, out)
        })
    }

    fn merge_children(
        &mut self,
        duplicate: &ChildId,
        survivor: &ChildId,
        recorded: &Recorded,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.backend.write(|db| crate::merges::merge(db, duplicate, survivor, recorded, reason))
    }

    fn unmerge_children(&mut self, duplicate: &ChildId, recorded: &Recorded, reason: &str) -> Result<(), StoreError> {
        self.backend.write(|db| crate::merges::unmerge(db, duplicate, recorded, reason))
    }

    fn merged_into(&self, id: &ChildId) -> Result<Option<ChildId>, StoreError> {
        self.backend.read(|db| crate::merges::survivor_of(db, id))
    }

    fn child_log(&self, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError> {
        self.backend.read(|db| child_log_in(db, id))
    }

    fn organisation(&self) -> Result<Organisation, StoreError> {
        self.backend.read(|db| Ok(load_org(db)?.0))
    }

    fn export(&self, streams: &[Stream], out: &mut dyn Write) -> Result<u64, StoreError> {
        let n = self.backend.read(|db| crate::backup::export(db, streams, out))?;
        out.flush()?;
        Ok(n)
    }

    fn restore(
        &mut self,
        source: &dyn Source,
        options: &ImportOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<RestoreSummary, StoreError> {
        crate::restore::restore(self, source, options, progress)
    }

    fn check(&self) -> Result<CheckReport, StoreError> {
        self.backend.read(check)
    }

    fn migrate(&mut self) -> Result<usize, StoreError> {
        self.backend.migrate()
    }

    fn transaction(&mut self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        self.backend.write(|db| f(&mut InTx { db }))
    }

    fn subject_raw(&self, stream: &str, subject: &str) -> Result<Option<(String, u64)>, StoreError> {
        Ok(self.backend.read(|db| db.subject_state(stream, subject))?.map(|(v, s)| (s, v)))
    }

    fn each_subject_raw(
        &self,
        stream: &str,
        about: Option<&str>,
        f: &mut dyn FnMut(&str, u64, &str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.backend.read(|db| db.each_subject_state(Some(stream), about, &mut |r| f(&r.subject, r.version, &r.state)))
    }

    fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.backend.read(|db| blob_in(db, sha256))
    }

    fn subject_log_raw(&self, stream: &str, subject: &str) -> Result<Vec<SubjectEvent<String>>, StoreError> {
        self.backend.read(|db| subject_log_in(db, stream, subject))
    }
}

