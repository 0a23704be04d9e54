//! Reading a backup back (`carefile import-events`, `carefile restore`).
//!
//! Two passes over the file, each in chunks of [`CHUNK`] events, so memory
//! stays bounded and no transaction holds the whole file:
//! 1. **Validate**: the file is proved whole (its closing record, see
//!    [`crate::backup`]) and every line is imported, with every check a write
//!    gets, into a scratch SQLite database that is then thrown away. A bad
//!    file stops here, and the target is never touched: a bad file imports
//!    nothing.
//! 2. **Commit**: the same import into the target, each chunk in one
//!    transaction that also moves the import's journal entry on (the file's
//!    SHA-256 and the last line committed). Killed, the import run again
//!    finds its entry and resumes after the last committed line (the file is
//!    not validated again: it has the same hash), ending exactly as an
//!    uninterrupted run.
//!
//! Between chunks nothing but a few counters is held: each line reads what
//! it needs (a child's projection, a subject's) from the database, so a chunk
//! sees what earlier chunks committed, and a resumed run sees the same.

use crate::audit::{GENESIS, audit_columns};
use crate::backend::{Backend, Db};
use crate::backup::{Line, Reader};
use crate::core::{
    Store, child_effective, load_accounts, load_org, parse_state, save_state, write_audit, write_child_event,
    write_org_event, write_user_event,
};
use crate::error::StoreError;
use crate::journal::{Journal, JournalEntry, advance};
use crate::jsonl::{ExportLine, Stream, parse_timestamp};
use crate::streams::State;
use crate::subjects::{save_subject, write_subject_event};
use crate::{LoadSummary, SqliteStore};
use carefile_domain::access::{Accounts, AuditEntry, UserEvent};
use carefile_domain::journey::Order;
use carefile_domain::org::{OrgEvent, Organisation};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::BufRead;

/// Events per transaction.
pub const CHUNK: u64 = 20_000;

/// How an import is asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Accept a file without header and closing record (written by carefile
    /// before backup format 2): nothing proves it whole.
    pub accept_unverified: bool,
    /// When the import starts (for its journal entry).
    pub now: DateTime<Utc>,
    /// Events per transaction ([`CHUNK`]; tests take fewer).
    pub chunk: u64,
}

impl ImportOptions {
    /// A backup as `carefile events` writes it, imported at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        ImportOptions { accept_unverified: false, now, chunk: CHUNK }
    }
}

/// A stream read once, kept in a temporary file so it can be read again.
pub struct Spooled {
    file: tempfile::NamedTempFile,
    name: String,
}

impl Spooled {
    pub fn new(name: &str, input: &mut dyn BufRead) -> std::io::Result<Spooled> {
        let mut file = tempfile::Builder::new().prefix("carefile-import").tempfile()?;
        std::io::copy(input, file.as_file_mut())?;
        Ok(Spooled { file, name: name.to_string() })
    }
}

impl Source for Spooled {
    fn name(&self) -> &str {
        &self.name
    }

    fn open(&self) -> std::io::Result<Box<dyn BufRead>> {
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 20, self.file.reopen()?)))
    }
}

/// Something that can be read from the start again (a file).
pub trait Source {
    /// The name errors give.
    fn name(&self) -> &str;
    fn open(&self) -> std::io::Result<Box<dyn BufRead>>;
}

/// A file to import.
pub struct FileSource(pub std::path::PathBuf, pub String);

impl Source for FileSource {
    fn name(&self) -> &str {
        &self.1
    }

    fn open(&self) -> std::io::Result<Box<dyn BufRead>> {
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&self.0)?)))
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Children and events this run wrote.
    pub loaded: LoadSummary,
    /// The line an interrupted import was resumed after (0 for a fresh one).
    pub resumed_after: u64,
}

