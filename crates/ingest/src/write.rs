//! Writing the built journeys into the store: a bulk load into an empty database, otherwise
//! child by child (new children, and what stored children's records do not already hold).

use crate::build::Sourced;
use crate::{Plan, Skipped};
use carefile_domain::Recorded;
use carefile_domain::org::{Authority, OrgEvent};
use carefile_store::{ChildEvents, EventStore, StoreError};
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
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn recorded(at: DateTime<Utc>, s: &Sourced) -> Recorded {
    Recorded::new(at, "import", Some(format!("imported from {}", s.origin)))
}

/// Writes `plan` into `store`, recorded at `at` by "import". `authority` (with the date it is
/// recorded from) is set when the database has none, and must match the one it has.
pub fn write(
    store: &mut dyn EventStore,
    plan: Plan,
    at: DateTime<Utc>,
    authority: Option<(Authority, NaiveDate)>,
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
    if store.children()?.is_empty() && org.teams.is_empty() && org.authority.is_none() {
        let mut children = plan.children.iter().map(|(id, evs)| -> ChildEvents {
            (id.clone(), evs.iter().map(|s| (recorded(at, s), s.event.clone())).collect())
        });
        match store.bulk_load(&org_events, &mut children, progress) {
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
    for (n, (id, version, events)) in new.chain(appended).enumerate() {
        let evs: Vec<_> = events.iter().map(|s| (recorded(at, s), s.event.clone())).collect();
        store.append_child(&id, version, &evs)?;
        out.children += 1;
        out.events += evs.len() as u64;
        progress(n as u64 + 1);
    }
    Ok(out)
}
