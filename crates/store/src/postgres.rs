//! The PostgreSQL backend, for an authority with many concurrent users.
//!
//! Every write transaction first takes a transaction-scoped advisory lock
//! (one per schema), so writes are serialised exactly as SQLite serialises
//! them: the version check of optimistic concurrency, the gap-free `seq` and
//! the audit chain all see a stable log. A commit returns once PostgreSQL has
//! flushed it to its write-ahead log (`synchronous_commit` is left on).

use crate::backend::{AuditQuery, Backend, Db, EVENT_COLUMNS, EventRow, Row, SubjectRow, unsigned};
use crate::core::Store;
use crate::error::StoreError;
use crate::jsonl::Stream;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, IsolationLevel, NoTls, Statement, Transaction};
use std::cell::RefCell;

/// Versioned schema changes, applied in order at open and by `migrate`.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_events.sql")),
    (2, include_str!("../migrations/postgres/0002_audit_chain.sql")),
    (3, include_str!("../migrations/postgres/0003_subject_streams.sql")),
    (4, include_str!("../migrations/postgres/0004_notes_and_documents.sql")),
];

/// Serialises writers within the current schema.
const WRITE_LOCK: &str = "SELECT pg_advisory_xact_lock(hashtext(current_schema()))";

/// A carefile database in PostgreSQL.
pub type PostgresStore = Store<Postgres>;

/// The PostgreSQL connection behind a [`PostgresStore`]. Reads take `&self`
/// in the store's interface while the client needs `&mut`, hence the cell;
/// the store is used from one thread at a time.
pub struct Postgres {
    client: RefCell<Client>,
    stmts: Option<Statements>,
}

