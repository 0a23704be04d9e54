//! `check`: every log row well-formed, every projection equal to the replay of
//! its log, and the audit chain intact. Problems are collected, not raised, so
//! one bad row does not hide the others.

use crate::audit::{GENESIS, audit_record, chain_hash};
use crate::backend::{Db, EventRow, SubjectRow};
use crate::core::{child_effective, read_log_ordered};
use crate::error::StoreError;
use crate::jsonl::{Stream, parse_timestamp};
use crate::streams::State;
use carefile_domain::access::{Accounts, UserEvent};
use carefile_domain::journey::order::rule;
use carefile_domain::journey::{Finding, Order};
use carefile_domain::org::{OrgEvent, Organisation};
use carefile_domain::stream::Stamp;
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// One thing found wrong, located by stream, subject and (where a row is to blame) seq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inconsistency {
    pub stream: String,
    pub subject: String,
    pub seq: Option<u64>,
    pub problem: String,
}

impl fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} stream", self.stream)?;
        if !self.subject.is_empty() {
            write!(f, ", subject {}", self.subject)?;
        }
        if let Some(seq) = self.seq {
            write!(f, ", seq {seq}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// An entry recorded before the journey's order rules existed that breaks one: kept (the
/// database is consistent), and listed as data quality to put right through a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFinding {
    pub child: String,
    pub finding: Finding,
}

impl fmt::Display for OrderFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "child {} {}", self.child, self.finding)
    }
}

/// What `check` looked at and what it found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub events: u64,
    pub children: u64,
    pub audit_entries: u64,
    pub problems: Vec<Inconsistency>,
    /// Entries kept from before the order rules that break one, by child and entry.
    pub findings: Vec<OrderFinding>,
}

impl CheckReport {
    /// No inconsistency: findings are data quality, not damage.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    fn found(&mut self, stream: &str, subject: &str, seq: Option<u64>, problem: String) {
        self.problems.push(Inconsistency { stream: stream.into(), subject: subject.into(), seq, problem });
    }
}

