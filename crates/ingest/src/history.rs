//! Imported facts against the record already stored: facts the database already holds count as
//! history (a care leaver's care imported in an earlier run), only what is new is appended, and
//! what contradicts the stored record skips the child.

use crate::Skipped;
use crate::build::Sourced;
use carefile_domain::journey::{ChildDetails, ChildRecord};
use carefile_domain::{ChildEvent, ChildId};
use carefile_store::{EventStore, StoreError};

/// The imported events a stored child's log does not already hold, checked after its log; or
/// why they contradict it. `rec` is the stored record.
pub(crate) fn new_facts(
    store: &dyn EventStore,
    id: &ChildId,
    rec: ChildRecord,
    events: Vec<Sourced>,
) -> Result<Result<Vec<Sourced>, Skipped>, StoreError> {
    let skip =
        |reason: String, events: usize| Skipped { child: id.to_string(), reasons: vec![reason], events: events as u64 };
    let mut log: Vec<ChildEvent> = store.child_log(id)?.into_iter().map(|e| e.event).collect();
    let mut it = events.into_iter();
    let Some(first) = it.next() else { return Ok(Ok(vec![])) };
    let ChildEvent::Registered { details } = &first.event else { return Ok(Ok(vec![])) };
    let mut new = Vec::new();
    match merged_details(&rec.details, details) {
        Err(why) => return Ok(Err(skip(format!("{}: {why}", first.origin), it.len() + 1))),
        Ok(d) if d != rec.details => {
            new.push(Sourced { origin: first.origin, event: ChildEvent::DetailsAmended { details: d } })
        }
        Ok(_) => {}
    }
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
