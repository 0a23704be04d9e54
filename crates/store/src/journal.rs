//! The journal of imports committed in chunks: which input (by its hash), how
//! far it got, and the time its events are recorded at, so that a killed
//! import run again resumes after its last committed chunk and ends exactly as
//! an uninterrupted run would; and so that a second, different import cannot
//! start on top of an unfinished one.

use crate::backend::Backend;
use crate::core::Store;
use crate::error::StoreError;
use crate::sql::{Sql, Value, text_at, time_at, ts, uint_at};
use chrono::{DateTime, Utc};

/// One import as the journal knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// SHA-256 of the input (files and options), hex.
    pub id: String,
    /// `events`, `ssda903` or `cin`.
    pub kind: String,
    /// The input as named on the command line.
    pub source: String,
    pub started_at: DateTime<Utc>,
    /// The time every event the import writes is recorded at.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Lines (events) or children (returns) committed so far.
    pub position: u64,
    pub total: u64,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Imports' journal.
pub trait Journal {
    /// The entry for the input `id`, if one was started.
    fn journal(&self, id: &str) -> Result<Option<JournalEntry>, StoreError>;
    /// Imports started and not finished (interrupted, or running now).
    fn journal_unfinished(&self) -> Result<Vec<JournalEntry>, StoreError>;
    /// Records that an import starts (position 0).
    fn journal_start(&mut self, entry: &JournalEntry) -> Result<(), StoreError>;
    /// Records that an import finished.
    fn journal_finish(&mut self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
}

const COLUMNS: &str = "id, kind, source, started_at, recorded_at, position, total, finished_at";

fn entry(r: &[Value]) -> Result<JournalEntry, StoreError> {
    Ok(JournalEntry {
        id: text_at(r, 0)?,
        kind: text_at(r, 1)?,
        source: text_at(r, 2)?,
        started_at: time_at(r, 3)?,
        recorded_at: if r.get(4) == Some(&Value::Null) { None } else { Some(time_at(r, 4)?) },
        position: uint_at(r, 5)?,
        total: uint_at(r, 6)?,
        finished_at: if r.get(7) == Some(&Value::Null) { None } else { Some(time_at(r, 7)?) },
    })
}

/// Moves an import on, inside the transaction that committed its chunk.
pub(crate) fn advance(sql: &mut dyn Sql, id: &str, position: u64) -> Result<(), StoreError> {
    let n = sql.exec("UPDATE import_journal SET position = $2 WHERE id = $1", &[id.into(), position.into()])?;
    if n != 1 {
        return Err(StoreError::Corrupt(format!("the import journal has no entry {id}")));
    }
    Ok(())
}

impl<B: Backend> Journal for Store<B> {
    fn journal(&self, id: &str) -> Result<Option<JournalEntry>, StoreError> {
        let rows = self
            .backend()
            .plain(|sql| sql.rows(&format!("SELECT {COLUMNS} FROM import_journal WHERE id = $1"), &[id.into()]))?;
        rows.first().map(|r| entry(r)).transpose()
    }

    fn journal_unfinished(&self) -> Result<Vec<JournalEntry>, StoreError> {
        let rows = self.backend().plain(|sql| {
            sql.rows(
                &format!("SELECT {COLUMNS} FROM import_journal WHERE finished_at IS NULL ORDER BY started_at"),
                &[],
            )
        })?;
        rows.iter().map(|r| entry(r)).collect()
    }

    fn journal_start(&mut self, e: &JournalEntry) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                &format!("INSERT INTO import_journal ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)"),
                &[
                    e.id.as_str().into(),
                    e.kind.as_str().into(),
                    e.source.as_str().into(),
                    ts(e.started_at),
                    e.recorded_at.map_or(Value::Null, ts),
                    e.position.into(),
                    e.total.into(),
                ],
            )
        })?;
        Ok(())
    }

    fn journal_finish(&mut self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec("UPDATE import_journal SET finished_at = $2, position = total WHERE id = $1", &[id.into(), ts(at)])
        })?;
        Ok(())
    }
}
