//! The embedded SQLite backend.

use crate::backend::{AuditQuery, Backend, Db, EVENT_COLUMNS, EventRow, Row, SubjectRow};
use crate::core::Store;
use crate::error::StoreError;
use crate::jsonl::Stream;
use crate::migrations::{MIGRATIONS, check_schema};
use crate::sql::{Sql, Value, for_sqlite};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params, params_from_iter};

/// A carefile database in one SQLite file.
pub type SqliteStore = Store<Sqlite>;

/// The SQLite connection behind a [`SqliteStore`].
pub struct Sqlite {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        Ok(Self::open_migrating(path)?.0)
    }

    /// [`open`](Self::open), also saying how many migrations it applied.
    pub fn open_migrating(path: &str) -> Result<(Self, usize), StoreError> {
        Self::setup(Connection::open(path)?)
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Ok(Self::setup(Connection::open_in_memory()?)?.0)
    }

    /// Opens an existing database only to read it: no migration, no write
    /// lock taken, so a reader never waits for a writer (WAL) and a read-only
    /// copy (a file or folder it may not write) still opens. The schema must be
    /// the one this build knows.
    pub fn open_read_only(path: &str) -> Result<Self, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let probe = |conn: Connection| -> Result<Connection, rusqlite::Error> {
            conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
            Ok(conn)
        };
        let conn = match Connection::open_with_flags(path, flags).and_then(probe) {
            Ok(conn) => conn,
            // WAL readers need the -shm file beside the database; where it
            // cannot be made, the copy is read as immutable (nobody writes it).
            Err(first) if std::path::Path::new(path).is_file() => {
                let uri = format!("file:{}?immutable=1", uri_path(path));
                Connection::open_with_flags(uri, flags).and_then(probe).map_err(|_| first)?
            }
            Err(e) => return Err(e.into()),
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let backend = Sqlite { conn };
        check_schema(backend.schema_version()?, true)?;
        Ok(Store::new(backend))
    }

    fn setup(conn: Connection) -> Result<(Self, usize), StoreError> {
        // Several processes may open one file at once: wait for each other's locks.
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // WAL with synchronous=FULL: a commit returns only once it is on disk.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut backend = Sqlite { conn };
        let applied = backend.migrate()?;
        Ok((Store::new(backend), applied))
    }

    /// The underlying connection, for tests that tamper with the file on purpose.
    pub fn connection(&self) -> &Connection {
        &self.backend().conn
    }
}

impl Backend for Sqlite {
    fn write<T>(&mut self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
        // IMMEDIATE takes the write lock before reading, so a writer never
        // reads a version another writer is about to change.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&mut Lite(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    fn read<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
        // Dropped without commit: a read-only snapshot.
        let tx = self.conn.unchecked_transaction()?;
        f(&mut Lite(&tx))
    }

    fn migrate(&mut self) -> Result<usize, StoreError> {
        migrate_upto(&mut self.conn, crate::migrations::SCHEMA_VERSION)
    }

    fn plain_tx<T>(&mut self, f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&mut Lite(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    fn plain<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        f(&mut Lite(&self.conn))
    }

    fn replay_lag(&self) -> Result<Option<f64>, StoreError> {
        Ok(None)
    }

    fn disk_free(&self) -> Option<u64> {
        let file = std::path::Path::new(self.conn.path().filter(|p| !p.is_empty())?);
        let fs = rustix::fs::statvfs(file.parent()?).ok()?;
        Some(fs.f_bavail.saturating_mul(fs.f_frsize))
    }
}

impl Sqlite {
    /// The highest migration applied (0 for a new file).
    fn schema_version(&self) -> Result<u32, StoreError> {
        Lite(&self.conn).schema_version()
    }
}

/// Applies the migrations not yet applied, up to `upto`, in one transaction.
pub(crate) fn migrate_upto(conn: &mut Connection, upto: u32) -> Result<usize, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    )?;
    check_schema(Lite(&tx).schema_version()?, false)?;
    let mut applied = 0;
    for m in MIGRATIONS.iter().filter(|m| m.version <= upto) {
        let done: bool =
            tx.query_row("SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?1)", [m.version], |r| {
                r.get(0)
            })?;
        if !done {
            tx.execute_batch(m.sqlite)?;
            tx.execute("INSERT INTO schema_migrations (version) VALUES (?1)", [m.version])?;
            applied += 1;
        }
    }
    tx.commit()?;
    Ok(applied)
}