/// The running state of an import between lines. Only counters outlive a
/// chunk; projections are read back from the database when next needed.
struct Restorer {
    org: Option<(Organisation, u64)>,
    accounts: Option<(Accounts, u64)>,
    audit: Option<(u64, String)>,
    records: HashMap<ChildId, (ChildRecord, u64)>,
    subjects: HashMap<(&'static str, String), (State, u64)>,
    numbers: HashMap<&'static str, u64>,
    summary: LoadSummary,
}

impl Restorer {
    fn new() -> Self {
        Restorer {
            org: None,
            accounts: None,
            audit: None,
            records: HashMap::new(),
            subjects: HashMap::new(),
            numbers: HashMap::new(),
            summary: LoadSummary::default(),
        }
    }

    /// Checks and writes one event line, as a write of it would be checked.
    fn event(&mut self, db: &mut dyn Db, r: &Reader, line: &ExportLine) -> Result<(), StoreError> {
        let line_no = r.line_no;
        let bad = |m: String| r.bad(line_no, m);
        if !line.stream.has_subjects() && !line.subject.is_empty() {
            return Err(bad(format!("subject must be empty in the {} stream", line.stream)));
        }
        if line.stream != Stream::Audit && line.hash.is_some() {
            return Err(bad("only audit lines carry a hash".into()));
        }
        let at = parse_timestamp(&line.recorded_at).ok_or_else(|| {
            bad(format!("recorded_at '{}' is not a UTC timestamp like 2026-03-31T09:15:00.000000Z", line.recorded_at))
        })?;
        let recorded = Recorded { at, by: line.recorded_by.clone(), reason: line.reason.clone() };
        let payload = line.payload.get();
        let in_line = |e: StoreError| bad(e.to_string());
        let expect = |current: u64| -> Result<(), StoreError> {
            if line.version == current + 1 {
                return Ok(());
            }
            if line.stream == Stream::Child && current == 0 {
                return Err(bad(format!(
                    "no child with ID {} before this line (its registration must come first)",
                    line.subject
                )));
            }
            Err(bad(format!(
                "version {} of {} '{}' should be {}",
                line.version,
                line.stream,
                line.subject,
                current + 1
            )))
        };
        match line.stream {
            Stream::Child => {
                let id = ChildId::new(&line.subject).map_err(|e| bad(format!("subject: {e}")))?;
                let before = match self.records.remove(&id) {
                    Some(r) => Some(r),
                    None => db
                        .state(id.as_str())?
                        .map(|(v, s)| Ok::<_, StoreError>((parse_state(id.as_str(), &s)?, v)))
                        .transpose()?,
                };
                expect(before.as_ref().map_or(0, |(_, v)| *v))?;
                let event: ChildEvent = serde_json::from_str(payload).map_err(|e| bad(format!("payload: {e}")))?;
                check_columns(line, event.kind(), child_effective(&event)).map_err(bad)?;
                let before = before.map(|(r, _)| r);
                // A backup's entries keep the order rules of their time: one recorded before the
                // rules existed stands where it breaks one, listed by `carefile check`.
                let order = Order::at(recorded.at);
                let rec =
                    write_child_event(db, &id, before, line.seq, line.version, &recorded, &event, Some(payload), order)
                        .map_err(in_line)?;
                if line.version == 1 {
                    self.summary.children += 1;
                }
                self.records.insert(id, (rec, line.version));
            }
            Stream::Org => {
                let (org, version) = match &mut self.org {
                    Some(o) => o,
                    None => self.org.insert(load_org(db)?),
                };
                expect(*version)?;
                let event: OrgEvent = serde_json::from_str(payload).map_err(|e| bad(format!("payload: {e}")))?;
                check_columns(line, event.kind(), Some(event.effective_date().to_string())).map_err(bad)?;
                write_org_event(db, org, line.seq, line.version, &recorded, &event, Some(payload)).map_err(in_line)?;
                *version = line.version;
            }
            Stream::Users => {
                let (accounts, version) = match &mut self.accounts {
                    Some(a) => a,
                    None => self.accounts.insert(load_accounts(db)?),
                };
                expect(*version)?;
                let event: UserEvent = serde_json::from_str(payload).map_err(|e| bad(format!("payload: {e}")))?;
                check_columns(line, event.kind(), None).map_err(bad)?;
                write_user_event(db, accounts, line.seq, line.version, &recorded, &event, Some(payload))
                    .map_err(in_line)?;
                *version = line.version;
            }
            Stream::Audit => {
                let (version, last_hash) = match &mut self.audit {
                    Some(a) => a,
                    None => self.audit.insert(db.last_audit()?.unwrap_or((0, GENESIS.to_string()))),
                };
                expect(*version)?;
                let entry: AuditEntry = serde_json::from_str(payload).map_err(|e| bad(format!("payload: {e}")))?;
                let (kind, at, user) = audit_columns(&entry).map_err(in_line)?;
                check_columns(line, &kind, None).map_err(bad)?;
                if (at.as_str(), user, line.reason.as_deref())
                    != (line.recorded_at.as_str(), line.recorded_by.as_str(), None)
                {
                    return Err(bad("recorded_at, recorded_by or reason do not match the audit entry".into()));
                }
                let hash = write_audit(db, line.seq, line.version, last_hash, &entry, payload).map_err(in_line)?;
                if line.hash.as_ref().is_some_and(|h| *h != hash) {
                    return Err(bad("the audit hash does not match: this entry or one before it was altered".into()));
                }
                *version = line.version;
                *last_hash = hash;
            }
            Stream::Subject(name) => {
                let kind =
                    crate::streams::kind(name).ok_or_else(|| bad(format!("the {name} stream is not registered")))?;
                let number = kind.subject(&line.subject).map_err(|m| bad(format!("subject: {m}")))?;
                let key = (name, line.subject.clone());
                let before = match self.subjects.remove(&key) {
                    Some(s) => Some(s),
                    None => db
                        .subject_state(name, &line.subject)?
                        .map(|(v, text)| {
                            kind.parse_text(&text).map(|s| (s, v)).map_err(|m| {
                                StoreError::Corrupt(format!("{name} {}: stored projection: {m}", line.subject))
                            })
                        })
                        .transpose()?,
                };
                expect(before.as_ref().map_or(0, |(_, v)| *v))?;
                let before = before.map(|(s, _)| s);
                let (state, columns) = write_subject_event(
                    db,
                    kind,
                    &line.subject,
                    before.as_ref(),
                    line.seq,
                    line.version,
                    &recorded,
                    payload,
                )
                .map_err(in_line)?;
                check_columns(line, columns.kind, columns.effective).map_err(bad)?;
                if let Some(n) = number {
                    let last = self.numbers.entry(name).or_default();
                    *last = (*last).max(n);
                }
                self.subjects.insert(key, (state, line.version));
            }
        }
        self.summary.events += 1;
        Ok(())
    }

