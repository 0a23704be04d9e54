//! The few SQL operations the store's logic needs, which each backend provides.

use crate::error::StoreError;
use crate::jsonl::Stream;
use crate::sql::Sql;

/// A row to insert into the log.
pub(crate) struct Row<'a> {
    pub seq: u64,
    pub stream: Stream,
    pub subject: &'a str,
    pub version: u64,
    pub kind: &'a str,
    pub effective: Option<String>,
    pub recorded_at: String,
    pub recorded_by: &'a str,
    pub reason: Option<&'a str>,
    pub payload: &'a str,
    /// (prev_hash, hash) for audit rows.
    pub chain: Option<(&'a str, &'a str)>,
}

/// A row of the log as read back, every column as stored.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub seq: u64,
    pub stream: String,
    pub subject: String,
    pub version: u64,
    pub kind: String,
    pub effective: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
    pub reason: Option<String>,
    pub payload: String,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// The columns of `events`, in [`EventRow`]'s order, for SELECTs.
pub(crate) const EVENT_COLUMNS: &str =
    "seq, stream, subject, version, kind, effective, recorded_at, recorded_by, reason, payload, prev_hash, hash";

/// A subject's projection as stored.
#[derive(Debug, Clone)]
pub(crate) struct SubjectRow {
    pub stream: String,
    pub subject: String,
    pub version: u64,
    pub state: String,
    /// The record it belongs to (a child's id), for listing.
    pub about: Option<String>,
}

/// The audit rows' narrowing columns, as stored text (`None` = any).
pub(crate) struct AuditQuery<'a> {
    pub user: Option<&'a str>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Operations inside one transaction (plain SQL too, for tables outside the
/// log that must change in the same transaction, such as an import's journal).
pub(crate) trait Db: Sql {
    /// The next global sequence number.
    fn next_seq(&mut self) -> Result<u64, StoreError>;
    fn event_count(&mut self) -> Result<u64, StoreError>;
    fn insert(&mut self, row: &Row) -> Result<(), StoreError>;
    /// One subject's events in version order.
    fn log(&mut self, stream: Stream, subject: &str) -> Result<Vec<EventRow>, StoreError>;
    /// The last audit row's version and hash.
    fn last_audit(&mut self) -> Result<Option<(u64, String)>, StoreError>;
    /// A child's projection: version and state text.
    fn state(&mut self, child: &str) -> Result<Option<(u64, String)>, StoreError>;
    fn save_state(&mut self, child: &str, version: u64, state: &str) -> Result<(), StoreError>;
    /// Every projection in child ID order: (child, version, state).
    fn each_state(
        &mut self,
        f: &mut dyn FnMut(String, u64, String) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Every event in seq order.
    fn each_event(&mut self, f: &mut dyn FnMut(EventRow) -> Result<(), StoreError>) -> Result<(), StoreError>;
    /// Audit rows newest first, narrowed by `q`, until `f` returns false.
    fn each_audit(
        &mut self,
        q: &AuditQuery,
        f: &mut dyn FnMut(EventRow) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError>;
    /// A subject's projection in a stream beside the child's: version and state text.
    fn subject_state(&mut self, stream: &str, subject: &str) -> Result<Option<(u64, String)>, StoreError>;
    fn save_subject_state(&mut self, row: &SubjectRow) -> Result<(), StoreError>;
    /// Every projection of `stream` (of every such stream when `None`), only
    /// those about `about` when given, by stream then subject in byte order.
    fn each_subject_state(
        &mut self,
        stream: Option<&str>,
        about: Option<&str>,
        f: &mut dyn FnMut(SubjectRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Stores bytes under their SHA-256 (once: the same bytes again are already there).
    fn put_blob(&mut self, sha256: &str, content: &[u8]) -> Result<(), StoreError>;
    fn blob(&mut self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn blob_size(&mut self, sha256: &str) -> Result<Option<u64>, StoreError>;
    /// The highest number among children's IDs of the form `prefix` and digits (0 if none).
    fn max_child_number(&mut self, prefix: &str) -> Result<u64, StoreError>;
    /// The last subject number handed out in `stream` (0 before the first).
    fn last_number(&mut self, stream: &str) -> Result<u64, StoreError>;
    fn set_last_number(&mut self, stream: &str, n: u64) -> Result<(), StoreError>;
}

/// A database connection that runs the logic in transactions.
pub(crate) trait Backend: Send {
    /// Runs `f` in a write transaction that no other writer overlaps, and
    /// commits (durably) only if it succeeds.
    fn write<T>(&mut self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError>;
    /// Runs `f` on one consistent snapshot.
    fn read<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError>;
    fn migrate(&mut self) -> Result<usize, StoreError>;
    /// Runs `f` in a transaction that does not take the log's write lock: for
    /// the tables outside the log, which never hold up a write to it.
    fn plain_tx<T>(&mut self, f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError>;
    /// Runs `f`'s statements each on its own (autocommit): one round trip
    /// each, for a session looked up on every request.
    fn plain<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError>;
    /// Seconds since the last transaction a standby replayed (`None` on a primary or SQLite).
    fn replay_lag(&self) -> Result<Option<f64>, StoreError>;
    /// Bytes free for the database on its file system, where carefile can see it (a SQLite file).
    fn disk_free(&self) -> Option<u64> {
        None
    }
}

/// A stored integer as the u64 the store uses.
pub(crate) fn unsigned(v: i64, what: &str) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} is negative ({v})")))
}
