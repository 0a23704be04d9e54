//! Writing the built journeys into the store: a bulk load into an empty database, otherwise
//! child by child (new children, and what stored children's records do not already hold).

use crate::build::Sourced;
use crate::{Plan, Skipped};
use carefile_domain::Recorded;
use carefile_domain::org::{Authority, OrgEvent};
use carefile_store::{ChildEvents, EventStore, JournalEntry, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// What an import did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Children written (new, or with new facts appended).
    pub children: u64,
    pub events: u64,
    /// Children whose every fact was already in the record (a re-import).
    pub unchanged: u64,
    /// Children not imported, each with why.
    pub skipped: Vec<Skipped>,
    /// Facts of imported children that the record cannot hold: (child, why).
    pub notes: Vec<(String, String)>,
    /// Every row read, by input and table, and what became of it.
    pub summary: crate::Summary,
}

impl Outcome {
    /// The events the skipped children would have had.
    pub fn skipped_events(&self) -> u64 {
        self.skipped.iter().map(|s| s.events).sum()
    }
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the database serves {stored} ({stored_gss}), but these returns are {given} ({given_gss})")]
    OtherAuthority { stored: String, stored_gss: String, given: String, given_gss: String },
    #[error(
        "an import of {input} started {started} did not finish: run that import again to finish it before another"
    )]
    Unfinished { input: String, started: DateTime<Utc> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn recorded(at: DateTime<Utc>, s: &Sourced) -> Recorded {
    Recorded::new(at, "import", Some(format!("imported from {}", s.origin)))
}

/// Children appended per transaction into a database that holds some already.
const CHILDREN_PER_CHUNK: usize = 500;

/// Which import this is, for the journal (`carefile_store::Journal`).
pub struct Journaled<'a> {
    /// The import's identity: the SHA-256 of its inputs and options.
    pub id: &'a str,
    /// `ssda903` or `cin`.
    pub kind: &'a str,
    /// The inputs as named on the command line.
    pub source: &'a str,
    pub now: DateTime<Utc>,
}

/// Starts the journal entry of an import, or finds the one an interrupted run
/// of the same import left; returns the entry's id and the time its events are
/// recorded at (the first run's, so a resumed import ends as an uninterrupted
/// one would). A different import is not started on top of an unfinished one.
fn begin(store: &mut dyn EventStore, j: &Journaled) -> Result<(String, DateTime<Utc>), WriteError> {
    let unfinished = store.journal_unfinished()?;
    if let Some(e) = unfinished.iter().find(|e| e.id.starts_with(j.id)) {
        return Ok((e.id.clone(), e.recorded_at.unwrap_or(e.started_at)));
    }
    if let Some(other) = unfinished.into_iter().find(|e| e.kind == "ssda903" || e.kind == "cin") {
        return Err(WriteError::Unfinished { input: other.source, started: other.started_at });
    }
    // The same inputs imported again (it changes nothing) get an entry of their own.
    let id = match store.journal(j.id)? {
        Some(_) => format!("{} again at {}", j.id, j.now.timestamp_micros()),
        None => j.id.to_string(),
    };
    store.journal_start(&JournalEntry {
        id: id.clone(),
        kind: j.kind.into(),
        source: j.source.into(),
        started_at: j.now,
        recorded_at: Some(j.now),
        position: 0,
        total: 0,
        finished_at: None,
    })?;
    Ok((id, j.now))
}

/// Writes `plan` into `store` as the journaled import `j`:
/// committed in chunks, each moving the journal entry on; run again after an
/// interruption, the same import finds its children already written and adds
/// the rest, recorded at the first run's time. `authority` (with the date it is
/// recorded from) is set when the database has none, and must match the one it has.
pub fn write_journaled(
    store: &mut dyn EventStore,
    plan: Plan,
    j: &Journaled,
    authority: Option<(Authority, NaiveDate)>,
    progress: &mut dyn FnMut(u64),
) -> Result<Outcome, WriteError> {
    let (id, at) = begin(store, j)?;
    let out = write_chunks(store, plan, at, authority, Some((&id, 0)), progress)?;
    store.journal_finish(&id, j.now)?;
    Ok(out)
}

