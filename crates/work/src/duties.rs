//! Separation of duties (decision 001): a step a manager authorises cannot be
//! authorised by whoever recorded the step it authorises, whatever their
//! permissions. Pure, over the child's log, so the web forms, the API and the
//! authorisation queue all ask the same question.

use crate::authorisation::Step;
use carefile_domain::{ChildEvent, ItemNo, Recorded};

/// What an authorising event authorises in the log: the entry that started the step.
fn authorises(event: &ChildEvent, entry: &ChildEvent) -> bool {
    use ChildEvent::*;
    let same = |a: ItemNo, b: ItemNo| a == b;
    match (event, entry) {
        (ContactDecided { contact, .. }, ContactReceived { contact: c, .. }) => same(*contact, *c),
        (ReferralDecided { referral, .. }, ReferralReceived { referral: r, .. }) => same(*referral, *r),
        (AssessmentAuthorised { assessment, .. }, AssessmentStarted { assessment: a, .. }) => same(*assessment, *a),
        (S47Concluded { s47, .. }, S47Started { s47: s, .. }) => same(*s47, *s),
        _ => false,
    }
}

/// Users who recorded (or corrected) the entry `event` authorises.
pub fn step_recorders<'a>(event: &ChildEvent, log: &'a [(u64, Recorded, ChildEvent)]) -> Vec<&'a str> {
    let mut out: Vec<&str> = log
        .iter()
        .filter(|(_, _, e)| match e {
            ChildEvent::Corrected { replacement, .. } => authorises(event, replacement),
            e => authorises(event, e),
        })
        .map(|(_, r, _)| r.by.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether `by` may record `event` on a child whose log is `log`; `proposer`
/// is the author of the request it comes through, if any. `Err` says why not.
pub fn may_authorise(
    by: &str,
    event: &ChildEvent,
    log: &[(u64, Recorded, ChildEvent)],
    proposer: Option<&str>,
) -> Result<(), String> {
    let Some(step) = Step::of(event) else { return Ok(()) };
    let what = step.label().to_lowercase();
    if proposer == Some(by) {
        return Err(format!("you proposed this {what}: another manager must authorise it (separation of duties)"));
    }
    if step_recorders(event, log).contains(&by) {
        return Err(format!(
            "you recorded the step this {what} authorises: another manager must (separation of duties)"
        ));
    }
    if step == Step::Closure && proposer.is_none() {
        return Err(
            "a case is closed by one person and authorised by another: send the closure for authorisation".into()
        );
    }
    Ok(())
}
