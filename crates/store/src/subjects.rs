//! Appends and reads of the streams beside the child's (decision 002), and
//! transactions that write to several streams at once (a request authorised
//! and the step it authorises; two records merged).
//!
//! The [`EventStore`] trait carries the untyped operations, so it stays usable
//! as `dyn EventStore`; [`Subjects`] and [`TxSubjects`] type them by the
//! projection. Every event is checked by the stream's projection inside the
//! write transaction, exactly as an import or `check` folds it.

use crate::backend::{Db, SubjectRow};
use crate::core::{append_child_in, child_in, child_log_in};
use crate::error::StoreError;
use crate::jsonl::{Stream, format_timestamp, parse_timestamp};
use crate::streams::{Columns, FoldError, Kind, State, SubjectEvent, kind, registered};
use crate::{EventStore, StoredEvent};
use carefile_domain::stream::changes::Entry;
use carefile_domain::stream::{NumberedId, Projection, Stamp, SubjectId};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};

/// The version a writer last saw of a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// The subject must not exist yet.
    New,
    /// The subject must be at this version: anything else is a conflict ("reload").
    Version(u64),
    /// Whatever it is now: for appends that add without changing what others
    /// edit (a new note among a child's notes), which the projection still checks.
    Any,
}

/// The writes and reads available inside one transaction ([`EventStore::transaction`]).
pub trait Tx {
    /// As [`EventStore::append_child`].
    fn append_child(
        &mut self,
        child: &ChildId,
        expected: Option<u64>,
        events: &[(Recorded, ChildEvent)],
    ) -> Result<u64, StoreError>;
    /// Appends events, as their JSON text, to a subject of a registered stream; returns its new version.
    fn append_raw(
        &mut self,
        stream: &str,
        subject: &str,
        expected: Expected,
        events: &[(Recorded, String)],
    ) -> Result<u64, StoreError>;
    /// A number for a new subject of `stream` that no subject holds (`id` formats it).
    fn new_number(&mut self, stream: &str, id: &dyn Fn(u64) -> String) -> Result<u64, StoreError>;
    /// An identifier for a child registered here: `prefix` and seven digits,
    /// after the highest such number any child holds (imported or generated ones included).
    fn new_child_id(&mut self, prefix: &str) -> Result<ChildId, StoreError>;
    fn child(&mut self, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError>;
    fn child_log(&mut self, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError>;
    /// A subject's projection as stored text, and its version.
    fn subject_raw(&mut self, stream: &str, subject: &str) -> Result<Option<(String, u64)>, StoreError>;
    /// Keeps `content` (a document's bytes) and returns its SHA-256, lower-case hex, which names it.
    fn put_blob(&mut self, content: &[u8]) -> Result<String, StoreError>;
    /// Moves an import's journal entry on to `position`, with what this transaction writes.
    fn journal_advance(&mut self, id: &str, position: u64) -> Result<(), StoreError>;
}

pub(crate) struct InTx<'a> {
    pub db: &'a mut dyn Db,
}

impl Tx for InTx<'_> {
    fn append_child(
        &mut self,
        child: &ChildId,
        expected: Option<u64>,
        events: &[(Recorded, ChildEvent)],
    ) -> Result<u64, StoreError> {
        append_child_in(self.db, child, expected, events)
    }

    fn append_raw(
        &mut self,
        stream: &str,
        subject: &str,
        expected: Expected,
        events: &[(Recorded, String)],
    ) -> Result<u64, StoreError> {
        append_subject_in(self.db, stream, subject, expected, events)
    }

    fn new_number(&mut self, stream: &str, id: &dyn Fn(u64) -> String) -> Result<u64, StoreError> {
        let mut n = self.db.last_number(stream)? + 1;
        // Subjects imported or loaded with numbers of their own are skipped.
        while self.db.subject_state(stream, &id(n))?.is_some() {
            n += 1;
        }
        self.db.set_last_number(stream, n)?;
        Ok(n)
    }

    fn new_child_id(&mut self, prefix: &str) -> Result<ChildId, StoreError> {
        let counter = format!("child:{prefix}");
        let mut n = match self.db.last_number(&counter)? {
            0 => self.db.max_child_number(prefix)?,
            n => n,
        } + 1;
        loop {
            let id = ChildId::new(&format!("{prefix}{n:07}")).map_err(|e| StoreError::Refused(e.to_string()))?;
            if self.db.state(id.as_str())?.is_none() {
                self.db.set_last_number(&counter, n)?;
                return Ok(id);
            }
            n += 1;
        }
    }

