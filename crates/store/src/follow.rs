//! What a server needs to follow the log (decision 006): the last `seq`, the
//! changes after a `seq`, a heartbeat per server, and the switches every
//! server obeys (settings such as the maintenance page).

use crate::backend::Backend;
use crate::core::Store;
use crate::error::StoreError;
use crate::sql::{Sql, text_at, time_at as time, ts, uint_at};
use chrono::{DateTime, Utc};

/// Free bytes under which a SQLite database's disk counts as full (`Follow::server_beat`).
pub const MIN_DISK_FREE: u64 = 1 << 20;

/// One event of the log as a follower sees it: enough to know what changed
/// (stream and subject) and, for streams folded as a whole, the event itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    /// `child`, `org`, `users`, or any stream added later.
    pub stream: String,
    pub subject: String,
    pub kind: String,
    /// The event as stored JSON text.
    pub payload: String,
}

/// Changes after a `seq`, and how far they reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// In `seq` order; audit entries are left out (nothing follows them).
    pub changes: Vec<Change>,
    /// Every event up to this `seq` has been looked at.
    pub through: u64,
}

/// A running server's heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBeat {
    /// Random per process start.
    pub id: String,
    pub host: String,
    pub pid: u64,
    /// carefile's version.
    pub version: String,
    pub started: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// How far its index has applied the log.
    pub applied_seq: u64,
}

/// A switch every server obeys, with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub value: String,
    pub set_at: DateTime<Utc>,
    pub set_by: String,
}

/// Following the log and the servers that do.
pub trait Follow {
    /// The highest `seq` in the log (0 when empty).
    fn last_seq(&self) -> Result<u64, StoreError>;
    /// Events with `after < seq <= upto`, audit entries left out, at most `limit` of them.
    fn changes_after(&self, after: u64, upto: u64, limit: usize) -> Result<Changes, StoreError>;
    /// Records this server's heartbeat (and proves the database takes writes); fails as a full
    /// disk when a SQLite database has less than [`MIN_DISK_FREE`] bytes left.
    fn server_beat(&mut self, beat: &ServerBeat) -> Result<(), StoreError>;
    /// Every server's latest heartbeat, most recent first.
    fn servers(&self) -> Result<Vec<ServerBeat>, StoreError>;
    /// Forgets servers not heard from since `before`.
    fn servers_forget(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError>;
    /// On a PostgreSQL standby, the seconds since the last transaction it
    /// replayed was committed on the primary (`None` elsewhere). It grows on an
    /// idle primary too: read it beside the lag in events.
    fn replay_lag(&self) -> Result<Option<f64>, StoreError>;
    /// The highest schema migration applied, as the database says now (a newer
    /// carefile may have migrated it since this one opened it).
    fn schema_version(&self) -> Result<u32, StoreError>;
    fn setting(&self, name: &str) -> Result<Option<Setting>, StoreError>;
    /// Sets (or with `None` clears) a setting.
    fn set_setting(&mut self, name: &str, value: Option<&str>, at: DateTime<Utc>, by: &str) -> Result<(), StoreError>;
}

pub(crate) fn last_seq(sql: &mut dyn Sql) -> Result<u64, StoreError> {
    let rows = sql.rows("SELECT COALESCE(MAX(seq), 0) FROM events", &[])?;
    rows.first().map_or(Ok(0), |r| uint_at(r, 0))
}

impl<B: Backend> Follow for Store<B> {
    fn last_seq(&self) -> Result<u64, StoreError> {
        self.backend().plain(last_seq)
    }

    fn changes_after(&self, after: u64, upto: u64, limit: usize) -> Result<Changes, StoreError> {
        if upto <= after {
            return Ok(Changes { changes: Vec::new(), through: after });
        }
        let rows = self.backend().plain(|sql| {
            sql.rows(
                "SELECT seq, stream, subject, kind, payload FROM events
                 WHERE seq > $1 AND seq <= $2 AND stream <> 'audit' ORDER BY seq LIMIT $3",
                &[after.into(), upto.into(), (limit as u64).into()],
            )
        })?;
        let changes = rows
            .iter()
            .map(|r| {
                Ok(Change {
                    seq: uint_at(r, 0)?,
                    stream: text_at(r, 1)?,
                    subject: text_at(r, 2)?,
                    kind: text_at(r, 3)?,
                    payload: text_at(r, 4)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // A full batch reaches only its last row; a short one reaches `upto`.
        let through = if changes.len() >= limit { changes.last().map_or(upto, |c| c.seq) } else { upto };
        Ok(Changes { changes, through })
    }

    fn server_beat(&mut self, b: &ServerBeat) -> Result<(), StoreError> {
        self.backend().plain(|sql| {
            sql.exec(
                "INSERT INTO servers (id, host, pid, version, started_at, last_seen, applied_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, applied_seq = excluded.applied_seq",
                &[
                    b.id.as_str().into(),
                    b.host.as_str().into(),
                    b.pid.into(),
                    b.version.as_str().into(),
                    ts(b.started),
                    ts(b.last_seen),
                    b.applied_seq.into(),
                ],
            )
        })?;
        // A beat is a tiny write that SQLite fits in its write-ahead log's reused pages even
        // when the disk is full; a user's save of any size would not.
        if self.backend().disk_free().is_some_and(|free| free < MIN_DISK_FREE) {
            return Err(StoreError::Io(std::io::ErrorKind::StorageFull.into()));
        }
        Ok(())
    }

    fn servers(&self) -> Result<Vec<ServerBeat>, StoreError> {
        self.backend().plain(|sql| {
            sql.rows(
                "SELECT id, host, pid, version, started_at, last_seen, applied_seq FROM servers ORDER BY last_seen DESC, id",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(ServerBeat {
                    id: text_at(r, 0)?,
                    host: text_at(r, 1)?,
                    pid: uint_at(r, 2)?,
                    version: text_at(r, 3)?,
                    started: time(r, 4)?,
                    last_seen: time(r, 5)?,
                    applied_seq: uint_at(r, 6)?,
                })
            })
            .collect()
        })
    }

    fn servers_forget(&mut self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.backend().plain(|sql| sql.exec("DELETE FROM servers WHERE last_seen < $1", &[ts(before)]))
    }

    fn replay_lag(&self) -> Result<Option<f64>, StoreError> {
        self.backend().replay_lag()
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        self.backend().plain(|sql| {
            let rows = sql.rows("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?;
            Ok(rows.first().map_or(Ok(0), |r| uint_at(r, 0))?.try_into().unwrap_or(u32::MAX))
        })
    }

    fn setting(&self, name: &str) -> Result<Option<Setting>, StoreError> {
        self.backend().plain(|sql| {
            let rows = sql.rows("SELECT value, set_at, set_by FROM settings WHERE name = $1", &[name.into()])?;
            rows.first()
                .map(|r| Ok(Setting { value: text_at(r, 0)?, set_at: time(r, 1)?, set_by: text_at(r, 2)? }))
                .transpose()
        })
    }

    fn set_setting(&mut self, name: &str, value: Option<&str>, at: DateTime<Utc>, by: &str) -> Result<(), StoreError> {
        self.backend().plain(|sql| match value {
            Some(v) => sql.exec(
                "INSERT INTO settings (name, value, set_at, set_by) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, set_by = excluded.set_by",
                &[name.into(), v.into(), ts(at), by.into()],
            ),
            None => sql.exec("DELETE FROM settings WHERE name = $1", &[name.into()]),
        })?;
        Ok(())
    }
}
