//! Signed-in sessions and the servers' shared keys (decision 006): rows
//! outside the log, so any server answers any request and a restart signs no
//! one out. Only the SHA-256 of a session's ID is stored. Times are stored as
//! the log stores them (UTC text to the microsecond), so comparisons are the
//! same on both backends.

use crate::backend::Backend;
use crate::core::Store;
use crate::error::StoreError;
use crate::sql::{Sql, text_at, time_at as time, ts, uint_at};
use chrono::{DateTime, Duration, Utc};

/// A signed-in session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// SHA-256 of the session ID, hex.
    pub key: String,
    pub username: String,
    pub csrf: String,
    pub created: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// The log's `seq` after this session's last write: a read replica that
    /// has not reached it is not used for this session's reads.
    pub wrote_seq: u64,
    /// Records opened beyond the role's scope (break glass, a stated reason), each until a time.
    pub grants: Vec<SessionGrant>,
}

/// One record a session opened, how (`break_glass` or `stated_reason`) and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionGrant {
    pub child: String,
    pub kind: String,
    pub until: DateTime<Utc>,
}

/// A shared secret, newest first when listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerKey {
    pub id: u64,
    /// 64 hex digits.
    pub secret: String,
    pub created: DateTime<Utc>,
}

/// A sign-in throttle's count (account, device or address), from its window's first failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleRow {
    pub failures: u64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// Attempts refused unchecked since `first_at`.
    pub refused: u64,
}