    fn child(&mut self, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError> {
        child_in(self.db, id)
    }

    fn child_log(&mut self, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError> {
        child_log_in(self.db, id)
    }

    fn subject_raw(&mut self, stream: &str, subject: &str) -> Result<Option<(String, u64)>, StoreError> {
        Ok(self.db.subject_state(stream, subject)?.map(|(v, s)| (s, v)))
    }

    fn journal_advance(&mut self, id: &str, position: u64) -> Result<(), StoreError> {
        crate::journal::advance(self.db, id, position)
    }

    fn put_blob(&mut self, content: &[u8]) -> Result<String, StoreError> {
        let sha256 = sha256_hex(content);
        self.db.put_blob(&sha256, content)?;
        Ok(sha256)
    }
}

/// SHA-256 of `content`, lower-case hex.
pub fn sha256_hex(content: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(content))
}

/// The bytes stored under `sha256`, checked against it.
pub(crate) fn blob_in(db: &mut dyn Db, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let Some(content) = db.blob(sha256)? else { return Ok(None) };
    if sha256_hex(&content) != sha256 {
        return Err(StoreError::Corrupt(format!("the content stored under {sha256} does not match its hash")));
    }
    Ok(Some(content))
}

fn kind_named(stream: &str) -> Result<&'static dyn Kind, StoreError> {
    kind(stream).ok_or_else(|| StoreError::Unsupported(format!("'{stream}' is not a registered stream")))
}

/// Folds and writes one event of a registered stream; shared by appends and imports.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_subject_event(
    db: &mut dyn Db,
    kind: &dyn Kind,
    subject: &str,
    before: Option<&State>,
    seq: u64,
    version: u64,
    recorded: &Recorded,
    payload: &str,
) -> Result<(State, Columns), StoreError> {
    let at = Stamp { seq, version, recorded };
    let folded = if carefile_domain::stream::changes::is_change(payload) {
        // A correction or withdrawal folds the subject's whole log again with it.
        let earlier = subject_log_in(db, kind.name(), subject)?;
        let mut log: Vec<(Stamp, &str)> = earlier
            .iter()
            .filter(|e| e.version < version)
            .map(|e| (Stamp { seq: e.seq, version: e.version, recorded: &e.recorded }, e.event.as_str()))
            .collect();
        log.push((at, payload));
        kind.refold(subject, &log)
    } else {
        kind.fold(subject, before, at, payload)
    };
    let (state, columns) = folded.map_err(|e| match e {
        FoldError::Refused(e) => StoreError::Stream(e),
        FoldError::Unreadable(m) => StoreError::Corrupt(format!("{} event for {subject}: {m}", kind.name())),
    })?;
    db.insert(&crate::backend::Row {
        seq,
        stream: Stream::Subject(kind.name()),
        subject,
        version,
        kind: columns.kind,
        effective: columns.effective.clone(),
        recorded_at: format_timestamp(&recorded.at),
        recorded_by: &recorded.by,
        reason: recorded.reason.as_deref(),
        payload,
        chain: None,
    })?;
    Ok((state, columns))
}

fn append_subject_in(
    db: &mut dyn Db,
    stream: &str,
    subject: &str,
    expected: Expected,
    events: &[(Recorded, String)],
) -> Result<u64, StoreError> {
    let kind = kind_named(stream)?;
    kind.subject(subject).map_err(|m| StoreError::Refused(format!("{stream} subject: {m}")))?;
    let current = db.subject_state(stream, subject)?;
    let actual = current.as_ref().map(|c| c.0);
    let stale = match expected {
        Expected::New => actual.is_some(),
        Expected::Version(v) => actual != Some(v),
        Expected::Any => false,
    };
    if stale {
        let expected = match expected {
            Expected::Version(v) => Some(v),
            _ => None,
        };
        return Err(StoreError::SubjectConflict {
            stream: kind.name(),
            subject: subject.to_string(),
            expected,
            actual,
        });
    }
    let mut state = current
        .as_ref()
        .map(|(_, text)| kind.parse_text(text))
        .transpose()
        .map_err(|m| StoreError::Corrupt(format!("{stream} {subject}: stored projection: {m}")))?;
    let base = actual.unwrap_or(0);
    let first_seq = db.next_seq()?;
    for (i, (recorded, payload)) in (0..).zip(events) {
        let (next, _) =
            write_subject_event(db, kind, subject, state.as_ref(), first_seq + i, base + 1 + i, recorded, payload)?;
        state = Some(next);
    }
    let version = base + events.len() as u64;
    if let Some(state) = &state {
        save_subject(db, kind, subject, version, state)?;
    }
    Ok(version)
}

