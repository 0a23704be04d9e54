//! The embedded SQLite backend.

use crate::error::StoreError;
use crate::jsonl::{ExportLine, Stream, format_timestamp, parse_timestamp};
use crate::transition::next_record;
use crate::{ChildEvents, EventStore, LoadSummary, StoredEvent};
use carefile_domain::org::{OrgEvent, Organisation};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::{BufRead, Write};

/// Versioned schema changes, applied in order by [`SqliteStore::open`].
const MIGRATIONS: &[(u32, &str)] = &[(1, include_str!("../migrations/sqlite/0001_events.sql"))];

/// A carefile database in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        Self::setup(Connection::open(path)?)
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Self, StoreError> {
        // WAL with synchronous=FULL: a commit returns only once it is on disk.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations not yet applied; returns how many were.
    pub fn migrate(&mut self) -> Result<usize, StoreError> {
        self.conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        )?;
        let tx = self.conn.transaction()?;
        let mut applied = 0;
        for (version, sql) in MIGRATIONS {
            let done: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?1)", [version], |r| {
                    r.get(0)
                })?;
            if !done {
                tx.execute_batch(sql)?;
                tx.execute("INSERT INTO schema_migrations (version) VALUES (?1)", [version])?;
                applied += 1;
            }
        }
        tx.commit()?;
        Ok(applied)
    }

    /// The underlying connection, for tests that tamper with the file on purpose.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn event_count(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?)
    }

    fn require_empty(&self, what: &str) -> Result<(), StoreError> {
        let n = self.event_count()?;
        if n > 0 {
            return Err(StoreError::Refused(format!(
                "{what} needs an empty database; this one already holds {n} events"
            )));
        }
        Ok(())
    }
}

/// A row to insert into the log.
struct Row<'a> {
    seq: u64,
    stream: Stream,
    subject: &'a str,
    version: u64,
    kind: &'a str,
    effective: Option<String>,
    recorded_at: String,
    recorded_by: &'a str,
    reason: Option<&'a str>,
    payload: &'a str,
}

fn insert(tx: &Transaction, row: &Row) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (seq, stream, subject, version, kind, effective, recorded_at, recorded_by, reason, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
        row.payload
    ])?;
    Ok(())
}

fn next_seq(tx: &Transaction) -> Result<u64, StoreError> {
    Ok(tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", [], |r| r.get(0))?)
}

fn child_effective(e: &ChildEvent) -> Option<String> {
    match e {
        ChildEvent::Corrected { replacement, .. } => replacement.effective_date(),
        other => other.effective_date(),
    }
    .map(|d| d.to_string())
}

fn save_state(tx: &Transaction, rec: &ChildRecord, version: u64) -> Result<(), StoreError> {
    let state = serde_json::to_string(rec).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO child_state (child_id, version, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (child_id) DO UPDATE SET version = excluded.version, state = excluded.state",
    )?
    .execute(params![rec.id.as_str(), version, state])?;
    Ok(())
}

fn read_log(conn: &Connection, id: &str) -> Result<Vec<(u64, ChildEvent)>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT seq, payload FROM events WHERE stream = 'child' AND subject = ?1 ORDER BY version")?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, u64>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (seq, payload) = row?;
        let e = serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?;
        Ok((seq, e))
    })
    .collect()
}

/// The text to store: the exact text an import read, or the event serialised.
fn payload_text<'a>(
    event: &impl serde::Serialize,
    given: Option<&'a str>,
) -> Result<std::borrow::Cow<'a, str>, StoreError> {
    match given {
        Some(p) => Ok(std::borrow::Cow::Borrowed(p)),
        None => {
            serde_json::to_string(event).map(std::borrow::Cow::Owned).map_err(|e| StoreError::Corrupt(e.to_string()))
        }
    }
}

