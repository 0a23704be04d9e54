//! The send log of the DfE's children's social care API (`crates/dfe-api`): every request made and
//! its outcome, and what the DfE holds for each child after its last accepted request. Tables beside
//! the event log (migration 0007), like sessions (decision 006): operational state, not facts about
//! children, so they are neither events nor exported. Plain SQL on either backend (`sql.rs`);
//! timestamps are the caller's (the store never reads the clock).
//!
//! A batch is recorded as `prepared` before its request is made; its receipts and the children's new
//! state are written in one transaction when it is accepted, so a batch with a stored receipt is
//! never sent again, and a run killed in between leaves that batch `prepared`, its children as the
//! DfE last acknowledged them: the next run sends them again (the API replaces a child by its ID).

use crate::backend::Backend;
use crate::core::Store;
use crate::error::StoreError;
use crate::sql::{Sql, Value, text_at, uint_at};

/// A request about to be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub batch_id: String,
    pub run_id: String,
    /// The reference date the payloads were made for (YYYY-MM-DD).
    pub as_of: String,
    /// The version of the DfE's OpenAPI document.
    pub schema: String,
    pub created_at: String,
    /// Child IDs in request order.
    pub children: Vec<String>,
    /// SHA-256 of the request body (the body itself is never kept).
    pub body_sha256: String,
}

/// One child of an accepted batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldChild {
    pub child: String,
    /// What the DfE now holds (the caller's JSON); `None` when the child was purged.
    pub held: Option<String>,
    pub receipt: Option<String>,
}

/// How a batch ended when it was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// The API refused it for good (400, 413): sending it again as it is would not help.
    Refused,
    /// The run gave up on it (authorisation, repeated errors): a later run sends its children again.
    Failed,
}

/// A request as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    pub batch: Batch,
    /// `prepared`, `accepted`, `refused` or `failed`.
    pub status: String,
    pub http_status: Option<u16>,
    pub attempts: u32,
    /// The last error or refusal, as the API said it (never a payload).
    pub detail: Option<String>,
    pub receipts: Vec<String>,
    pub updated_at: String,
}

/// The send log's operations (every store has them: [`crate::EventStore`] requires them).
pub trait SendLog {
    /// Every child the DfE holds, with what it holds (the caller's JSON), by child ID.
    fn dfe_held(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Records a request about to be made.
    fn dfe_prepare(&mut self, batch: &Batch) -> Result<(), StoreError>;
    /// Records one attempt that did not settle the batch (an error to retry, a token to refresh).
    fn dfe_attempted(
        &mut self,
        batch_id: &str,
        http_status: Option<u16>,
        detail: &str,
        at: &str,
    ) -> Result<(), StoreError>;
    /// Records an accepted batch and what the DfE now holds for each of its children, in one transaction.
    fn dfe_accepted(
        &mut self,
        batch_id: &str,
        http_status: u16,
        receipts: &[String],
        children: &[HeldChild],
        at: &str,
    ) -> Result<(), StoreError>;
    /// Records a batch that was not accepted.
    fn dfe_closed(
        &mut self,
        batch_id: &str,
        how: Closed,
        http_status: Option<u16>,
        detail: &str,
        at: &str,
    ) -> Result<(), StoreError>;
    /// The recorded requests, newest first: those of `run`, or the last `limit` of all.
    fn dfe_batches(&self, run: Option<&str>, limit: usize) -> Result<Vec<BatchRow>, StoreError>;
}

const BATCH_COLUMNS: &str = "batch_id, run_id, as_of, schema, created_at, children, body_sha256, status, http_status, attempts, detail, receipts, updated_at";

fn json_list(v: &[String]) -> Value {
    Value::Text(serde_json::to_string(v).expect("strings serialise"))
}

fn list_at(row: &[Value], i: usize, what: &str) -> Result<Vec<String>, StoreError> {
    match row.get(i).and_then(Value::text) {
        None => Ok(vec![]),
        Some(s) => serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}"))),
    }
}

fn status(http: Option<u16>) -> Value {
    http.map(i64::from).into()
}

fn one_prepared(updated: u64, batch_id: &str) -> Result<(), StoreError> {
    if updated == 1 { Ok(()) } else { Err(StoreError::Refused(format!("no prepared request {batch_id}"))) }
}