/// Stores a subject's projection with the record it belongs to.
pub(crate) fn save_subject(
    db: &mut dyn Db,
    kind: &dyn Kind,
    subject: &str,
    version: u64,
    state: &State,
) -> Result<(), StoreError> {
    db.save_subject_state(&SubjectRow {
        stream: kind.name().to_string(),
        subject: subject.to_string(),
        version,
        state: kind.state_text(state).map_err(StoreError::Corrupt)?,
        about: kind.about(state),
    })
}

/// A subject's events as stored, the payload as text.
pub(crate) fn subject_log_in(
    db: &mut dyn Db,
    stream: &str,
    subject: &str,
) -> Result<Vec<SubjectEvent<String>>, StoreError> {
    let kind = kind_named(stream)?;
    db.log(Stream::Subject(kind.name()), subject)?
        .into_iter()
        .map(|r| {
            let at = parse_timestamp(&r.recorded_at)
                .ok_or_else(|| StoreError::Corrupt(format!("event {}: bad timestamp '{}'", r.seq, r.recorded_at)))?;
            Ok(SubjectEvent {
                seq: r.seq,
                version: r.version,
                recorded: Recorded { at, by: r.recorded_by, reason: r.reason },
                event: r.payload,
            })
        })
        .collect()
}

fn to_payloads<E: serde::Serialize>(events: &[(Recorded, E)]) -> Result<Vec<(Recorded, String)>, StoreError> {
    events
        .iter()
        .map(|(r, e)| Ok((r.clone(), serde_json::to_string(e).map_err(|e| StoreError::Corrupt(e.to_string()))?)))
        .collect()
}

fn parse_state<P: Projection>(subject: &str, text: &str) -> Result<P, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("{} {subject}: stored projection: {e}", P::STREAM)))
}

/// A stored projection row, typed.
fn typed_row<P: Projection>(id: &P::Id, row: Option<(String, u64)>) -> Result<Option<(P, u64)>, StoreError> {
    row.map(|(text, v)| Ok((parse_state::<P>(id.as_str(), &text)?, v))).transpose()
}

/// Typed appends inside a transaction.
pub trait TxSubjects {
    /// Appends to an existing or new subject of `P`'s stream; returns the new version.
    fn append<P: Projection>(
        &mut self,
        id: &P::Id,
        expected: Expected,
        events: &[(Recorded, P::Event)],
    ) -> Result<u64, StoreError>;
    /// Starts a subject under a new identifier the store hands out.
    fn create<P: Projection>(&mut self, events: &[(Recorded, P::Event)]) -> Result<(P::Id, u64), StoreError>
    where
        P::Id: NumberedId;
    fn subject<P: Projection>(&mut self, id: &P::Id) -> Result<Option<(P, u64)>, StoreError>;
}

impl<T: Tx + ?Sized> TxSubjects for T {
    fn append<P: Projection>(
        &mut self,
        id: &P::Id,
        expected: Expected,
        events: &[(Recorded, P::Event)],
    ) -> Result<u64, StoreError> {
        registered::<P>()?;
        self.append_raw(P::STREAM, id.as_str(), expected, &to_payloads(events)?)
    }

    fn create<P: Projection>(&mut self, events: &[(Recorded, P::Event)]) -> Result<(P::Id, u64), StoreError>
    where
        P::Id: NumberedId,
    {
        registered::<P>()?;
        let n = self.new_number(P::STREAM, &|n| P::Id::from_number(n).as_str().to_string())?;
        let id = P::Id::from_number(n);
        let version = self.append_raw(P::STREAM, id.as_str(), Expected::New, &to_payloads(events)?)?;
        Ok((id, version))
    }

