//! The API's answers by idempotency key (decision 006): rows outside the log,
//! so a retried write reaching any server gets the first answer again instead
//! of a second write. A request claims its key before it writes (one row per
//! user and key, made by an insert that only one of two racing requests wins),
//! and stores its answer once it has one.

use crate::backend::Backend;
use crate::core::Store;
use crate::error::StoreError;
use crate::sql::{Sql, Value, text_at, ts, uint_at};
use chrono::{DateTime, Utc};

/// An answer kept for a retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    /// SHA-256 (hex) of what was asked, so a key reused for another request is told apart.
    pub request: String,
    pub status: u16,
    pub etag: Option<String>,
    /// The answer's JSON.
    pub body: String,
}

/// What a claim on a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is this request's: run it, then store its answer (or release the key).
    Claimed,
    /// An earlier request holds the key and has not answered yet (that request's hash).
    Running { request: String },
    /// The earlier request's answer.
    Answered(Replay),
}

/// Idempotency keys, as the web servers share them through the database.
pub trait Replays {
    /// Claims `key` of `user` for `request` at `now`. A claim made before `expired_before`, or
    /// one never answered made before `abandoned_before` (its server died), no longer holds.
    fn replay_claim(
        &mut self,
        user: &str,
        key: &str,
        request: &str,
        now: DateTime<Utc>,
        expired_before: DateTime<Utc>,
        abandoned_before: DateTime<Utc>,
    ) -> Result<Claim, StoreError>;
    /// Stores the answer to the request that claimed `key`.
    fn replay_answer(&mut self, user: &str, key: &str, answer: &Replay) -> Result<(), StoreError>;
    /// Gives up a claim that has no answer (the request failed before answering), so a retry runs.
    fn replay_release(&mut self, user: &str, key: &str) -> Result<(), StoreError>;
    /// Removes claims made before `before`; returns how many.
    fn replays_purge(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}

fn found(sql: &mut dyn Sql, user: &str, key: &str) -> Result<Option<Claim>, StoreError> {
    let rows = sql.rows(
        "SELECT request, status, etag, body FROM api_replays WHERE username = $1 AND key = $2",
        &[user.into(), key.into()],
    )?;
    let Some(r) = rows.first() else { return Ok(None) };
    let request = text_at(r, 0)?;
    if r.get(1) == Some(&Value::Null) {
        return Ok(Some(Claim::Running { request }));
    }
    let status = u16::try_from(uint_at(r, 1)?).map_err(|_| StoreError::Corrupt("a replay's status".into()))?;
    Ok(Some(Claim::Answered(Replay {
        request,
        status,
        etag: r.get(2).and_then(Value::text).map(str::to_string),
        body: text_at(r, 3)?,
    })))
}

impl<B: Backend> Replays for Store<B> {
    fn replay_claim(
        &mut self,
        user: &str,
        key: &str,
        request: &str,
        now: DateTime<Utc>,
        expired_before: DateTime<Utc>,
        abandoned_before: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "DELETE FROM api_replays WHERE username = $1 AND key = $2
                   AND (claimed_at < $3 OR (status IS NULL AND claimed_at < $4))",
                &[user.into(), key.into(), ts(expired_before), ts(abandoned_before)],
            )?;
            // Each statement stands alone: the row a racing request inserts or
            // deletes between two of them is seen by the next try.
            for _ in 0..3 {
                let inserted = sql.exec(
                    "INSERT INTO api_replays (username, key, request, claimed_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (username, key) DO NOTHING",
                    &[user.into(), key.into(), request.into(), ts(now)],
                )?;
                if inserted == 1 {
                    return Ok(Claim::Claimed);
                }
                if let Some(claim) = found(sql, user, key)? {
                    return Ok(claim);
                }
            }
            Err(StoreError::Corrupt(format!("the idempotency key '{key}' could be neither claimed nor read")))
        })
    }

    fn replay_answer(&mut self, user: &str, key: &str, a: &Replay) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "UPDATE api_replays SET status = $4, etag = $5, body = $6
                 WHERE username = $1 AND key = $2 AND request = $3 AND status IS NULL",
                &[
                    user.into(),
                    key.into(),
                    a.request.as_str().into(),
                    i64::from(a.status).into(),
                    a.etag.as_deref().into(),
                    a.body.as_str().into(),
                ],
            )
        })?;
        Ok(())
    }

    fn replay_release(&mut self, user: &str, key: &str) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "DELETE FROM api_replays WHERE username = $1 AND key = $2 AND status IS NULL",
                &[user.into(), key.into()],
            )
        })?;
        Ok(())
    }

    fn replays_purge(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.backend().plain(|sql| sql.exec("DELETE FROM api_replays WHERE claimed_at < $1", &[ts(before)]))
    }
}
