//! Drafts of forms (issue 13: nothing typed is lost): what a user typed,
//! saved as they type, kept under their name and the form's address, so it
//! survives the session ending, a restart and someone else's save. Rows
//! outside the log, like sessions.

use crate::backend::Backend;
use crate::core::Store;
use crate::error::StoreError;
use crate::sql::{Value, text_at, time_at, ts};
use chrono::{DateTime, Utc};

/// A form as its author left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub author: String,
    /// The form's address (`/children/C1/notes`).
    pub key: String,
    /// How the author's list names it ("Case note for Ada Example").
    pub title: String,
    pub child: Option<String>,
    /// The version of what the form edits when it was opened, to show a later save beside the draft.
    pub base: Option<u64>,
    /// The fields as typed, in order.
    pub fields: Vec<(String, String)>,
    pub saved_at: DateTime<Utc>,
}

/// Drafts, kept in the database.
pub trait Drafts {
    /// Saves (or replaces) a draft.
    fn draft_save(&mut self, d: &Draft) -> Result<(), StoreError>;
    fn draft(&self, author: &str, key: &str) -> Result<Option<Draft>, StoreError>;
    /// An author's drafts, newest first.
    fn drafts_of(&self, author: &str) -> Result<Vec<Draft>, StoreError>;
    fn draft_delete(&mut self, author: &str, key: &str) -> Result<(), StoreError>;
    /// Removes drafts saved before `before`; returns how many.
    fn drafts_purge(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}

const COLUMNS: &str = "author, key, title, child, base, fields, saved_at";

fn row(r: &[Value]) -> Result<Draft, StoreError> {
    let fields: Vec<(String, String)> =
        serde_json::from_str(&text_at(r, 5)?).map_err(|e| StoreError::Corrupt(format!("a draft's fields: {e}")))?;
    Ok(Draft {
        author: text_at(r, 0)?,
        key: text_at(r, 1)?,
        title: text_at(r, 2)?,
        child: r.get(3).and_then(Value::text).map(str::to_string),
        base: r.get(4).and_then(Value::int).and_then(|v| u64::try_from(v).ok()),
        fields,
        saved_at: time_at(r, 6)?,
    })
}

impl<B: Backend> Drafts for Store<B> {
    fn draft_save(&mut self, d: &Draft) -> Result<(), StoreError> {
        let fields = serde_json::to_string(&d.fields).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.backend().plain(|sql| {
            sql.exec(
                &format!(
                    "INSERT INTO drafts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (author, key) DO UPDATE SET title = excluded.title, child = excluded.child,
                       base = excluded.base, fields = excluded.fields, saved_at = excluded.saved_at"
                ),
                &[
                    d.author.as_str().into(),
                    d.key.as_str().into(),
                    d.title.as_str().into(),
                    d.child.as_deref().into(),
                    d.base.into(),
                    fields.into(),
                    ts(d.saved_at),
                ],
            )?;
            Ok(())
        })
    }

    fn draft(&self, author: &str, key: &str) -> Result<Option<Draft>, StoreError> {
        self.backend().plain(|sql| {
            let rows = sql.rows(
                &format!("SELECT {COLUMNS} FROM drafts WHERE author = $1 AND key = $2"),
                &[author.into(), key.into()],
            )?;
            rows.first().map(|r| row(r)).transpose()
        })
    }

    fn drafts_of(&self, author: &str) -> Result<Vec<Draft>, StoreError> {
        self.backend().plain(|sql| {
            sql.rows(
                &format!("SELECT {COLUMNS} FROM drafts WHERE author = $1 ORDER BY saved_at DESC"),
                &[author.into()],
            )?
            .iter()
            .map(|r| row(r))
            .collect()
        })
    }

    fn draft_delete(&mut self, author: &str, key: &str) -> Result<(), StoreError> {
        self.backend()
            .plain(|sql| sql.exec("DELETE FROM drafts WHERE author = $1 AND key = $2", &[author.into(), key.into()]))?;
        Ok(())
    }

    fn drafts_purge(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.backend().plain(|sql| sql.exec("DELETE FROM drafts WHERE saved_at < $1", &[ts(before)]))
    }
}
