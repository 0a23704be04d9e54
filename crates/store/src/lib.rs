//! carefile's store: an append-only log of events and the projections built from it.
//!
//! Every change to a child's record is an event with who recorded it, when, and
//! why ([`Recorded`]); the current record is the fold of the child's events
//! ([`ChildRecord`]); a correction is a new event that refers to an earlier one.
//! Each write is checked against the domain's invariants before anything is
//! stored, inside one transaction, so a refused write leaves the log as it was.
//!
//! The [`EventStore`] trait is the interface the CLI and the web server use;
//! [`SqliteStore`] is the embedded backend. Writes name the version of the
//! child's record they were based on, so two people editing one child cannot
//! overwrite each other silently.

mod error;
mod jsonl;
mod sqlite;
mod transition;

pub use error::StoreError;
pub use jsonl::{ExportLine, Stream};
pub use sqlite::SqliteStore;

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

/// The store as the rest of carefile sees it.
pub trait EventStore {
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

    /// Loads many children and the organisation into an empty store, checking
    /// every event; `progress` is told how many children are done.
    fn bulk_load(
        &mut self,
        org: &[(Recorded, OrgEvent)],
        children: &mut dyn Iterator<Item = ChildEvents>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<LoadSummary, StoreError>;

    /// A child's record and its version.
    fn child(&self, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError>;

    /// Every child's record, in ID order.
    fn children(&self) -> Result<Vec<ChildRecord>, StoreError>;

    /// A child's log.
    fn child_log(&self, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError>;

    /// The organisation as it stands.
    fn organisation(&self) -> Result<Organisation, StoreError>;

    /// Writes the log of the given streams as JSON lines; returns the number of lines.
    fn export(&self, streams: &[Stream], out: &mut dyn Write) -> Result<u64, StoreError>;

    /// Reads an export into an empty store, exactly; any bad line refuses the
    /// whole import and names `source_name` and the line.
    fn import(&mut self, source_name: &str, input: &mut dyn BufRead) -> Result<LoadSummary, StoreError>;
}

/// Opens the store named by `db`: a SQLite file path (created if missing).
/// `postgres://` URLs are refused until that backend exists.
pub fn open(db: &str) -> Result<Box<dyn EventStore>, StoreError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Err(StoreError::Unsupported("the PostgreSQL backend is not built yet: use a SQLite file path".into()));
    }
    Ok(Box::new(SqliteStore::open(db)?))
}