/// Writes one child event after checking it against the record before it.
fn write_child_event(
    tx: &Transaction,
    id: &ChildId,
    before: Option<ChildRecord>,
    seq: u64,
    version: u64,
    recorded: &Recorded,
    event: &ChildEvent,
    payload: Option<&str>,
) -> Result<ChildRecord, StoreError> {
    let rec = next_record(id, before, &mut || read_log(tx, id.as_str()), seq, recorded, event)?;
    let payload = payload_text(event, payload)?;
    insert(
        tx,
        &Row {
            seq,
            stream: Stream::Child,
            subject: id.as_str(),
            version,
            kind: event.kind(),
            effective: child_effective(event),
            recorded_at: format_timestamp(&recorded.at),
            recorded_by: &recorded.by,
            reason: recorded.reason.as_deref(),
            payload: &payload,
        },
    )?;
    Ok(rec)
}

fn write_org_event(
    tx: &Transaction,
    org: &mut Organisation,
    seq: u64,
    version: u64,
    recorded: &Recorded,
    event: &OrgEvent,
    payload: Option<&str>,
) -> Result<(), StoreError> {
    org.apply(event)?;
    let payload = payload_text(event, payload)?;
    insert(
        tx,
        &Row {
            seq,
            stream: Stream::Org,
            subject: "",
            version,
            kind: event.kind(),
            effective: Some(event.effective_date().to_string()),
            recorded_at: format_timestamp(&recorded.at),
            recorded_by: &recorded.by,
            reason: recorded.reason.as_deref(),
            payload: &payload,
        },
    )
}

fn load_org(conn: &Connection) -> Result<(Organisation, u64), StoreError> {
    let mut org = Organisation::default();
    let mut version = 0;
    let mut stmt = conn.prepare_cached("SELECT version, payload FROM events WHERE stream = 'org' ORDER BY version")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        version = r.get(0)?;
        let payload: String = r.get(1)?;
        let e: OrgEvent =
            serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("org event {version}: {e}")))?;
        org.apply(&e).map_err(|e| StoreError::Corrupt(format!("org event {version}: {e}")))?;
    }
    Ok((org, version))
}

impl EventStore for SqliteStore {
    fn append_child(
        &mut self,
        child: &ChildId,
        expected: Option<u64>,
        events: &[(Recorded, ChildEvent)],
    ) -> Result<u64, StoreError> {
        let tx = self.conn.transaction()?;
        let current: Option<(u64, String)> = tx
            .query_row("SELECT version, state FROM child_state WHERE child_id = ?1", [child.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let actual = current.as_ref().map(|c| c.0);
        if actual != expected {
            return match actual {
                None => Err(StoreError::UnknownChild(child.to_string())),
                Some(actual) => Err(StoreError::Conflict { child: child.to_string(), expected, actual }),
            };
        }
        if actual.is_none() && !matches!(events.first(), Some((_, ChildEvent::Registered { .. }))) {
            return Err(StoreError::UnknownChild(child.to_string()));
        }
        let mut rec = match current {
            Some((_, state)) => {
                Some(serde_json::from_str(&state).map_err(|e| StoreError::Corrupt(format!("child {child}: {e}")))?)
            }
            None => None,
        };
        let mut version = actual.unwrap_or(0);
        let mut seq = next_seq(&tx)?;
        for (recorded, event) in events {
            version += 1;
            rec = Some(write_child_event(&tx, child, rec, seq, version, recorded, event, None)?);
            seq += 1;
        }
        if let Some(rec) = &rec {
            save_state(&tx, rec, version)?;
        }
        tx.commit()?;
        Ok(version)
    }

    fn append_org(&mut self, events: &[(Recorded, OrgEvent)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let (mut org, mut version) = load_org(&tx)?;
        let mut seq = next_seq(&tx)?;
        for (recorded, event) in events {
            version += 1;
            write_org_event(&tx, &mut org, seq, version, recorded, event, None)?;
            seq += 1;
        }
        tx.commit()?;
        Ok(())
    }

    fn bulk_load(
        &mut self,
        org_events: &[(Recorded, OrgEvent)],
        children: &mut dyn Iterator<Item = ChildEvents>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<LoadSummary, StoreError> {
        self.require_empty("a bulk load")?;
        let tx = self.conn.transaction()?;
        let mut org = Organisation::default();
        let mut seq = 1;
        for (i, (recorded, event)) in org_events.iter().enumerate() {
            write_org_event(&tx, &mut org, seq, i as u64 + 1, recorded, event, None)?;
            seq += 1;
        }
        let mut summary = LoadSummary { children: 0, events: org_events.len() as u64 };
        for (id, events) in children {
            let mut rec = None;
            for (i, (recorded, event)) in events.iter().enumerate() {
                rec = Some(write_child_event(&tx, &id, rec, seq, i as u64 + 1, recorded, event, None)?);
                seq += 1;
            }
            if let Some(rec) = rec {
                save_state(&tx, &rec, events.len() as u64)?;
            }
            summary.children += 1;
            summary.events += events.len() as u64;
            progress(summary.children);
        }
        tx.commit()?;
        Ok(summary)
    }

    fn child(&self, id: &ChildId) -> Result<Option<(ChildRecord, u64)>, StoreError> {
        let row: Option<(u64, String)> = self
            .conn
            .query_row("SELECT version, state FROM child_state WHERE child_id = ?1", [id.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        row.map(|(v, state)| {
            let rec = serde_json::from_str(&state).map_err(|e| StoreError::Corrupt(format!("child {id}: {e}")))?;
            Ok((rec, v))
        })
        .transpose()
    }

    fn children(&self) -> Result<Vec<ChildRecord>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT child_id, state FROM child_state ORDER BY child_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (id, state) = row?;
            serde_json::from_str(&state).map_err(|e| StoreError::Corrupt(format!("child {id}: {e}")))
        })
        .collect()
    }

    fn child_log(&self, id: &ChildId) -> Result<Vec<StoredEvent>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, version, recorded_at, recorded_by, reason, payload FROM events
             WHERE stream = 'child' AND subject = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([id.as_str()], |r| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, u64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, version, at, by, reason, payload) = row?;
            let at = parse_timestamp(&at)
                .ok_or_else(|| StoreError::Corrupt(format!("event {seq}: bad timestamp '{at}'")))?;
            let event = serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?;
            Ok(StoredEvent { seq, version, recorded: Recorded { at, by, reason }, event })
        })
        .collect()
    }

