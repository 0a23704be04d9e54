//! carefile's store: an append-only log of events and the projections built from it.
//!
//! Every change to a child's record is an event with who recorded it, when, and
//! why ([`Recorded`]); the current record is the fold of the child's events
//! ([`ChildRecord`]); a correction is a new event that refers to an earlier one.
//! Each write is checked against the domain's invariants before anything is
//! stored, inside one transaction, so a refused write leaves the log as it was.
//!
//! The [`EventStore`] trait is the interface the CLI and the web server use.
//! Two backends implement it with the same logic (`core.rs`) over a small set
//! of SQL operations (`backend.rs`): [`SqliteStore`], embedded in one file, and
//! [`PostgresStore`], chosen by a `postgres://` URL. Writes name the version of
//! the child's record they were based on, so two people editing one child
//! cannot overwrite each other silently; every write transaction is serialised
//! (SQLite's write lock, a PostgreSQL advisory lock), so `seq` is gap-free and
//! the audit hash chain has one order.
//!
//! Four typed streams share the `events` table: `child`, `org`, `users` (accounts,
//! restrictions and grants, folded into [`Accounts`]) and `audit` (who viewed or
//! changed what); beside them, any stream registered in `streams.rs` (people,
//! households, tasks, requests for authorisation…), one log per subject folded
//! by its domain projection into `subject_state` ([`Subjects`], decision 002). Each audit row stores `prev_hash` and `hash` =
//! SHA-256(prev_hash ‖ payload text), starting from 64 zeros, so editing,
//! removing or reordering a row breaks the chain that [`EventStore::check`]
//! verifies. (Cutting entries off the end is not detectable from the chain
//! alone: compare with an exported copy for that.)

mod audit;
mod backend;
mod backup;
mod bulk;
mod check;
mod core;
mod drafts;
mod error;
mod file_backup;
mod follow;
mod merges;
mod journal;
mod jsonl;
mod listen;
mod migrations;
mod postgres;
mod replays;
mod restore;
mod send_log;
mod sessions;
mod sql;
mod sqlite;
mod streams;
mod subjects;
mod transition;
mod url;

pub use audit::AuditFilter;
pub use check::{CheckReport, Inconsistency, OrderFinding};
pub use drafts::{Draft, Drafts};
pub use error::{Outage, StoreError};
pub use file_backup::is_sqlite_file;
pub use follow::{Change, Changes, Follow, ServerBeat, Setting};
pub use backup::BACKUP_FORMAT;
pub use journal::{Journal, JournalEntry};
pub use jsonl::{ExportLine, Stream};
pub use restore::{CHUNK, FileSource, ImportOptions, RestoreSummary, Source, Spooled};
pub use listen::Listener;
pub use migrations::{SCHEMA_VERSION, migrate_to, migration_names};
pub use postgres::PostgresStore;
pub use replays::{Claim, Replay, Replays};
pub use send_log::{Batch, BatchRow, Closed, HeldChild, SendLog};
pub use sessions::{ServerKey, SessionGrant, SessionRow, Sessions, ThrottleRow};
pub use sqlite::SqliteStore;
pub use streams::SubjectEvent;
pub use subjects::{Expected, Subjects, Tx, TxSubjects, sha256_hex};
pub use url::redacted;

use carefile_domain::access::{Accounts, AuditEntry, AuditRecord, UserEvent};
use carefile_domain::org::{OrgEvent, Organisation};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};
use std::io::{BufRead, Write};

/// A child's events, in recording order, for loading many children at once.
pub type ChildEvents = (ChildId, Vec<(Recorded, ChildEvent)>);

/// One stored event of a child's log.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub seq: u64,
    pub version: u64,
    pub recorded: Recorded,
    pub event: ChildEvent,
}

/// What an import or a bulk load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadSummary {
    pub children: u64,
    pub events: u64,
}

/// The store as the rest of carefile sees it. `Send` so a server can keep one
/// behind a mutex and use it from any thread. The state servers share outside
/// the log ([`Sessions`], [`Follow`]) comes with it.
pub trait EventStore: Sessions + Replays + Follow + Journal + SendLog + Drafts + Send {
    /// Appends events to one child's log. `expected` is the version the writer
    /// last saw (`None` for a new child); a different current version is a
    /// conflict. Returns the new version.
    fn append_child(
        &mut self,
        child: &ChildId,
        expected: Option<u64>,
        events: &[(Recorded, ChildEvent)],
    ) -> Result<u64, StoreError>;

    /// Appends organisation events (teams, staff).
    fn append_org(&mut self, events: &[(Recorded, OrgEvent)]) -> Result<(), StoreError>;

    /// Appends user events; if any cannot apply to the accounts as they stand,
    /// none is stored.
    fn append_users(&mut self, events: &[(Recorded, UserEvent)]) -> Result<(), StoreError>;

    /// Accounts, restrictions and grants as they stand.
    fn accounts(&self) -> Result<Accounts, StoreError>;

    /// Appends audit entries to the hash chain, in order, in one transaction:
    /// all are durable when this returns, or none is stored. Times are kept to
    /// the microsecond. A busy server hands over every entry waiting at once,
    /// so many views cost one flush to disk.
    fn append_audits(&mut self, entries: &[AuditEntry]) -> Result<Vec<AuditRecord>, StoreError>;

    /// Appends one audit entry; see [`EventStore::append_audits`].
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<AuditRecord, StoreError> {
        self.append_audits(std::slice::from_ref(entry))?
            .pop()
            .ok_or_else(|| StoreError::Corrupt("an audit write returned no record".into()))
    }

    /// Audit entries matching `filter`, newest first.
    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError>;

