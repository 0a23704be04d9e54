//! Writing the built journeys into the store: a bulk load into an empty database, otherwise
//! child by child, appending only what the stored record does not already hold.

use crate::build::Sourced;
use crate::{Plan, Skipped};
use carefile_domain::journey::{ChildDetails, ChildRecord};
use carefile_domain::org::{Authority, OrgEvent};
use carefile_domain::{ChildEvent, ChildId, Recorded};
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
    let mut out = Outcome { skipped: plan.skipped, notes: plan.notes, ..Outcome::default() };
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
    for (n, (id, events)) in plan.children.into_iter().enumerate() {
        match store.child(&id)? {
            None => {
                let evs: Vec<_> = events.iter().map(|s| (recorded(at, s), s.event.clone())).collect();
                store.append_child(&id, None, &evs)?;
                out.children += 1;
                out.events += evs.len() as u64;
            }
            Some((rec, version)) => match new_facts(store, &id, &rec.details, events)? {
                Ok(new) if new.is_empty() => out.unchanged += 1,
                Ok(new) => {
                    let evs: Vec<_> = new.iter().map(|s| (recorded(at, s), s.event.clone())).collect();
                    store.append_child(&id, Some(version), &evs)?;
                    out.children += 1;
                    out.events += evs.len() as u64;
                }
                Err(skip) => out.skipped.push(skip),
            },
        }
        progress(n as u64 + 1);
    }
    Ok(out)
}

/// The imported events a stored child's log does not already hold, checked after its log; or
/// why they contradict it.
fn new_facts(
    store: &dyn EventStore,
    id: &ChildId,
    stored: &ChildDetails,
    events: Vec<Sourced>,
) -> Result<Result<Vec<Sourced>, Skipped>, StoreError> {
    let skip =
        |reason: String, events: usize| Skipped { child: id.to_string(), reasons: vec![reason], events: events as u64 };
    let mut log: Vec<ChildEvent> = store.child_log(id)?.into_iter().map(|e| e.event).collect();
    let mut it = events.into_iter();
    let Some(first) = it.next() else { return Ok(Ok(vec![])) };
    let ChildEvent::Registered { details } = &first.event else { return Ok(Ok(vec![])) };
    let mut new = Vec::new();
    match merged_details(stored, details) {
        Err(why) => return Ok(Err(skip(format!("{}: {why}", first.origin), it.len() + 1))),
        Ok(d) if d != *stored => {
            new.push(Sourced { origin: first.origin, event: ChildEvent::DetailsAmended { details: d } })
        }
        Ok(_) => {}
    }
    let (rec, _) = store.child(id)?.ok_or_else(|| StoreError::UnknownChild(id.to_string()))?;
    for s in it {
        if already_held(&rec, &s.event) {
            continue;
        }
        match log.iter().position(|e| *e == s.event) {
            Some(i) => {
                log.swap_remove(i);
            }
            None => new.push(s),
        }
    }
    let mut rec = rec;
    for s in &new {
        if let Err(e) = rec.apply(&s.event) {
            let n = new.len();
            return Ok(Err(skip(format!("{}: contradicts the stored record: {}", s.origin, e.message), n)));
        }
    }
    Ok(Ok(new))
}

/// Whether the record already holds what an event imported from a later return says. A return
/// that begins inside a period of care (or of UASC status) sees its start on its first day, and
/// carries previous permanence only in the year care started; what the import infers (an
/// assessment's outcome, a plan's conference or transfer, when a category changed or an S47
/// concluded) can read differently with a later census, and the record keeps its first reading.
fn already_held(rec: &ChildRecord, e: &ChildEvent) -> bool {
    let assessments = || rec.referrals.iter().flat_map(|r| &r.assessments);
    let plans = || rec.referrals.iter().flat_map(|r| &r.cp_plans);
    match e {
        ChildEvent::AssessmentAuthorised { assessment, .. } => {
            assessments().any(|a| a.no == *assessment && a.authorised.is_some())
        }
        ChildEvent::IcpcHeld { referral, date, .. } => {
            rec.referrals.iter().any(|r| r.no == *referral && r.icpcs.iter().any(|c| c.date == *date))
        }
        ChildEvent::CpPlanStarted { plan, date, .. } => plans().any(|p| p.no == *plan && p.start == *date),
        ChildEvent::CpCategoryChanged { plan, category, .. } => {
            plans().any(|p| p.no == *plan && p.latest_category == *category)
        }
        ChildEvent::S47Concluded { s47, .. } => {
            rec.referrals.iter().flat_map(|r| &r.s47s).any(|s| s.no == *s47 && s.concluded.is_some())
        }
        ChildEvent::CareStarted { date, legal_status, placement, .. } => rec.care.iter().any(|p| {
            p.start <= *date
                && p.end.is_none_or(|(end, _)| end >= *date)
                && p.changes
                    .iter()
                    .any(|c| c.date == *date && c.legal_status == *legal_status && c.placement.kind == placement.kind)
        }),
        ChildEvent::UascStarted { date } => {
            rec.uasc.iter().any(|u| u.start < *date && u.end.is_none_or(|end| end >= *date))
        }
        _ => false,
    }
}

/// The stored details completed by the imported ones; a different date of birth or sex is a
/// contradiction (the returns never carry names, so stored names are kept).
fn merged_details(stored: &ChildDetails, imported: &ChildDetails) -> Result<ChildDetails, String> {
    if stored.dob.is_some() && imported.dob.is_some() && stored.dob != imported.dob {
        return Err(format!(
            "the date of birth is {:?} in the record but {:?} in the return",
            stored.dob, imported.dob
        ));
    }
    if stored.sex.is_some() && imported.sex.is_some() && stored.sex != imported.sex {
        return Err(format!("the sex is {:?} in the record but {:?} in the return", stored.sex, imported.sex));
    }
    let mut d = stored.clone();
    let fill = |a: &mut Option<String>, b: &Option<String>| {
        if a.is_none() {
            a.clone_from(b);
        }
    };
    d.dob = d.dob.or(imported.dob);
    d.sex = d.sex.or(imported.sex);
    d.ethnicity = imported.ethnicity.or(d.ethnicity);
    fill(&mut d.upn, &imported.upn);
    fill(&mut d.former_upn, &imported.former_upn);
    fill(&mut d.home_postcode, &imported.home_postcode);
    if d.upn.is_none() {
        d.upn_unknown = imported.upn_unknown.or(d.upn_unknown);
    }
    if d.dob.is_none() {
        d.expected_dob = d.expected_dob.or(imported.expected_dob);
    }
    if d.disabilities.is_empty() {
        d.disabilities.clone_from(&imported.disabilities);
    }
    Ok(d)
}