    /// Stores the projections the chunk changed, and forgets them.
    fn flush(&mut self, db: &mut dyn Db) -> Result<(), StoreError> {
        for (rec, version) in self.records.values() {
            save_state(db, rec, *version)?;
        }
        for ((name, subject), (state, version)) in &self.subjects {
            let kind = crate::streams::kind(name).ok_or_else(|| StoreError::Corrupt(format!("stream {name}")))?;
            save_subject(db, kind, subject, *version, state)?;
        }
        for (name, n) in &self.numbers {
            if db.last_number(name)? < *n {
                db.set_last_number(name, *n)?;
            }
        }
        self.records.clear();
        self.subjects.clear();
        self.numbers.clear();
        Ok(())
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

/// One pass over the file into `backend`, in chunks, from after line `skip`;
/// `journal` (the entry's id) is moved on with each chunk. Returns what it
/// wrote, the whole file's SHA-256 and its number of lines.
fn pass<B: Backend>(
    backend: &mut B,
    source: &dyn Source,
    options: &ImportOptions,
    skip: u64,
    journal: Option<&str>,
    progress: &mut dyn FnMut(u64),
) -> Result<(LoadSummary, String, u64), StoreError> {
    let name = source.name();
    let mut input = source.open().map_err(|e| StoreError::BadInput {
        source_name: name.to_string(),
        line: 0,
        message: format!("cannot be opened: {e}"),
    })?;
    let mut reader = Reader::new(name, &mut *input, options.accept_unverified);
    let mut restorer = Restorer::new();
    let mut done = false;
    while !done {
        backend.write(|db| {
            let mut n = 0;
            while n < options.chunk.max(1) {
                let Some(line) = reader.next()? else {
                    done = true;
                    break;
                };
                if reader.line_no <= skip {
                    continue;
                }
                match line {
                    Line::Event(l) => {
                        restorer.event(db, &reader, &l)?;
                        n += 1;
                    }
                    Line::Blob { sha256, content } => {
                        db.put_blob(&sha256, &content)?;
                        n += 1;
                    }
                    Line::Header | Line::End => {}
                }
            }
            restorer.flush(db)?;
            if let Some(id) = journal {
                advance(db, id, reader.line_no)?;
            }
            Ok(())
        })?;
        progress(reader.line_no);
    }
    let lines = reader.line_no;
    let whole = reader.finish()?;
    Ok((restorer.summary, whole, lines))
}

/// Imports a backup (see the module's doc): validated whole into a scratch
/// database first, then committed in chunks with a journal, resuming an
/// interrupted import of the same file. The target must be empty, or hold
/// exactly what an interrupted import of this file committed.
pub(crate) fn restore<B: Backend>(
    store: &mut Store<B>,
    source: &dyn Source,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<RestoreSummary, StoreError> {
    let name = source.name().to_string();
    let hash = file_hash(source)?;
    let events = store.backend_mut().read(|db| db.event_count())?;
    let resume = match store.journal(&hash)? {
        Some(e) if e.finished_at.is_none() => Some(e),
        Some(e) => {
            return Err(StoreError::Refused(format!(
                "{name} was already imported into this database (finished {})",
                e.finished_at.map(|t| t.to_string()).unwrap_or_default()
            )));
        }
        None => None,
    };
    if resume.is_none() && events > 0 {
        let unfinished = store.journal_unfinished()?;
        let hint = match unfinished.first() {
            Some(u) => format!(
                "; an import of {} started {} did not finish: run it again to resume it",
                u.source, u.started_at
            ),
            None => String::new(),
        };
        return Err(StoreError::Refused(format!(
            "an import needs an empty database; this one already holds {events} events{hint}"
        )));
    }
    let skip = match &resume {
        Some(e) => e.position,
        None => {
            let lines = validate(source, options)?;
            store.journal_start(&JournalEntry {
                id: hash.clone(),
                kind: "events".into(),
                source: name.clone(),
                started_at: options.now,
                recorded_at: None,
                position: 0,
                total: lines,
                finished_at: None,
            })?;
            0
        }
    };
    let (loaded, whole, _) = pass(store.backend_mut(), source, options, skip, Some(&hash), progress)?;
    if whole != hash {
        return Err(StoreError::Refused(format!("{name} changed while it was being imported: import it again")));
    }
    store.journal_finish(&hash, options.now)?;
    Ok(RestoreSummary { loaded, resumed_after: skip })
}

/// Pass 1: the whole file imported into a scratch database, then thrown
/// away; returns how many lines the file has.
fn validate(source: &dyn Source, options: &ImportOptions) -> Result<u64, StoreError> {
    let dir = tempfile::Builder::new().prefix("carefile-validate").tempdir()?;
    let path = dir.path().join("scratch.db");
    let mut scratch = SqliteStore::open(&path.to_string_lossy())?;
    // Nothing here needs to survive a crash: the file is deleted either way.
    scratch.connection().execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    Ok(pass(scratch.backend_mut(), source, options, 0, None, &mut |_| {})?.2)
}

/// The SHA-256 of the whole file: the import's identity in the journal.
fn file_hash(source: &dyn Source) -> Result<String, StoreError> {
    use sha2::{Digest, Sha256};
    let mut input = source.open()?;
    let mut h = Sha256::new();
    std::io::copy(&mut input, &mut HashWriter(&mut h))?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

struct HashWriter<'a>(&'a mut sha2::Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