    /// Loads many children and the organisation into an empty store, checking
    /// every event; `progress` is told how many children are done. It commits
    /// every 20,000 events or so (`bulk.rs`), so the write-ahead log stays
    /// bounded: a load that fails part way leaves the chunks before it.
    fn bulk_load(
        &mut self,
        org: &[(Recorded, OrgEvent)],
        children: &mut dyn Iterator<Item = ChildEvents>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<LoadSummary, StoreError>;

    /// [`EventStore::bulk_load`] moving the journal entry `journal` (started
    /// with [`Journal::journal_start`]) on with each chunk: run again after an
    /// interruption with the same children, it skips those already committed.
    fn bulk_load_journaled(
        &mut self,
        journal: &str,
        org: &[(Recorded, OrgEvent)],
        children: &mut dyn Iterator<Item = ChildEvents>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<LoadSummary, StoreError>;

    /// A child's record and its version; a merged-away id gives its survivor's
    /// record (its `id` is the survivor's) and version.
    fn child(&self, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError>;

    /// Every child's record, in ID order. While a merge stands, the
    /// duplicate is not listed and its survivor's record folds both logs.
    fn children(&self) -> Result<Vec<ChildRecord>, StoreError>;

    /// Merges `duplicate` into `survivor` (a team manager's step, decision 002):
    /// from now on reads of either id give the survivor's record folded with the
    /// duplicate's log, and writes to the duplicate are refused. Refused when the
    /// two histories cannot stand together, naming the entry in the way.
    fn merge_children(
        &mut self,
        duplicate: &ChildId,
        survivor: &ChildId,
        recorded: &Recorded,
        reason: &str,
    ) -> Result<(), StoreError>;

    /// Ends `duplicate`'s merge: both records read as their own logs say.
    fn unmerge_children(&mut self, duplicate: &ChildId, recorded: &Recorded, reason: &str) -> Result<(), StoreError>;

    /// The record `id` stands merged into, if any.
    fn merged_into(&self, id: &ChildId) -> Result<Option<ChildId>, StoreError>;

    /// A child's log.
    fn child_log(&self, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError>;

    /// The organisation as it stands.
    fn organisation(&self) -> Result<Organisation, StoreError>;

    /// Writes a backup of the given streams (format 2, see `backup.rs`): a
    /// header, the events as JSON lines, the documents' bytes, and a closing
    /// record that proves the file whole. Returns the number of events.
    fn export(&self, streams: &[Stream], out: &mut dyn Write) -> Result<u64, StoreError>;

    /// Reads a backup into an empty store, exactly: proved whole and validated
    /// in full first (any bad line refuses the whole import, naming the source
    /// and the line, and nothing is written), then committed in chunks with a
    /// journal, so an interrupted import of the same file resumes (`restore.rs`).
    /// `progress` is told the lines committed.
    fn restore(
        &mut self,
        source: &dyn Source,
        options: &ImportOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<RestoreSummary, StoreError>;

    /// [`EventStore::restore`] from a stream read once (kept in a temporary file meanwhile).
    fn import(
        &mut self,
        source_name: &str,
        input: &mut dyn BufRead,
        options: &ImportOptions,
    ) -> Result<LoadSummary, StoreError> {
        let spooled = Spooled::new(source_name, input)?;
        Ok(self.restore(&spooled, options, &mut |_| {})?.loaded)
    }

    /// Verifies every log row, every projection against the replay of its log,
    /// and the audit chain; inconsistencies are listed, not raised.
    fn check(&self) -> Result<CheckReport, StoreError>;

    /// Applies schema migrations not yet applied; returns how many were.
    fn migrate(&mut self) -> Result<usize, StoreError>;

    /// Runs `f` as one write transaction over any streams: everything it
    /// appends is stored, or nothing is. Typed appends: [`TxSubjects`].
    fn transaction(&mut self, f: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// A subject of a stream beside the child's, as its stored projection text, and its version.
    /// Typed reads: [`Subjects`].
    fn subject_raw(&self, stream: &str, subject: &str) -> Result<Option<(String, u64)>, StoreError>;

    /// Every subject of `stream` (only those about the record `about`, when
    /// given): (subject, version, projection text), in subject order.
    fn each_subject_raw(
        &self,
        stream: &str,
        about: Option<&str>,
        f: &mut dyn FnMut(&str, u64, &str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// The bytes kept under `sha256` (a document's), checked against the hash.
    fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// A subject's events, the payload as stored text.
    fn subject_log_raw(&self, stream: &str, subject: &str) -> Result<Vec<SubjectEvent<String>>, StoreError>;
}

/// True when `db` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens the store named by `db`: a `postgres://` URL, or a SQLite file path
/// (created if missing). Either way the schema is brought up to date.
pub fn open(db: &str) -> Result<Box<dyn EventStore>, StoreError> {
    Ok(open_migrating(db)?.0)
}

/// [`open`], also saying how many schema migrations it applied.
pub fn open_migrating(db: &str) -> Result<(Box<dyn EventStore>, usize), StoreError> {
    if is_postgres_url(db) {
        let (store, applied) = PostgresStore::open_migrating(db)?;
        return Ok((Box::new(store), applied));
    }
    let (store, applied) = SqliteStore::open_migrating(db)?;
    Ok((Box::new(store), applied))
}

/// Opens the store named by `db` only to read it: nothing is migrated or
/// locked, so a reader never waits for writers, and a read-only copy opens.
pub fn open_read_only(db: &str) -> Result<Box<dyn EventStore>, StoreError> {
    if is_postgres_url(db) {
        return Ok(Box::new(PostgresStore::open_read_only(db)?));
    }
    Ok(Box::new(SqliteStore::open_read_only(db)?))
}
