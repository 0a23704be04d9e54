//! Separation of duties (decision 001): a step a manager authorises cannot be
//! authorised by whoever recorded the step it authorises, whatever their
//! permissions, nor by whoever proposed it. What each step authorises is the
//! domain's declaration of its kind (`Declaration::authorises`: the kind of
//! the entry, and the field both name the item by), so the forms, the API and
//! the authorisation queue all ask the same question of the same data.

use carefile_domain::form::Declared;
use carefile_domain::{ChildEvent, Recorded};

/// The value of `field` in an event's JSON form.
fn field(event: &ChildEvent, field: &str) -> Option<serde_json::Value> {
    serde_json::to_value(event).ok()?.get(field).cloned()
}

/// Whether `entry` is the one `event` authorises.
fn authorises(event: &ChildEvent, entry: &ChildEvent) -> bool {
    let Some(a) = event.declaration().and_then(|d| d.authorises) else { return false };
    entry.kind() == a.kind && field(entry, a.field).is_some() && field(entry, a.field) == field(event, a.field)
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
    let Some((decl, a)) = event.declaration().and_then(|d| Some((d, d.authorises?))) else { return Ok(()) };
    let what = decl.title.to_lowercase();
    let start = ChildEvent::by_kind(a.kind).map_or(a.kind.to_string(), |d| d.title.to_lowercase());
    if proposer == Some(by) {
        return Err(format!("you proposed this {what}: another manager must authorise it (separation of duties)"));
    }
    if step_recorders(event, log).contains(&by) {
        return Err(format!(
            "you recorded the step this authorises ({start}): another manager must record the {what} (separation of duties)"
        ));
    }
    Ok(())
}