/// Imports returns read in `parts` parts of their children ([`part_of`](crate::part_of)):
/// `read(part)` reads the returns keeping only that part's children (and the authority they
/// name), which is built against the database and written before the next part is read, so
/// memory holds one part's rows, facts and events, never the whole return. One journal entry
/// covers the parts: killed, the same import run again plans each part afresh against the
/// database, finds what is written and adds the rest, recorded at the first run's time.
pub fn write_in_parts<E: From<WriteError> + From<StoreError>>(
    store: &mut dyn EventStore,
    parts: u32,
    j: &Journaled,
    read: &mut dyn FnMut(u32) -> Result<(crate::Importer, Option<(Authority, NaiveDate)>), E>,
    progress: &mut dyn FnMut(u64),
) -> Result<Outcome, E> {
    let mut all = Outcome::default();
    let mut id = None;
    for part in 0..parts.max(1) {
        let (importer, authority) = read(part)?;
        let plan = importer.build_on(&*store)?;
        // The first part is read (so every input is known to be readable and of its year)
        // before the journal entry is made.
        let (id, at) = match &id {
            Some(started) => started,
            None => id.insert(begin(store, j)?),
        };
        let before = all.children;
        let journal = Some((id.as_str(), before));
        let out = write_chunks(store, plan, *at, authority, journal, &mut |n| progress(before + n))?;
        all.children += out.children;
        all.events += out.events;
        all.unchanged += out.unchanged;
        all.skipped.extend(out.skipped);
        all.notes.extend(out.notes);
        all.summary.merge(out.summary);
    }
    if let Some((id, _)) = &id {
        store.journal_finish(id, j.now)?;
    }
    // As one reading of every child would list them: by child.
    all.skipped.sort_by(|a, b| a.child.cmp(&b.child));
    all.notes.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(all)
}

/// Writes `plan` into `store`, recorded at `at` by "import", in chunks (without a journal).
/// `authority` (with the date it is recorded from) is set when the database has none, and must
/// match the one it has.
pub fn write(
    store: &mut dyn EventStore,
    plan: Plan,
    at: DateTime<Utc>,
    authority: Option<(Authority, NaiveDate)>,
    progress: &mut dyn FnMut(u64),
) -> Result<Outcome, WriteError> {
    write_chunks(store, plan, at, authority, None, progress)
}

fn write_chunks(
    store: &mut dyn EventStore,
    plan: Plan,
    at: DateTime<Utc>,
    authority: Option<(Authority, NaiveDate)>,
    journal: Option<(&str, u64)>,
    progress: &mut dyn FnMut(u64),
) -> Result<Outcome, WriteError> {
    let mut out = Outcome {
        skipped: plan.skipped,
        notes: plan.notes,
        unchanged: plan.unchanged,
        summary: plan.summary,
        ..Outcome::default()
    };
    let org = store.organisation()?;
    let mut org_events = Vec::new();
    match (&org.authority, authority) {
        (Some(s), Some((a, _))) if s.gss != a.gss => {
            return Err(WriteError::OtherAuthority {
                stored: s.name.clone(),
                stored_gss: s.gss.clone(),
                given: a.name,
                given_gss: a.gss,
            });
        }
        (None, Some((a, date))) => org_events.push((
            Recorded::new(at, "import", Some("the authority named for the imported returns".into())),
            OrgEvent::AuthorityDefined { name: a.name, gss: a.gss, dfe_number: a.dfe_number, date },
        )),
        _ => {}
    }
    for c in plan.coverage.into_iter().filter(|c| !org.coverage.contains(c)) {
        org_events.push((
            Recorded::new(at, "import", Some(format!("the period and facts of {}", c.source))),
            OrgEvent::CoverageRecorded { coverage: c },
        ));
    }
    if org.authority.is_none() && org.teams.is_empty() && store.children()?.is_empty() {
        let mut children = plan.children.iter().map(|(id, evs)| -> ChildEvents {
            (id.clone(), evs.iter().map(|s| (recorded(at, s), s.event.clone())).collect())
        });
        let loaded = match journal {
            Some((id, _)) => store.bulk_load_journaled(id, &org_events, &mut children, progress),
            None => store.bulk_load(&org_events, &mut children, progress),
        };
        match loaded {
            Ok(summary) => {
                out.children = summary.children;
                out.events = summary.events - org_events.len() as u64;
                return Ok(out);
            }
            // Other streams (users, audit) make the database not empty: append child by child.
            Err(StoreError::Refused(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if !org_events.is_empty() {
        store.append_org(&org_events)?;
    }
    let new = plan.children.into_iter().map(|(id, events)| (id, None, events));
    let appended = plan.appends.into_iter().map(|(id, version, events)| (id, Some(version), events));
    let all: Vec<_> = new
        .chain(appended)
        .map(|(id, version, events)| {
            let evs: Vec<_> = events.iter().map(|s| (recorded(at, s), s.event.clone())).collect();
            (id, version, evs)
        })
        .collect();
    let mut done = 0;
    for chunk in all.chunks(CHILDREN_PER_CHUNK) {
        // One transaction per chunk: all of its children, and the journal's position, or none.
        store.transaction(&mut |tx| {
            for (id, version, evs) in chunk {
                tx.append_child(id, *version, evs)?;
            }
            // The journal counts the children written by every part so far.
            if let Some((id, before)) = journal {
                tx.journal_advance(id, before + (done + chunk.len()) as u64)?;
            }
            Ok(())
        })?;
        done += chunk.len();
        out.children += chunk.len() as u64;
        out.events += chunk.iter().map(|c| c.2.len() as u64).sum::<u64>();
        progress(done as u64);
    }
    Ok(out)
}