    fn subject<P: Projection>(&mut self, id: &P::Id) -> Result<Option<(P, u64)>, StoreError> {
        typed_row(id, self.subject_raw(P::STREAM, id.as_str())?)
    }
}

/// Typed appends and reads of the streams beside the child's.
pub trait Subjects {
    /// Appends to a subject of `P`'s stream in a transaction of its own.
    fn append<P: Projection>(
        &mut self,
        id: &P::Id,
        expected: Expected,
        events: &[(Recorded, P::Event)],
    ) -> Result<u64, StoreError>;
    /// Starts a subject under a new identifier the store hands out.
    fn create<P: Projection>(&mut self, events: &[(Recorded, P::Event)]) -> Result<(P::Id, u64), StoreError>
    where
        P::Id: NumberedId;
    /// A subject as it stands, and its version.
    fn subject<P: Projection>(&self, id: &P::Id) -> Result<Option<(P, u64)>, StoreError>;
    /// Every subject of `P`'s stream as it stands (only those about the record
    /// `about`, a child's id, when given), in identifier order.
    fn subjects<P: Projection>(&self, about: Option<&str>) -> Result<Vec<(P, u64)>, StoreError>;
    /// A subject's events in version order (a stream whose entries are corrected: see [`Subjects::subject_entries`]).
    fn subject_log<P: Projection>(&self, id: &P::Id) -> Result<Vec<SubjectEvent<P::Event>>, StoreError>;
    /// A subject's events in version order, its corrections and withdrawals among them.
    fn subject_entries<P: Projection>(&self, id: &P::Id) -> Result<Vec<SubjectEvent<Entry<P::Event>>>, StoreError>;
}

impl<S: EventStore + ?Sized> Subjects for S {
    fn append<P: Projection>(
        &mut self,
        id: &P::Id,
        expected: Expected,
        events: &[(Recorded, P::Event)],
    ) -> Result<u64, StoreError> {
        let mut version = 0;
        self.transaction(&mut |tx| {
            version = tx.append::<P>(id, expected, events)?;
            Ok(())
        })?;
        Ok(version)
    }

    fn create<P: Projection>(&mut self, events: &[(Recorded, P::Event)]) -> Result<(P::Id, u64), StoreError>
    where
        P::Id: NumberedId,
    {
        let mut made = None;
        self.transaction(&mut |tx| {
            made = Some(tx.create::<P>(events)?);
            Ok(())
        })?;
        made.ok_or_else(|| StoreError::Corrupt("a create stored nothing".into()))
    }

    fn subject<P: Projection>(&self, id: &P::Id) -> Result<Option<(P, u64)>, StoreError> {
        typed_row(id, self.subject_raw(P::STREAM, id.as_str())?)
    }

    fn subjects<P: Projection>(&self, about: Option<&str>) -> Result<Vec<(P, u64)>, StoreError> {
        let mut out = Vec::new();
        self.each_subject_raw(P::STREAM, about, &mut |subject, version, text| {
            out.push((parse_state::<P>(subject, text)?, version));
            Ok(())
        })?;
        Ok(out)
    }

    fn subject_log<P: Projection>(&self, id: &P::Id) -> Result<Vec<SubjectEvent<P::Event>>, StoreError> {
        self.subject_log_raw(P::STREAM, id.as_str())?
            .into_iter()
            .map(|e| {
                let event = serde_json::from_str(&e.event)
                    .map_err(|err| StoreError::Corrupt(format!("{} event {}: {err}", P::STREAM, e.seq)))?;
                Ok(SubjectEvent { seq: e.seq, version: e.version, recorded: e.recorded, event })
            })
            .collect()
    }

    fn subject_entries<P: Projection>(&self, id: &P::Id) -> Result<Vec<SubjectEvent<Entry<P::Event>>>, StoreError> {
        self.subject_log_raw(P::STREAM, id.as_str())?
            .into_iter()
            .map(|e| {
                let event = Entry::parse(&e.event)
                    .map_err(|err| StoreError::Corrupt(format!("{} event {}: {err}", P::STREAM, e.seq)))?;
                Ok(SubjectEvent { seq: e.seq, version: e.version, recorded: e.recorded, event })
            })
            .collect()
    }
}
