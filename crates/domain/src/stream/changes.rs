//! Corrections and withdrawals of a stream's entries (decision 002), as the child's log has them:
//! a [`Change`] names an earlier entry of the same subject by its number (its version), and the
//! subject is the fold of its entries as changed. A correction replaces an entry with one of the
//! same kind; a withdrawal removes entries entered in error, with those that cannot stand
//! without them in the same step ([`dependants`]). The entry that started the subject is
//! corrected, never withdrawn. Only streams whose events say [`StreamEvent::CHANGED`] take them.

use super::{Projection, Stamp, StreamError, StreamEvent};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A change to earlier entries of a subject's stream, stored as one of its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change<E> {
    /// Entry `entry` as it should have been.
    EntryCorrected { entry: u64, replacement: E },
    /// Entry `entry`, and `also` (which depend on it), withdrawn as entered in error.
    EntryWithdrawn {
        entry: u64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        also: Vec<u64>,
    },
}

impl<E> Change<E> {
    /// The stored kind of a change.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::EntryCorrected { .. } => "entry_corrected",
            Change::EntryWithdrawn { .. } => "entry_withdrawn",
        }
    }
}

/// One event of a stream that takes changes: an ordinary event, or a change to earlier ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Entry<E> {
    Change(Change<E>),
    Event(E),
}

impl<E: StreamEvent> Entry<E> {
    /// Reads a stored payload: a change by its kind, otherwise the stream's own event.
    pub fn parse(payload: &str) -> Result<Entry<E>, serde_json::Error> {
        let v: Value = serde_json::from_str(payload)?;
        match v.get("type").and_then(Value::as_str) {
            Some("entry_corrected" | "entry_withdrawn") => serde_json::from_value(v).map(Entry::Change),
            _ => serde_json::from_value(v).map(Entry::Event),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Entry::Change(c) => c.kind(),
            Entry::Event(e) => e.kind(),
        }
    }
}

/// Whether a stored payload is a change (without reading the rest of it).
pub fn is_change(payload: &str) -> bool {
    #[derive(Deserialize)]
    struct Tag<'a> {
        #[serde(rename = "type", borrow)]
        kind: Option<std::borrow::Cow<'a, str>>,
    }
    serde_json::from_str::<Tag>(payload).is_ok_and(|t| matches!(t.kind.as_deref(), Some("entry_corrected" | "entry_withdrawn")))
}