/// A file path as the path of a `file:` URI.
fn uri_path(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            '%' | '?' | '#' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

struct Lite<'a>(&'a Connection);

impl Lite<'_> {
    fn schema_version(&self) -> Result<u32, StoreError> {
        let exists: bool = self.0.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
            [],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        Ok(self.0.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?)
    }
}

fn lite_params(params: &[Value]) -> impl Iterator<Item = rusqlite::types::Value> + '_ {
    params.iter().map(|v| match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
    })
}

impl Sql for Lite<'_> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let n = self.0.prepare_cached(&for_sqlite(sql))?.execute(params_from_iter(lite_params(params)))?;
        Ok(n as u64)
    }

    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        let mut stmt = self.0.prepare_cached(&for_sqlite(sql))?;
        let width = stmt.column_count();
        let mut rows = stmt.query(params_from_iter(lite_params(params)))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(width);
            for i in 0..width {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Real(_) | ValueRef::Blob(_) => {
                        return Err(StoreError::Corrupt(format!("column {i} holds neither text nor an integer")));
                    }
                });
            }
            out.push(row);
        }
        Ok(out)
    }
}

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        seq: r.get(0)?,
        stream: r.get(1)?,
        subject: r.get(2)?,
        version: r.get(3)?,
        kind: r.get(4)?,
        effective: r.get(5)?,
        recorded_at: r.get(6)?,
        recorded_by: r.get(7)?,
        reason: r.get(8)?,
        payload: r.get(9)?,
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

