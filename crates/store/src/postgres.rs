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
use crate::migrations::{MIGRATIONS, check_schema};
use crate::sql::{Sql, Value};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, GenericClient, IsolationLevel, NoTls, Statement, Transaction};
use std::cell::RefCell;
use std::collections::HashMap;

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
    /// Plain statements (sessions, keys…), prepared once per connection.
    prepared: RefCell<HashMap<String, Statement>>,
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
        let mut backend = Postgres { client: RefCell::new(client), stmts: None, prepared: RefCell::default() };
        let applied = backend.migrate()?;
        Ok((Store::new(backend), applied))
    }

    /// Connects to `url` only to read (a standby too): no migration and no
    /// lock; the schema must be the one this build knows.
    pub fn open_read_only(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute("SET default_transaction_read_only = on")?;
        check_schema(schema_version(&mut client)?, true)?;
        let stmts = Some(Statements::prepare(&mut client)?);
        Ok(Store::new(Postgres { client: RefCell::new(client), stmts, prepared: RefCell::default() }))
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

/// Applies the migrations not yet applied, up to `upto`, in one transaction.
pub(crate) fn migrate_upto(client: &mut Client, upto: u32) -> Result<usize, StoreError> {
    let mut tx = client.transaction()?;
    // Two processes starting at once must not both apply a migration.
    tx.execute(WRITE_LOCK, &[])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    check_schema(schema_version(&mut tx)?, false)?;
    let mut applied = 0;
    for m in MIGRATIONS.iter().filter(|m| m.version <= upto) {
        let version = i32::try_from(m.version).unwrap_or(i32::MAX);
        let done: bool = tx
            .query_one("SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = $1)", &[&version])?
            .try_get(0)?;
        if !done {
            tx.batch_execute(m.postgres)?;
            tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[&version])?;
            applied += 1;
        }
    }
    tx.commit()?;
    Ok(applied)
}

/// The highest migration applied (0 for an empty schema).
fn schema_version(client: &mut impl GenericClient) -> Result<u32, StoreError> {
    let exists: bool = client.query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])?.try_get(0)?;
    if !exists {
        return Ok(0);
    }
    let v: i32 = client.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?.try_get(0)?;
    Ok(u32::try_from(v).unwrap_or(0))
}

impl Statements {
    fn prepare(client: &mut Client) -> Result<Statements, StoreError> {
        Ok(Statements {
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
        })
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
        let mut db = Pg { tx: &mut tx, stmts, pending: Vec::new(), prepared: &self.prepared, appended: false };
        let out = f(&mut db)?;
        db.flush()?;
        if db.appended {
            // Wakes every server following the log (LISTEN), on commit only.
            tx.execute(NOTIFY, &[])?;
        }
        tx.commit()?;
        Ok(out)
    }

    fn read<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let stmts = self.stmts()?;
        let mut client = self.client.borrow_mut();
        let mut tx =
            client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?;
        f(&mut Pg { tx: &mut tx, stmts, pending: Vec::new(), prepared: &self.prepared, appended: false })
    }

    fn migrate(&mut self) -> Result<usize, StoreError> {
        let client = self.client.get_mut();
        let applied = migrate_upto(client, crate::migrations::SCHEMA_VERSION)?;
        self.stmts = Some(Statements::prepare(client)?);
        Ok(applied)
    }

    fn plain_tx<T>(&mut self, f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        let out = f(&mut Plain { client: &mut tx, prepared: &self.prepared })?;
        tx.commit()?;
        Ok(out)
    }

    fn replay_lag(&self) -> Result<Option<f64>, StoreError> {
        let row = self.client.borrow_mut().query_one(
            "SELECT CASE WHEN pg_is_in_recovery() THEN EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 END",
            &[],
        )?;
        Ok(row.try_get(0)?)
    }

    fn plain<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        f(&mut Plain { client: &mut *client, prepared: &self.prepared })
    }
}

/// Wakes the servers following the log; the payload names the schema, as
/// one database can hold several stores.
const NOTIFY: &str = "SELECT pg_notify('carefile_events', current_schema())";

/// The channel [`NOTIFY`] sends on.
pub const EVENTS_CHANNEL: &str = "carefile_events";

/// Plain SQL on a client or a transaction, with statements prepared once.
struct Plain<'a, C: GenericClient> {
    client: &'a mut C,
    prepared: &'a RefCell<HashMap<String, Statement>>,
}

/// A [`Value`] bound to whatever integer width the statement declares.
#[derive(Debug)]
struct Param<'a>(&'a Value);

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn statement(
    client: &mut impl GenericClient,
    prepared: &RefCell<HashMap<String, Statement>>,
    sql: &str,
) -> Result<Statement, StoreError> {
    if let Some(s) = prepared.borrow().get(sql) {
        return Ok(s.clone());
    }
    let s = client.prepare(sql)?;
    prepared.borrow_mut().insert(sql.to_string(), s.clone());
    Ok(s)
}

fn plain_value(row: &postgres::Row, i: usize) -> Result<Value, StoreError> {
    let ty = row.columns()[i].type_().clone();
    Ok(if ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int)
    } else if ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else {
        row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text)
    })
}

fn plain_exec(
    client: &mut impl GenericClient,
    prepared: &RefCell<HashMap<String, Statement>>,
    sql: &str,
    params: &[Value],
) -> Result<u64, StoreError> {
    let stmt = statement(client, prepared, sql)?;
    let params: Vec<Param> = params.iter().map(Param).collect();
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
    Ok(client.execute(&stmt, &refs)?)
}

fn plain_rows(
    client: &mut impl GenericClient,
    prepared: &RefCell<HashMap<String, Statement>>,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Vec<Value>>, StoreError> {
    let stmt = statement(client, prepared, sql)?;
    let params: Vec<Param> = params.iter().map(Param).collect();
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
    client.query(&stmt, &refs)?.iter().map(|r| (0..r.len()).map(|i| plain_value(r, i)).collect()).collect()
}

impl<C: GenericClient> Sql for Plain<'_, C> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        plain_exec(self.client, self.prepared, sql, params)
    }

    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        plain_rows(self.client, self.prepared, sql, params)
    }
}

impl Sql for Pg<'_, '_> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.flush()?;
        plain_exec(self.tx, self.prepared, sql, params)
    }

    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        self.flush()?;
        plain_rows(self.tx, self.prepared, sql, params)
    }
}

struct Pg<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    stmts: &'a Statements,
    /// Inserted rows not yet sent: a bulk load sends them by COPY in batches
    /// rather than one round trip each. Sent before anything reads `events`
    /// and before the commit.
    pending: Vec<EventRow>,
    prepared: &'a RefCell<HashMap<String, Statement>>,
    /// Whether this transaction added to the log (and so wakes followers).
    appended: bool,
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
        self.appended = true;
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

    fn max_child_number(&mut self, prefix: &str) -> Result<u64, StoreError> {
        let sql = "SELECT COALESCE(MAX(substr(child_id, length($1) + 1)::bigint), 0) FROM child_state
                   WHERE starts_with(child_id, $1) AND substr(child_id, length($1) + 1) ~ '^[0-9]{1,18}$'";
        unsigned(self.tx.query_one(sql, &[&prefix])?.try_get(0)?, "child number")
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