fn batch_row(r: &[Value]) -> Result<BatchRow, StoreError> {
    Ok(BatchRow {
        batch: Batch {
            batch_id: text_at(r, 0)?,
            run_id: text_at(r, 1)?,
            as_of: text_at(r, 2)?,
            schema: text_at(r, 3)?,
            created_at: text_at(r, 4)?,
            children: list_at(r, 5, "a request's children")?,
            body_sha256: text_at(r, 6)?,
        },
        status: text_at(r, 7)?,
        http_status: r.get(8).and_then(Value::int).and_then(|n| u16::try_from(n).ok()),
        attempts: u32::try_from(uint_at(r, 9)?).unwrap_or(u32::MAX),
        detail: r.get(10).and_then(Value::text).map(String::from),
        receipts: list_at(r, 11, "a request's receipts")?,
        updated_at: text_at(r, 12)?,
    })
}

fn hold(sql: &mut dyn Sql, batch_id: &str, c: &HeldChild, at: &str) -> Result<(), StoreError> {
    sql.exec("DELETE FROM dfe_api_held WHERE child_id = $1", &[c.child.as_str().into()])?;
    if let Some(held) = &c.held {
        sql.exec(
            "INSERT INTO dfe_api_held (child_id, held, receipt, batch_id, accepted_at) VALUES ($1, $2, $3, $4, $5)",
            &[c.child.as_str().into(), held.as_str().into(), c.receipt.clone().into(), batch_id.into(), at.into()],
        )?;
    }
    Ok(())
}

impl<B: Backend> SendLog for Store<B> {
    fn dfe_held(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.backend().plain(|sql| {
            sql.rows("SELECT child_id, held FROM dfe_api_held ORDER BY child_id", &[])?
                .iter()
                .map(|r| Ok((text_at(r, 0)?, text_at(r, 1)?)))
                .collect()
        })
    }

    fn dfe_prepare(&mut self, b: &Batch) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                &format!(
                    "INSERT INTO dfe_api_batches ({BATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, 'prepared', NULL, 0, NULL, NULL, $5)"
                ),
                &[
                    b.batch_id.as_str().into(),
                    b.run_id.as_str().into(),
                    b.as_of.as_str().into(),
                    b.schema.as_str().into(),
                    b.created_at.as_str().into(),
                    json_list(&b.children),
                    b.body_sha256.as_str().into(),
                ],
            )?;
            Ok(())
        })
    }

    fn dfe_attempted(
        &mut self,
        batch_id: &str,
        http_status: Option<u16>,
        detail: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let n = self.backend().plain(|sql| {
            sql.exec(
                "UPDATE dfe_api_batches SET attempts = attempts + 1, http_status = $2, detail = $3, updated_at = $4 WHERE batch_id = $1 AND status = 'prepared'",
                &[batch_id.into(), status(http_status), detail.into(), at.into()],
            )
        })?;
        one_prepared(n, batch_id)
    }

    fn dfe_accepted(
        &mut self,
        batch_id: &str,
        http_status: u16,
        receipts: &[String],
        children: &[HeldChild],
        at: &str,
    ) -> Result<(), StoreError> {
        self.backend_mut().plain_tx(|sql| {
            let n = sql.exec(
                "UPDATE dfe_api_batches SET status = 'accepted', attempts = attempts + 1, http_status = $2, detail = NULL, receipts = $3, updated_at = $4 WHERE batch_id = $1 AND status = 'prepared'",
                &[batch_id.into(), status(Some(http_status)), json_list(receipts), at.into()],
            )?;
            one_prepared(n, batch_id)?;
            for c in children {
                hold(sql, batch_id, c, at)?;
            }
            Ok(())
        })
    }

    fn dfe_closed(
        &mut self,
        batch_id: &str,
        how: Closed,
        http_status: Option<u16>,
        detail: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let how = match how {
            Closed::Refused => "refused",
            Closed::Failed => "failed",
        };
        let n = self.backend().plain(|sql| {
            sql.exec(
                "UPDATE dfe_api_batches SET status = $2, http_status = $3, detail = $4, updated_at = $5 WHERE batch_id = $1 AND status = 'prepared'",
                &[batch_id.into(), how.into(), status(http_status), detail.into(), at.into()],
            )
        })?;
        one_prepared(n, batch_id)
    }

    fn dfe_batches(&self, run: Option<&str>, limit: usize) -> Result<Vec<BatchRow>, StoreError> {
        let limit = Value::from(limit as u64);
        self.backend().plain(|sql| {
            let rows = match run {
                Some(run) => sql.rows(
                    &format!("SELECT {BATCH_COLUMNS} FROM dfe_api_batches WHERE run_id = $1 ORDER BY created_at DESC, batch_id DESC LIMIT $2"),
                    &[run.into(), limit],
                )?,
                None => sql.rows(
                    &format!("SELECT {BATCH_COLUMNS} FROM dfe_api_batches ORDER BY created_at DESC, batch_id DESC LIMIT $1"),
                    &[limit],
                )?,
            };
            rows.iter().map(|r| batch_row(r)).collect()
        })
    }
}