impl Db for Lite<'_> {
    fn next_seq(&mut self) -> Result<u64, StoreError> {
        Ok(self.0.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", [], |r| r.get(0))?)
    }

    fn event_count(&mut self) -> Result<u64, StoreError> {
        Ok(self.0.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?)
    }

    fn insert(&mut self, row: &Row) -> Result<(), StoreError> {
        let mut stmt = self.0.prepare_cached(
            "INSERT INTO events (seq, stream, subject, version, kind, effective, recorded_at, recorded_by, reason, payload, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        stmt.execute(params![
            row.seq,
            row.stream.as_str(),
            row.subject,
            row.version,
            row.kind,
            row.effective,
            row.recorded_at,
            row.recorded_by,
            row.reason,
            row.payload,
            row.chain.map(|c| c.0),
            row.chain.map(|c| c.1),
        ])?;
        Ok(())
    }

    fn log(&mut self, stream: Stream, subject: &str) -> Result<Vec<EventRow>, StoreError> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE stream = ?1 AND subject = ?2 ORDER BY version"
        ))?;
        let rows = stmt.query_map([stream.as_str(), subject], event_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn last_audit(&mut self) -> Result<Option<(u64, String)>, StoreError> {
        Ok(self
            .0
            .query_row(
                "SELECT version, hash FROM events WHERE stream = 'audit' AND subject = '' ORDER BY version DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())),
            )
            .optional()?)
    }

    fn state(&mut self, child: &str) -> Result<Option<(u64, String)>, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT version, state FROM child_state WHERE child_id = ?1")?
            .query_row([child], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn save_state(&mut self, child: &str, version: u64, state: &str) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "INSERT INTO child_state (child_id, version, state) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id) DO UPDATE SET version = excluded.version, state = excluded.state",
            )?
            .execute(params![child, version, state])?;
        Ok(())
    }

    fn each_state(
        &mut self,
        f: &mut dyn FnMut(String, u64, String) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.0.prepare("SELECT child_id, version, state FROM child_state ORDER BY child_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(r.get(0)?, r.get(1)?, r.get(2)?)?;
        }
        Ok(())
    }

    fn each_event(&mut self, f: &mut dyn FnMut(EventRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut stmt = self.0.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(event_row(r)?)?;
        }
        Ok(())
    }

    fn each_audit(
        &mut self,
        q: &AuditQuery,
        f: &mut dyn FnMut(EventRow) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.0.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE stream = 'audit' AND subject = ''
               AND (?1 IS NULL OR recorded_by = ?1) AND (?2 IS NULL OR kind = ?2)
               AND (?3 IS NULL OR recorded_at >= ?3) AND (?4 IS NULL OR recorded_at < ?4)
             ORDER BY version DESC"
        ))?;
        let mut rows = stmt.query(params![q.user, q.action, q.from, q.to])?;
        while let Some(r) = rows.next()? {
            if !f(event_row(r)?)? {
                break;
            }
        }
        Ok(())
    }

    fn subject_state(&mut self, stream: &str, subject: &str) -> Result<Option<(u64, String)>, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT version, state FROM subject_state WHERE stream = ?1 AND subject = ?2")?
            .query_row([stream, subject], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn save_subject_state(&mut self, row: &SubjectRow) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "INSERT INTO subject_state (stream, subject, version, state, about) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (stream, subject) DO UPDATE SET version = excluded.version, state = excluded.state, about = excluded.about",
            )?
            .execute(params![row.stream, row.subject, row.version, row.state, row.about])?;
        Ok(())
    }

    fn each_subject_state(
        &mut self,
        stream: Option<&str>,
        about: Option<&str>,
        f: &mut dyn FnMut(SubjectRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT stream, subject, version, state, about FROM subject_state
             WHERE (?1 IS NULL OR stream = ?1) AND (?2 IS NULL OR about = ?2) ORDER BY stream, subject",
        )?;
        let mut rows = stmt.query([stream, about])?;
        while let Some(r) = rows.next()? {
            f(SubjectRow {
                stream: r.get(0)?,
                subject: r.get(1)?,
                version: r.get(2)?,
                state: r.get(3)?,
                about: r.get(4)?,
            })?;
        }
        Ok(())
    }

    fn max_child_number(&mut self, prefix: &str) -> Result<u64, StoreError> {
        let mut stmt = self.0.prepare_cached("SELECT child_id FROM child_state WHERE child_id LIKE ?1 || '%'")?;
        let mut rows = stmt.query([prefix])?;
        let mut max = 0;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if let Some(n) =
                id.strip_prefix(prefix).filter(|d| d.bytes().all(|b| b.is_ascii_digit())).and_then(|d| d.parse().ok())
            {
                max = max.max(n);
            }
        }
        Ok(max)
    }

    fn put_blob(&mut self, sha256: &str, content: &[u8]) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING",
            params![sha256, content.len() as u64, content],
        )?;
        Ok(())
    }

    fn blob(&mut self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.0.query_row("SELECT content FROM blobs WHERE sha256 = ?1", [sha256], |r| r.get(0)).optional()?)
    }

    fn blob_size(&mut self, sha256: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.0.query_row("SELECT size FROM blobs WHERE sha256 = ?1", [sha256], |r| r.get(0)).optional()?)
    }

    fn last_number(&mut self, stream: &str) -> Result<u64, StoreError> {
        let n: Option<u64> = self
            .0
            .query_row("SELECT last FROM subject_numbers WHERE stream = ?1", [stream], |r| r.get(0))
            .optional()?;
        Ok(n.unwrap_or(0))
    }

    fn set_last_number(&mut self, stream: &str, n: u64) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO subject_numbers (stream, last) VALUES (?1, ?2) ON CONFLICT (stream) DO UPDATE SET last = excluded.last",
            params![stream, n],
        )?;
        Ok(())
    }
}