    fn organisation(&self) -> Result<Organisation, StoreError> {
        Ok(load_org(&self.conn)?.0)
    }

    fn export(&self, streams: &[Stream], out: &mut dyn Write) -> Result<u64, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, stream, subject, version, kind, effective, recorded_at, recorded_by, reason, payload
             FROM events ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let stream: String = r.get(1)?;
            let stream: Stream = stream.parse().map_err(StoreError::Corrupt)?;
            if !streams.contains(&stream) {
                continue;
            }
            let seq: u64 = r.get(0)?;
            let payload: String = r.get(9)?;
            let line = ExportLine {
                seq,
                stream,
                subject: r.get(2)?,
                version: r.get(3)?,
                kind: r.get(4)?,
                effective: r.get(5)?,
                recorded_at: r.get(6)?,
                recorded_by: r.get(7)?,
                reason: r.get(8)?,
                payload: RawValue::from_string(payload)
                    .map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?,
            };
            serde_json::to_writer(&mut *out, &line).map_err(|e| StoreError::Io(e.into()))?;
            out.write_all(b"\n")?;
            n += 1;
        }
        out.flush()?;
        Ok(n)
    }

    fn import(&mut self, source_name: &str, input: &mut dyn BufRead) -> Result<LoadSummary, StoreError> {
        self.require_empty("an import")?;
        let tx = self.conn.transaction()?;
        let mut records: HashMap<ChildId, (ChildRecord, u64)> = HashMap::new();
        let mut versions: HashMap<(Stream, String), u64> = HashMap::new();
        let mut org = Organisation::default();
        let mut last_seq = 0;
        let mut summary = LoadSummary::default();
        let mut buf = String::new();
        let mut line_no = 0u64;
        loop {
            buf.clear();
            let bad = |line: u64, message: String| StoreError::BadInput {
                source_name: source_name.to_string(),
                line,
                message,
            };
            let read = input.read_line(&mut buf).map_err(|e| bad(line_no + 1, format!("cannot be read: {e}")))?;
            if read == 0 {
                break;
            }
            line_no += 1;
            let text = buf.trim_end_matches(['\n', '\r']);
            if text.trim().is_empty() {
                continue;
            }
            let line: ExportLine =
                serde_json::from_str(text).map_err(|e| bad(line_no, format!("not an event line: {e}")))?;
            if line.seq <= last_seq {
                return Err(bad(line_no, format!("seq {} does not follow {last_seq}", line.seq)));
            }
            last_seq = line.seq;
            let expected_version = versions.get(&(line.stream, line.subject.clone())).copied().unwrap_or(0) + 1;
            if line.stream == Stream::Child && expected_version == 1 && line.version != 1 {
                return Err(bad(
                    line_no,
                    format!("no child with ID {} before this line (its registration must come first)", line.subject),
                ));
            }
            if line.version != expected_version {
                return Err(bad(
                    line_no,
                    format!(
                        "version {} of {} '{}' should be {expected_version}",
                        line.version, line.stream, line.subject
                    ),
                ));
            }
            versions.insert((line.stream, line.subject.clone()), line.version);
            let at = parse_timestamp(&line.recorded_at).ok_or_else(|| {
                bad(
                    line_no,
                    format!(
                        "recorded_at '{}' is not a UTC timestamp like 2026-03-31T09:15:00.000000Z",
                        line.recorded_at
                    ),
                )
            })?;
            let recorded = Recorded { at, by: line.recorded_by.clone(), reason: line.reason.clone() };
            let payload = line.payload.get();
            match line.stream {
                Stream::Child => {
                    let id = ChildId::new(&line.subject).map_err(|e| bad(line_no, format!("subject: {e}")))?;
                    let event: ChildEvent =
                        serde_json::from_str(payload).map_err(|e| bad(line_no, format!("payload: {e}")))?;
                    check_columns(&line, event.kind(), child_effective(&event)).map_err(|m| bad(line_no, m))?;
                    let before = records.remove(&id).map(|(r, _)| r);
                    let rec =
                        write_child_event(&tx, &id, before, line.seq, line.version, &recorded, &event, Some(payload))
                            .map_err(|e| bad(line_no, e.to_string()))?;
                    if line.version == 1 {
                        summary.children += 1;
                    }
                    records.insert(id, (rec, line.version));
                }
                Stream::Org => {
                    let event: OrgEvent =
                        serde_json::from_str(payload).map_err(|e| bad(line_no, format!("payload: {e}")))?;
                    check_columns(&line, event.kind(), Some(event.effective_date().to_string()))
                        .map_err(|m| bad(line_no, m))?;
                    write_org_event(&tx, &mut org, line.seq, line.version, &recorded, &event, Some(payload))
                        .map_err(|e| bad(line_no, e.to_string()))?;
                }
                Stream::Users | Stream::Audit => {
                    if !payload.starts_with('{') {
                        return Err(bad(line_no, "payload: expected a JSON object".into()));
                    }
                    insert(
                        &tx,
                        &Row {
                            seq: line.seq,
                            stream: line.stream,
                            subject: &line.subject,
                            version: line.version,
                            kind: &line.kind,
                            effective: line.effective.clone(),
                            recorded_at: line.recorded_at.clone(),
                            recorded_by: &line.recorded_by,
                            reason: line.reason.as_deref(),
                            payload,
                        },
                    )?;
                }
            }
            summary.events += 1;
        }
        for (rec, version) in records.values() {
            save_state(&tx, rec, *version)?;
        }
        tx.commit()?;
        Ok(summary)
    }
}

/// The kind and effective columns must say what the payload says.
fn check_columns(line: &ExportLine, kind: &str, effective: Option<String>) -> Result<(), String> {
    if line.kind != kind {
        return Err(format!("kind '{}' does not match the payload's type '{kind}'", line.kind));
    }
    if line.effective != effective {
        return Err(format!("effective {:?} does not match the payload's date {:?}", line.effective, effective));
    }
    Ok(())
}