/// What a subject's entries stand as: each ordinary entry with its stamp, as corrected, without
/// those withdrawn; or why a change cannot be made (the change's version and the message).
pub fn standing<'a, E: StreamEvent>(log: &'a [(Stamp<'a>, Entry<E>)]) -> Result<Vec<(Stamp<'a>, &'a E)>, (u64, String)> {
    use std::collections::HashMap;
    let entries: HashMap<u64, &E> = log
        .iter()
        .filter_map(|(at, e)| match e {
            Entry::Event(e) => Some((at.version, e)),
            Entry::Change(_) => None,
        })
        .collect();
    // Entry number -> its replacement, or `None` once withdrawn.
    let mut changed: HashMap<u64, Option<&E>> = HashMap::new();
    for (at, e) in log {
        let Entry::Change(change) = e else { continue };
        if !E::CHANGED {
            return Err((at.version, format!("entries of this stream are not corrected or withdrawn ({})", change.kind())));
        }
        let target = |t: u64| match entries.get(&t) {
            Some(x) if t < at.version => Ok(*x),
            _ => Err((at.version, format!("entry {t} is not an earlier entry of this record that can be changed"))),
        };
        match change {
            Change::EntryCorrected { entry, replacement } => {
                let old = target(*entry)?;
                if matches!(changed.get(entry), Some(None)) {
                    return Err((at.version, format!("entry {entry} was withdrawn: it cannot be corrected")));
                }
                if replacement.kind() != old.kind() {
                    let m = format!("a correction keeps the entry's kind ({}): withdraw entry {entry} and record the right kind instead", old.kind());
                    return Err((at.version, m));
                }
                changed.insert(*entry, Some(replacement));
            }
            Change::EntryWithdrawn { entry, also } => {
                for t in std::iter::once(entry).chain(also) {
                    target(*t)?;
                    if *t == 1 {
                        return Err((at.version, "the entry that started the record cannot be withdrawn: correct it instead".into()));
                    }
                    if matches!(changed.insert(*t, None), Some(None)) {
                        return Err((at.version, format!("entry {t} is already withdrawn")));
                    }
                }
            }
        }
    }
    Ok(log
        .iter()
        .filter_map(|(at, e)| match (e, changed.get(&at.version)) {
            (Entry::Change(_), _) | (Entry::Event(_), Some(None)) => None,
            (Entry::Event(_), Some(Some(r))) => Some((*at, *r)),
            (Entry::Event(e), None) => Some((*at, e)),
        })
        .collect())
}

/// Why a refold failed: the error, and the entry it refused where it was an ordinary one.
pub type Refusal = (Option<u64>, StreamError);

/// The fold of a subject's whole log with its changes (`None` for an empty log).
pub fn refold<P: Projection>(id: &P::Id, log: &[(Stamp, Entry<P::Event>)]) -> Result<Option<P>, Refusal> {
    let refused = |event: &'static str, message: String| StreamError { stream: P::STREAM, subject: id.to_string(), event, message };
    let kind_at = |v: u64| log.iter().find(|(at, _)| at.version == v).map_or("entry", |(_, e)| e.kind());
    let standing = standing(log).map_err(|(v, m)| (None, refused(kind_at(v), m)))?;
    let mut state: Option<P> = None;
    for (at, e) in standing {
        state = Some(P::next(id, state.as_ref(), at, e).map_err(|err| (Some(at.version), err))?);
    }
    Ok(state)
}

/// The entries that could not stand if entries `entries` were withdrawn, transitively, in log
/// order: withdrawing them needs these withdrawn in the same step.
pub fn dependants<P: Projection>(id: &P::Id, log: &[(Stamp, Entry<P::Event>)], entries: &[u64]) -> Result<Vec<u64>, StreamError> {
    let Some((&first, rest)) = entries.split_first() else { return Ok(vec![]) };
    let Some((last, _)) = log.last() else { return Ok(vec![]) };
    let mut also: Vec<u64> = rest.to_vec();
    let mut found = Vec::new();
    loop {
        let mut trial: Vec<(Stamp, Entry<P::Event>)> = log.to_vec();
        let at = Stamp { seq: last.seq + 1, version: last.version + 1, recorded: last.recorded };
        trial.push((at, Entry::Change(Change::EntryWithdrawn { entry: first, also: also.clone() })));
        match refold::<P>(id, &trial) {
            Ok(_) => break,
            Err((Some(v), _)) if v != first && !also.contains(&v) => {
                also.push(v);
                found.push(v);
            }
            Err((_, e)) => return Err(e),
        }
    }
    found.sort_unstable();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;
    use crate::panels::examples::examples;
    use crate::panels::{ActionStatus, PanelEvent, Sitting, SittingId};
    use crate::people::{Household, HouseholdEvent, HouseholdId, HouseholdKind};

    fn recorded(by: &str) -> Recorded {
        Recorded::new("2026-03-31T08:00:00Z".parse().unwrap(), by, None)
    }

    /// The example sitting with an action done: scheduled, listed, held, heard, action set, done.
    fn log() -> Vec<Entry<PanelEvent>> {
        let owner = crate::WorkerId::new("W1").unwrap();
        let x = examples(&owner).into_iter().find(|x| matches!(x.event, PanelEvent::ActionVerified { .. })).unwrap();
        x.setup.into_iter().map(Entry::Event).collect()
    }

    fn fold(entries: &[Entry<PanelEvent>], by: &Recorded) -> Result<Option<Sitting>, Refusal> {
        let stamped: Vec<(Stamp, Entry<PanelEvent>)> =
            entries.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: by }, e.clone())).collect();
        refold::<Sitting>(&SittingId::new("S000001").unwrap(), &stamped)
    }

    #[test]
    fn a_correction_replaces_its_entry_and_the_subject_is_folded_again() {
        let by = recorded("chair");
        let mut entries = log();
        let done = entries.len() as u64;
        let Entry::Event(PanelEvent::ActionDone { action, date, .. }) = entries[done as usize - 1].clone() else { panic!() };
        entries.push(Entry::Change(Change::EntryCorrected { entry: done, replacement: PanelEvent::ActionDone { action, date, note: "Shared with the school".into() } }));
        let s = fold(&entries, &by).unwrap().unwrap();
        assert!(matches!(&s.actions[0].status, ActionStatus::Done { note, .. } if note == "Shared with the school"), "{:?}", s.actions[0]);
        // Another kind in its place is refused: withdraw and record the right kind instead.
        entries.push(Entry::Change(Change::EntryCorrected { entry: done, replacement: PanelEvent::ActionVerified { action, date } }));
        let (_, e) = fold(&entries, &by).unwrap_err();
        assert!(e.message.starts_with("a correction keeps the entry's kind (action_done)"), "{}", e.message);
    }

    #[test]
    fn a_withdrawal_takes_its_dependants_with_it_or_is_refused() {
        let by = recorded("chair");
        let entries = log();
        let (set, done) = (entries.len() as u64 - 1, entries.len() as u64);
        let stamped: Vec<(Stamp, Entry<PanelEvent>)> =
            entries.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &by }, e.clone())).collect();
        let id = SittingId::new("S000001").unwrap();
        // The action done cannot stand without the action set.
        assert_eq!(dependants::<Sitting>(&id, &stamped, &[set]).unwrap(), [done]);
        let mut alone = entries.clone();
        alone.push(Entry::Change(Change::EntryWithdrawn { entry: set, also: vec![] }));
        assert_eq!(fold(&alone, &by).unwrap_err().0, Some(done), "refused at the entry that depends on it");
        let mut both = entries.clone();
        both.push(Entry::Change(Change::EntryWithdrawn { entry: set, also: vec![done] }));
        assert!(fold(&both, &by).unwrap().unwrap().actions.is_empty());
        // Withdrawn once; never corrected after; the first entry is corrected, never withdrawn.
        let mut again = both.clone();
        again.push(Entry::Change(Change::EntryWithdrawn { entry: done, also: vec![] }));
        assert!(fold(&again, &by).unwrap_err().1.message.contains("already withdrawn"));
        let mut first = entries.clone();
        first.push(Entry::Change(Change::EntryWithdrawn { entry: 1, also: vec![] }));
        assert!(fold(&first, &by).unwrap_err().1.message.contains("started the record cannot be withdrawn"));
        // Only earlier entries, and not a change itself.
        let mut later = entries.clone();
        later.push(Entry::Change(Change::EntryWithdrawn { entry: 99, also: vec![] }));
        assert!(fold(&later, &by).unwrap_err().1.message.contains("entry 99 is not an earlier entry"));
    }

    #[test]
    fn streams_that_take_no_changes_refuse_them_and_payloads_read_either_way() {
        let by = recorded("sw");
        let formed = HouseholdEvent::Formed { kind: HouseholdKind::Family, name: "The Family".into(), address: None, date: "2020-01-01".parse().unwrap() };
        let log = [
            (Stamp { seq: 1, version: 1, recorded: &by }, Entry::Event(formed.clone())),
            (Stamp { seq: 2, version: 2, recorded: &by }, Entry::Change(Change::EntryCorrected { entry: 1, replacement: formed })),
        ];
        let e = refold::<Household>(&HouseholdId::new("H000001").unwrap(), &log).unwrap_err().1;
        assert!(e.message.contains("not corrected or withdrawn"), "{}", e.message);
        let change: Entry<PanelEvent> = Entry::Change(Change::EntryWithdrawn { entry: 3, also: vec![4] });
        let text = serde_json::to_string(&change).unwrap();
        assert_eq!(text, r#"{"type":"entry_withdrawn","entry":3,"also":[4]}"#);
        assert!(is_change(&text));
        assert_eq!(Entry::<PanelEvent>::parse(&text).unwrap(), change);
        let event = r#"{"type":"cancelled","reason":"no quorum"}"#;
        assert!(!is_change(event));
        assert_eq!(Entry::<PanelEvent>::parse(event).unwrap(), Entry::Event(PanelEvent::Cancelled { reason: "no quorum".into() }));
    }
}