/// Sessions and keys, as the web servers share them through the database.
pub trait Sessions {
    /// Stores a new session (its grants are ignored).
    fn session_start(&mut self, s: &SessionRow) -> Result<(), StoreError>;
    /// The session stored under `key`, with its grants, whether expired or not.
    fn session(&self, key: &str) -> Result<Option<SessionRow>, StoreError>;
    /// Marks the session used at `now`.
    fn session_touch(&mut self, key: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Remembers the log's `seq` after the session's latest write.
    fn session_wrote(&mut self, key: &str, seq: u64) -> Result<(), StoreError>;
    /// Ends one session.
    fn session_end(&mut self, key: &str) -> Result<(), StoreError>;
    /// Ends every session of a user (disabled, or their password changed); returns how many.
    fn sessions_end_user(&mut self, username: &str) -> Result<u64, StoreError>;
    /// Opens `child` to a session until `until` (`kind`: how; a later opening of the child replaces it).
    fn session_grant(&mut self, key: &str, child: &str, kind: &str, until: DateTime<Utc>) -> Result<(), StoreError>;
    /// Deletes sessions unused since `idle_before` or made before `created_before`,
    /// and grants that have run out at `now`; returns how many sessions.
    fn sessions_sweep(
        &mut self,
        idle_before: DateTime<Utc>,
        created_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// How many sessions are live (for the metrics).
    fn sessions_live(&self, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> Result<u64, StoreError>;
    /// The keys for `purpose`, newest first. When there is none, or the newest
    /// was made `rotate_after` or longer before `now`, `candidate` (fresh random
    /// hex from the caller) becomes the newest; keys older than two rotations go.
    fn server_keys(
        &mut self,
        purpose: &str,
        now: DateTime<Utc>,
        rotate_after: Duration,
        candidate: &str,
    ) -> Result<Vec<ServerKey>, StoreError>;
    /// The throttle counted under `key`, if any.
    fn throttle(&self, key: &str) -> Result<Option<ThrottleRow>, StoreError>;
    /// Counts a failure under `key` at `now`, as one statement (servers
    /// counting at once lose nothing); a count whose first failure was before
    /// `window_start` starts again at this one. Returns the count.
    fn throttle_failed(&mut self, key: &str, now: DateTime<Utc>, window_start: DateTime<Utc>)
    -> Result<ThrottleRow, StoreError>;
    /// Counts an attempt refused unchecked under `key`; returns how many since the window began
    /// (0 when nothing is counted there).
    fn throttle_refused(&mut self, key: &str) -> Result<u64, StoreError>;
    /// Forgets the count under `key` (a successful sign-in).
    fn throttle_clear(&mut self, key: &str) -> Result<(), StoreError>;
    /// Forgets counts whose last failure was before `before`; returns how many.
    fn throttle_sweep(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}

fn throttle_row(r: &[crate::sql::Value]) -> Result<ThrottleRow, StoreError> {
    Ok(ThrottleRow { failures: uint_at(r, 0)?, first_at: time(r, 1)?, last_at: time(r, 2)?, refused: uint_at(r, 3)? })
}

const THROTTLE_ROW: &str = "SELECT failures, first_at, last_at, refused FROM throttle WHERE key = $1";

fn keys(sql: &mut dyn Sql, purpose: &str) -> Result<Vec<ServerKey>, StoreError> {
    sql.rows("SELECT id, secret, created_at FROM server_keys WHERE purpose = $1 ORDER BY id DESC", &[purpose.into()])?
        .iter()
        .map(|r| Ok(ServerKey { id: uint_at(r, 0)?, secret: text_at(r, 1)?, created: time(r, 2)? }))
        .collect()
}

impl<B: Backend> Sessions for Store<B> {
    fn session_start(&mut self, s: &SessionRow) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "INSERT INTO sessions (id_hash, username, csrf, created_at, last_seen, wrote_seq) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    s.key.as_str().into(),
                    s.username.as_str().into(),
                    s.csrf.as_str().into(),
                    ts(s.created),
                    ts(s.last_seen),
                    s.wrote_seq.into(),
                ],
            )?;
            Ok(())
        })
    }

    fn session(&self, key: &str) -> Result<Option<SessionRow>, StoreError> {
        self.backend().plain(|sql| {
            let rows = sql.rows(
                "SELECT username, csrf, created_at, last_seen, wrote_seq FROM sessions WHERE id_hash = $1",
                &[key.into()],
            )?;
            let Some(r) = rows.first() else { return Ok(None) };
            let grants = sql
                .rows("SELECT child, kind, until FROM session_grants WHERE id_hash = $1 ORDER BY child", &[key.into()])?
                .iter()
                .map(|g| Ok(SessionGrant { child: text_at(g, 0)?, kind: text_at(g, 1)?, until: time(g, 2)? }))
                .collect::<Result<_, StoreError>>()?;
            Ok(Some(SessionRow {
                key: key.to_string(),
                username: text_at(r, 0)?,
                csrf: text_at(r, 1)?,
                created: time(r, 2)?,
                last_seen: time(r, 3)?,
                wrote_seq: uint_at(r, 4)?,
                grants,
            }))
        })
    }

    fn session_touch(&mut self, key: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.backend()
            .plain(|sql| sql.exec("UPDATE sessions SET last_seen = $2 WHERE id_hash = $1", &[key.into(), ts(now)]))?;
        Ok(())
    }

    fn session_wrote(&mut self, key: &str, seq: u64) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "UPDATE sessions SET wrote_seq = $2 WHERE id_hash = $1 AND wrote_seq < $2",
                &[key.into(), seq.into()],
            )
        })?;
        Ok(())
    }

    fn session_end(&mut self, key: &str) -> Result<(), StoreError> {
        self.backend_mut().plain_tx(|sql| {
            sql.exec("DELETE FROM session_grants WHERE id_hash = $1", &[key.into()])?;
            sql.exec("DELETE FROM sessions WHERE id_hash = $1", &[key.into()])?;
            Ok(())
        })
    }

    fn sessions_end_user(&mut self, username: &str) -> Result<u64, StoreError> {
        self.backend_mut().plain_tx(|sql| {
            sql.exec(
                "DELETE FROM session_grants WHERE id_hash IN (SELECT id_hash FROM sessions WHERE username = $1)",
                &[username.into()],
            )?;
            sql.exec("DELETE FROM sessions WHERE username = $1", &[username.into()])
        })
    }

    fn session_grant(&mut self, key: &str, child: &str, kind: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "INSERT INTO session_grants (id_hash, child, kind, until) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id_hash, child) DO UPDATE SET kind = excluded.kind, until = excluded.until",
                &[key.into(), child.into(), kind.into(), ts(until)],
            )
        })?;
        Ok(())
    }

    fn sessions_sweep(
        &mut self,
        idle_before: DateTime<Utc>,
        created_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        self.backend_mut().plain_tx(|sql| {
            let n = sql.exec(
                "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2",
                &[ts(idle_before), ts(created_before)],
            )?;
            sql.exec(
                "DELETE FROM session_grants WHERE until <= $1 OR id_hash NOT IN (SELECT id_hash FROM sessions)",
                &[ts(now)],
            )?;
            Ok(n)
        })
    }

    fn sessions_live(&self, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.backend().plain(|sql| {
            let rows = sql.rows(
                "SELECT COUNT(*) FROM sessions WHERE last_seen >= $1 AND created_at >= $2",
                &[ts(idle_before), ts(created_before)],
            )?;
            rows.first().map_or(Ok(0), |r| uint_at(r, 0))
        })
    }

    fn server_keys(
        &mut self,
        purpose: &str,
        now: DateTime<Utc>,
        rotate_after: Duration,
        candidate: &str,
    ) -> Result<Vec<ServerKey>, StoreError> {
        let current = self.backend().plain(|sql| keys(sql, purpose))?;
        if current.first().is_some_and(|k| now - k.created < rotate_after) {
            return Ok(current);
        }
        self.backend_mut().plain_tx(|sql| {
            // Another server may have rotated meanwhile: decide again inside the transaction.
            let current = keys(sql, purpose)?;
            if current.first().is_some_and(|k| now - k.created < rotate_after) {
                return Ok(current);
            }
            let id = current.first().map_or(1, |k| k.id + 1);
            // A concurrent rotation by another server makes the same id: the first one wins.
            sql.exec(
                "INSERT INTO server_keys (purpose, id, secret, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[purpose.into(), id.into(), candidate.into(), ts(now)],
            )?;
            sql.exec(
                "DELETE FROM server_keys WHERE purpose = $1 AND created_at < $2",
                &[purpose.into(), ts(now - rotate_after - rotate_after)],
            )?;
            keys(sql, purpose)
        })
    }

    fn throttle(&self, key: &str) -> Result<Option<ThrottleRow>, StoreError> {
        self.backend().plain(|sql| sql.rows(THROTTLE_ROW, &[key.into()])?.first().map(|r| throttle_row(r)).transpose())
    }

    fn throttle_failed(
        &mut self,
        key: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<ThrottleRow, StoreError> {
        self.backend_mut().plain_tx(|sql| {
            sql.exec(
                "INSERT INTO throttle (key, failures, first_at, last_at, refused) VALUES ($1, 1, $2, $2, 0)
                 ON CONFLICT (key) DO UPDATE SET
                   failures = CASE WHEN throttle.first_at < $3 THEN 1 ELSE throttle.failures + 1 END,
                   refused = CASE WHEN throttle.first_at < $3 THEN 0 ELSE throttle.refused END,
                   first_at = CASE WHEN throttle.first_at < $3 THEN $2 ELSE throttle.first_at END,
                   last_at = $2",
                &[key.into(), ts(now), ts(window_start)],
            )?;
            let rows = sql.rows(THROTTLE_ROW, &[key.into()])?;
            throttle_row(rows.first().ok_or_else(|| StoreError::Corrupt("throttle row vanished".into()))?)
        })
    }

    fn throttle_refused(&mut self, key: &str) -> Result<u64, StoreError> {
        self.backend_mut().plain_tx(|sql| {
            sql.exec("UPDATE throttle SET refused = refused + 1 WHERE key = $1", &[key.into()])?;
            sql.rows(THROTTLE_ROW, &[key.into()])?.first().map_or(Ok(0), |r| uint_at(r, 3))
        })
    }

    fn throttle_clear(&mut self, key: &str) -> Result<(), StoreError> {
        self.backend().plain(|sql| sql.exec("DELETE FROM throttle WHERE key = $1", &[key.into()]))?;
        Ok(())
    }

    fn throttle_sweep(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.backend().plain(|sql| sql.exec("DELETE FROM throttle WHERE last_at < $1", &[ts(before)]))
    }
}