/// The running state of the pass over the log.
struct Pass {
    report: CheckReport,
    versions: HashMap<(String, String), u64>,
    last_seq: u64,
    org: Organisation,
    accounts: Accounts,
    last_hash: String,
    /// Children with events, to match against the projections.
    logged: BTreeSet<String>,
    /// Each subject of the other streams as its log replays, `None` once an event did not fold.
    subjects: HashMap<(&'static str, String), Option<State>>,
    /// The logs of subjects whose entries are corrected, which a correction folds again.
    histories: HashMap<(&'static str, String), Vec<(u64, u64, Recorded, String)>>,
}

fn columns_match(r: &EventRow, kind: &str, effective: Option<String>) -> Result<(), String> {
    if r.kind != kind {
        return Err(format!("kind column '{}' does not match the payload's '{kind}'", r.kind));
    }
    if r.effective != effective {
        return Err(format!("effective column {:?} does not match the payload's {effective:?}", r.effective));
    }
    Ok(())
}

fn parsed<E: serde::de::DeserializeOwned>(payload: &str) -> Result<E, String> {
    serde_json::from_str(payload).map_err(|e| format!("payload does not parse: {e}"))
}

impl Pass {
    fn row(&mut self, r: EventRow) {
        self.report.events += 1;
        let (stream, subject, seq) = (r.stream.clone(), r.subject.clone(), r.seq);
        if seq <= self.last_seq {
            self.report.found(&stream, &subject, Some(seq), format!("seq does not follow {}", self.last_seq));
        }
        self.last_seq = seq;
        let last = self.versions.insert((stream.clone(), subject.clone()), r.version).unwrap_or(0);
        if r.version != last + 1 {
            self.report.found(&stream, &subject, Some(seq), format!("version {} follows version {last}", r.version));
        }
        if parse_timestamp(&r.recorded_at).is_none() {
            self.report.found(
                &stream,
                &subject,
                Some(seq),
                format!("recorded_at '{}' is not a stored timestamp", r.recorded_at),
            );
        }
        if let Err(problem) = self.content(r) {
            self.report.found(&stream, &subject, Some(seq), problem);
        }
    }

    /// The payload parses as its stream's type, the columns agree with it, and it applies.
    fn content(&mut self, r: EventRow) -> Result<(), String> {
        let stream: Stream = r.stream.parse()?;
        if stream != Stream::Audit && (r.prev_hash.is_some() || r.hash.is_some()) {
            return Err("a hash outside the audit stream".into());
        }
        if !stream.has_subjects() && !r.subject.is_empty() {
            return Err(format!("a subject in the {stream} stream"));
        }
        match stream {
            Stream::Child => {
                let child = ChildId::new(&r.subject).map_err(|e| format!("subject: {e}"))?;
                self.logged.insert(r.subject.clone());
                let e: ChildEvent = parsed(&r.payload)?;
                columns_match(&r, e.kind(), child_effective(&e))?;
                let at = parse_timestamp(&r.recorded_at).ok_or("no timestamp")?;
                match (e.check_recorded_at(&child, at), Order::at(at)) {
                    (Ok(()), _) => Ok(()),
                    (Err(refused), Order::Enforced) => Err(refused.message),
                    (Err(refused), Order::Noted) => {
                        let (seq, event, message) = (r.seq, e.kind(), refused.message);
                        let finding = Finding { seq, event, rule: rule::NOT_AFTER_RECORDING, message };
                        self.report.findings.push(OrderFinding { child: r.subject, finding });
                        Ok(())
                    }
                }
            }
            Stream::Org => {
                let e: OrgEvent = parsed(&r.payload)?;
                columns_match(&r, e.kind(), Some(e.effective_date().to_string()))?;
                self.org.apply(&e).map_err(|e| format!("does not apply to the organisation: {e}"))
            }
            Stream::Users => {
                let e: UserEvent = parsed(&r.payload)?;
                columns_match(&r, e.kind(), None)?;
                self.accounts.apply(&e).map_err(|e| format!("does not apply to the accounts: {e}"))
            }
            Stream::Audit => self.audit(r),
            Stream::Subject(name) => self.subject(name, r),
        }
    }

    /// Folds a row of a stream beside the child's into its subject's replay.
    fn subject(&mut self, name: &'static str, r: EventRow) -> Result<(), String> {
        let kind = crate::streams::kind(name).ok_or_else(|| format!("the {name} stream is not registered"))?;
        let entry = self.subjects.entry((name, r.subject.clone())).or_insert(None);
        let before = entry.take();
        if r.version > 1 && before.is_none() {
            return Ok(()); // an earlier event of this subject was reported
        }
        let at = parse_timestamp(&r.recorded_at).ok_or("no timestamp")?;
        let recorded = Recorded { at, by: r.recorded_by.clone(), reason: r.reason.clone() };
        let stamp = Stamp { seq: r.seq, version: r.version, recorded: &recorded };
        let folded = if kind.changed() {
            let history = self.histories.entry((name, r.subject.clone())).or_default();
            history.push((r.seq, r.version, recorded.clone(), r.payload.clone()));
            if carefile_domain::stream::changes::is_change(&r.payload) {
                let log: Vec<(Stamp, &str)> =
                    history.iter().map(|(seq, version, rec, p)| (Stamp { seq: *seq, version: *version, recorded: rec }, p.as_str())).collect();
                kind.refold(&r.subject, &log)
            } else {
                kind.fold(&r.subject, before.as_ref(), stamp, &r.payload)
            }
        } else {
            kind.fold(&r.subject, before.as_ref(), stamp, &r.payload)
        };
        let (state, columns) = folded.map_err(|e| format!("does not fold: {e}"))?;
        *entry = Some(state);
        columns_match(&r, columns.kind, columns.effective)
    }

    fn audit(&mut self, r: EventRow) -> Result<(), String> {
        self.report.audit_entries += 1;
        let (Some(prev_hash), Some(hash)) = (r.prev_hash.clone(), r.hash.clone()) else {
            return Err("an audit row without its hash chain columns".into());
        };
        // The next row chains from this row's stored hash, so one altered row is reported once.
        let expected_prev = std::mem::replace(&mut self.last_hash, hash.clone());
        let entry = r.version;
        if prev_hash != expected_prev {
            return Err(format!(
                "audit chain broken at entry {entry}: prev_hash does not match the entry before (altered, removed or reordered)"
            ));
        }
        if chain_hash(&prev_hash, &r.payload) != hash {
            return Err(format!("audit chain broken at entry {entry}: its hash does not match its content (altered)"));
        }
        audit_record(r).map(drop)
    }
}

/// Compares one child's projection with the replay of its log.
fn check_child(db: &mut dyn Db, id: &str, report: &mut CheckReport) -> Result<(), StoreError> {
    let Some((version, state)) = db.state(id)? else { return Ok(()) };
    let mut found = |problem: String| report.found("child", id, None, problem);
    let Ok(child) = ChildId::new(id) else {
        found("a projection under an invalid child ID".into());
        return Ok(());
    };
    let stored: ChildRecord = match serde_json::from_str(&state) {
        Ok(r) => r,
        Err(e) => {
            found(format!("projection does not parse: {e}"));
            return Ok(());
        }
    };
    // Unparseable events were reported in the pass over the log.
    let Ok(log) = read_log_ordered(db, id) else { return Ok(()) };
    let last = log.len() as u64;
    if version != last {
        found(format!("projection is at version {version} but the log has {last} events"));
    }
    match ChildRecord::replay_noting(&child, &log) {
        Ok((replayed, findings)) => {
            if replayed != stored {
                found("projection differs from the replay of the log".into());
            }
            report.findings.extend(findings.into_iter().map(|finding| OrderFinding { child: id.to_string(), finding }));
        }
        Err(e) => found(format!("the log does not replay: {e}")),
    }
    Ok(())
}

/// Compares every stored projection of the other streams with the replay of its log.
fn check_subjects(
    db: &mut dyn Db,
    mut replayed: HashMap<(&'static str, String), Option<State>>,
    report: &mut CheckReport,
) -> Result<(), StoreError> {
    let mut stored = Vec::new();
    db.each_subject_state(None, None, &mut |row| {
        stored.push(row);
        Ok(())
    })?;
    for SubjectRow { stream, subject, version, state, about } in stored {
        let Some(kind) = crate::streams::kind(&stream) else {
            report.found(&stream, &subject, None, "a projection of an unregistered stream".into());
            continue;
        };
        let last = db.log(Stream::Subject(kind.name()), &subject)?.last().map_or(0, |r| r.version);
        if version != last {
            report.found(
                &stream,
                &subject,
                None,
                format!("projection is at version {version} but the log has {last} events"),
            );
        }
        match (replayed.remove(&(kind.name(), subject.clone())), kind.parse_text(&state)) {
            (None, _) => report.found(&stream, &subject, None, "a projection with no events".into()),
            (Some(None), _) => {} // its log was reported
            (_, Err(e)) => report.found(&stream, &subject, None, format!("projection does not parse: {e}")),
            (Some(Some(r)), Ok(s)) if !kind.same(&r, &s) => {
                report.found(&stream, &subject, None, "projection differs from the replay of the log".into())
            }
            (Some(Some(r)), Ok(_))
                if kind.blobs(&r).iter().any(|(h, n)| db.blob_size(h).ok().flatten() != Some(*n)) =>
            {
                report.found(
                    &stream,
                    &subject,
                    None,
                    "content it names is missing from the store, or of another size".into(),
                )
            }
            (Some(Some(r)), Ok(_)) if kind.about(&r) != about => report.found(
                &stream,
                &subject,
                None,
                format!("stored as about {about:?}, but its projection is about {:?}", kind.about(&r)),
            ),
            _ => {}
        }
    }
    for ((stream, subject), _) in replayed {
        report.found(stream, &subject, None, "events with no projection".into());
    }
    Ok(())
}

pub(crate) fn check(db: &mut dyn Db) -> Result<CheckReport, StoreError> {
    let mut pass = Pass {
        report: CheckReport::default(),
        versions: HashMap::new(),
        last_seq: 0,
        org: Organisation::default(),
        accounts: Accounts::default(),
        last_hash: GENESIS.to_string(),
        logged: BTreeSet::new(),
        subjects: HashMap::new(),
        histories: HashMap::new(),
    };
    db.each_event(&mut |r| {
        pass.row(r);
        Ok(())
    })?;
    let mut report = pass.report;
    let mut projected = Vec::new();
    db.each_state(&mut |id, _, _| {
        projected.push(id);
        Ok(())
    })?;
    for id in &projected {
        if !pass.logged.remove(id) {
            report.found("child", id, None, "a projection with no events".into());
        }
        check_child(db, id, &mut report)?;
    }
    for id in pass.logged {
        report.found("child", &id, None, "events with no projection".into());
    }
    report.children = projected.len() as u64;
    report.findings.sort_by(|a, b| (&a.child, a.finding.seq).cmp(&(&b.child, b.finding.seq)));
    check_subjects(db, pass.subjects, &mut report)?;
    Ok(report)
}