/// The statements every write uses, prepared once per connection.
struct Statements {
    insert: Statement,
    state: Statement,
    save_state: Statement,
    log: Statement,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/db`, optionally
    /// `?options=-csearch_path%3Dschema`) and brings the schema up to date.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Ok(Self::open_migrating(url)?.0)
    }

    /// [`open`](Self::open), also saying how many migrations it applied.
    pub fn open_migrating(url: &str) -> Result<(Self, usize), StoreError> {
        let client = Client::connect(url, NoTls)?;
        let mut backend = Postgres { client: RefCell::new(client), stmts: None };
        let applied = backend.migrate()?;
        Ok((Store::new(backend), applied))
    }

    /// Creates the schema `name` (a-z, 0-9, '_') in the database at
    /// `url` if missing, and returns a URL whose connections use it: one
    /// database can hold many separate stores (tests run side by side this way).
    pub fn schema_url(url: &str, name: &str) -> Result<String, StoreError> {
        // Lower case only: search_path folds unquoted names to lower case.
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(StoreError::Refused(format!("'{name}' is not a schema name (a-z, 0-9 and '_')")));
        }
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{name}\""))?;
        let sep = if url.contains('?') { '&' } else { '?' };
        Ok(format!("{url}{sep}options=-csearch_path%3D{name}"))
    }

    /// Runs SQL directly, for tests that tamper with the database on purpose.
    pub fn execute_sql(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.backend().client.borrow_mut().batch_execute(sql)?)
    }
}

impl Postgres {
    fn stmts(&self) -> Result<&Statements, StoreError> {
        self.stmts.as_ref().ok_or_else(|| StoreError::Corrupt("the schema was not migrated".into()))
    }
}

impl Backend for Postgres {
    fn write<T>(&mut self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let stmts = self.stmts.as_ref().ok_or_else(|| StoreError::Corrupt("the schema was not migrated".into()))?;
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        tx.execute(WRITE_LOCK, &[])?;
        let mut db = Pg { tx: &mut tx, stmts, pending: Vec::new() };
        let out = f(&mut db)?;
        db.flush()?;
        tx.commit()?;
        Ok(out)
    }

    fn read<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let stmts = self.stmts()?;
        let mut client = self.client.borrow_mut();
        let mut tx =
            client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?;
        f(&mut Pg { tx: &mut tx, stmts, pending: Vec::new() })
    }

    fn migrate(&mut self) -> Result<usize, StoreError> {
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        // Two processes starting at once must not both apply a migration.
        tx.execute(WRITE_LOCK, &[])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )?;
        let mut applied = 0;
        for (version, sql) in MIGRATIONS {
            let done: bool = tx
                .query_one("SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = $1)", &[version])?
                .try_get(0)?;
            if !done {
                tx.batch_execute(sql)?;
                tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version])?;
                applied += 1;
            }
        }
        tx.commit()?;
        self.stmts = Some(Statements {
            insert: client.prepare(&format!(
                "INSERT INTO events ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ))?,
            state: client.prepare("SELECT version, state FROM child_state WHERE child_id = $1")?,
            save_state: client.prepare(
                "INSERT INTO child_state (child_id, version, state) VALUES ($1, $2, $3)
                 ON CONFLICT (child_id) DO UPDATE SET version = excluded.version, state = excluded.state",
            )?,
            log: client.prepare(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE stream = $1 AND subject = $2 ORDER BY version"
            ))?,
        });
        Ok(applied)
    }
}

struct Pg<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    stmts: &'a Statements,
    /// Inserted rows not yet sent: a bulk load sends them by COPY in batches
    /// rather than one round trip each. Sent before anything reads `events`
    /// and before the commit.
    pending: Vec<EventRow>,
}

/// An [`EventRow`]'s columns as parameters, in [`EVENT_COLUMNS`] order.
macro_rules! event_params {
    ($r:expr, $seq:expr, $version:expr) => {{
        let p: [&(dyn ToSql + Sync); 12] = [
            &$seq,
            &$r.stream,
            &$r.subject,
            &$version,
            &$r.kind,
            &$r.effective,
            &$r.recorded_at,
            &$r.recorded_by,
            &$r.reason,
            &$r.payload,
            &$r.prev_hash,
            &$r.hash,
        ];
        p
    }};
}

/// Rows held before a COPY; fewer than [`COPY_FROM`] go as plain INSERTs.
const BATCH: usize = 2_000;
const COPY_FROM: usize = 8;
const EVENT_TYPES: [Type; 12] = [
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
];

fn signed(v: u64) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::Refused(format!("{v} is too large to store")))
}

fn event_row(r: &postgres::Row) -> Result<EventRow, StoreError> {
    Ok(EventRow {
        seq: unsigned(r.try_get(0)?, "seq")?,
        stream: r.try_get(1)?,
        subject: r.try_get(2)?,
        version: unsigned(r.try_get(3)?, "version")?,
        kind: r.try_get(4)?,
        effective: r.try_get(5)?,
        recorded_at: r.try_get(6)?,
        recorded_by: r.try_get(7)?,
        reason: r.try_get(8)?,
        payload: r.try_get(9)?,
        prev_hash: r.try_get(10)?,
        hash: r.try_get(11)?,
    })
}

impl Pg<'_, '_> {
    fn flush(&mut self) -> Result<(), StoreError> {
        let rows = std::mem::take(&mut self.pending);
        if rows.len() < COPY_FROM {
            for r in &rows {
                let (seq, version) = (signed(r.seq)?, signed(r.version)?);
                self.tx.execute(&self.stmts.insert, &event_params!(r, seq, version))?;
            }
            return Ok(());
        }
        let sink = self.tx.copy_in(&format!("COPY events ({EVENT_COLUMNS}) FROM STDIN BINARY"))?;
        let mut writer = BinaryCopyInWriter::new(sink, &EVENT_TYPES);
        for r in &rows {
            let (seq, version) = (signed(r.seq)?, signed(r.version)?);
            writer.write(&event_params!(r, seq, version))?;
        }
        writer.finish()?;
        Ok(())
    }

    /// Streams the rows of `sql` to `f` until it returns false.
    fn each(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        f: &mut dyn FnMut(&postgres::Row) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        let mut rows = self.tx.query_raw(sql, params.iter().copied())?;
        while let Some(r) = rows.next()? {
            if !f(&r)? {
                break;
            }
        }
        Ok(())
    }
}

impl Db for Pg<'_, '_> {
    fn next_seq(&mut self) -> Result<u64, StoreError> {
        self.flush()?;
        unsigned(self.tx.query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", &[])?.try_get(0)?, "seq")
    }

    fn event_count(&mut self) -> Result<u64, StoreError> {
        self.flush()?;
        unsigned(self.tx.query_one("SELECT COUNT(*) FROM events", &[])?.try_get(0)?, "count")
    }

    fn insert(&mut self, row: &Row) -> Result<(), StoreError> {
        self.pending.push(EventRow {
            seq: row.seq,
            stream: row.stream.as_str().to_string(),
            subject: row.subject.to_string(),
            version: row.version,
            kind: row.kind.to_string(),
            effective: row.effective.clone(),
            recorded_at: row.recorded_at.clone(),
            recorded_by: row.recorded_by.to_string(),
            reason: row.reason.map(str::to_string),
            payload: row.payload.to_string(),
            prev_hash: row.chain.map(|c| c.0.to_string()),
            hash: row.chain.map(|c| c.1.to_string()),
        });
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn log(&mut self, stream: Stream, subject: &str) -> Result<Vec<EventRow>, StoreError> {
        self.flush()?;
        self.tx.query(&self.stmts.log, &[&stream.as_str(), &subject])?.iter().map(event_row).collect()
    }

    fn last_audit(&mut self) -> Result<Option<(u64, String)>, StoreError> {
        self.flush()?;
        let row = self.tx.query_opt(
            "SELECT version, hash FROM events WHERE stream = 'audit' AND subject = '' ORDER BY version DESC LIMIT 1",
            &[],
        )?;
        row.map(|r| Ok((unsigned(r.try_get(0)?, "version")?, r.try_get::<_, Option<String>>(1)?.unwrap_or_default())))
            .transpose()
    }

    fn state(&mut self, child: &str) -> Result<Option<(u64, String)>, StoreError> {
        let row = self.tx.query_opt(&self.stmts.state, &[&child])?;
        row.map(|r| Ok((unsigned(r.try_get(0)?, "version")?, r.try_get(1)?))).transpose()
    }

    fn save_state(&mut self, child: &str, version: u64, state: &str) -> Result<(), StoreError> {
        self.tx.execute(&self.stmts.save_state, &[&child, &signed(version)?, &state])?;
        Ok(())
    }

    fn each_state(
        &mut self,
        f: &mut dyn FnMut(String, u64, String) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        // Byte order, as SQLite sorts, whatever the database's collation.
        self.each("SELECT child_id, version, state FROM child_state ORDER BY child_id COLLATE \"C\"", &[], &mut |r| {
            f(r.try_get(0)?, unsigned(r.try_get(1)?, "version")?, r.try_get(2)?)?;
            Ok(true)
        })
    }

    fn each_event(&mut self, f: &mut dyn FnMut(EventRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
        self.flush()?;
        self.each(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"), &[], &mut |r| {
            f(event_row(r)?)?;
            Ok(true)
        })
    }

    fn each_audit(
        &mut self,
        q: &AuditQuery,
        f: &mut dyn FnMut(EventRow) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        self.flush()?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE stream = 'audit' AND subject = ''
               AND ($1::text IS NULL OR recorded_by = $1) AND ($2::text IS NULL OR kind = $2)
               AND ($3::text IS NULL OR recorded_at >= $3 COLLATE \"C\") AND ($4::text IS NULL OR recorded_at < $4 COLLATE \"C\")
             ORDER BY version DESC"
        );
        self.each(&sql, &[&q.user, &q.action.as_deref(), &q.from.as_deref(), &q.to.as_deref()], &mut |r| {
            f(event_row(r)?)
        })
    }

    fn subject_state(&mut self, stream: &str, subject: &str) -> Result<Option<(u64, String)>, StoreError> {
        let row = self.tx.query_opt(
            "SELECT version, state FROM subject_state WHERE stream = $1 AND subject = $2",
            &[&stream, &subject],
        )?;
        row.map(|r| Ok((unsigned(r.try_get(0)?, "version")?, r.try_get(1)?))).transpose()
    }

    fn save_subject_state(&mut self, row: &SubjectRow) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO subject_state (stream, subject, version, state, about) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (stream, subject) DO UPDATE SET version = excluded.version, state = excluded.state, about = excluded.about",
            &[&row.stream, &row.subject, &signed(row.version)?, &row.state, &row.about],
        )?;
        Ok(())
    }

    fn each_subject_state(
        &mut self,
        stream: Option<&str>,
        about: Option<&str>,
        f: &mut dyn FnMut(SubjectRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        // Byte order, as SQLite sorts, whatever the database's collation.
        let sql = "SELECT stream, subject, version, state, about FROM subject_state
                   WHERE ($1::text IS NULL OR stream = $1) AND ($2::text IS NULL OR about = $2)
                   ORDER BY stream COLLATE \"C\", subject COLLATE \"C\"";
        self.each(sql, &[&stream, &about], &mut |r| {
            f(SubjectRow {
                stream: r.try_get(0)?,
                subject: r.try_get(1)?,
                version: unsigned(r.try_get(2)?, "version")?,
                state: r.try_get(3)?,
                about: r.try_get(4)?,
            })?;
            Ok(true)
        })
    }

    fn put_blob(&mut self, sha256: &str, content: &[u8]) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
            &[&sha256, &signed(content.len() as u64)?, &content],
        )?;
        Ok(())
    }

    fn blob(&mut self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row = self.tx.query_opt("SELECT content FROM blobs WHERE sha256 = $1", &[&sha256])?;
        row.map(|r| Ok(r.try_get(0)?)).transpose()
    }

    fn blob_size(&mut self, sha256: &str) -> Result<Option<u64>, StoreError> {
        let row = self.tx.query_opt("SELECT size FROM blobs WHERE sha256 = $1", &[&sha256])?;
        row.map(|r| unsigned(r.try_get(0)?, "size")).transpose()
    }

    fn last_number(&mut self, stream: &str) -> Result<u64, StoreError> {
        let row = self.tx.query_opt("SELECT last FROM subject_numbers WHERE stream = $1", &[&stream])?;
        row.map(|r| unsigned(r.try_get(0)?, "last")).transpose().map(|n| n.unwrap_or(0))
    }

    fn set_last_number(&mut self, stream: &str, n: u64) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO subject_numbers (stream, last) VALUES ($1, $2) ON CONFLICT (stream) DO UPDATE SET last = excluded.last",
            &[&stream, &signed(n)?],
        )?;
        Ok(())
    }
}
