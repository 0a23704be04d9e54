//! Two records of one child merged by a team manager, and unmerged (decision
//! 002). The merge is a fact on the `merge` stream keyed by the duplicate; the
//! children's own logs are never rewritten, so an unmerge leaves both records,
//! due lists and returns exactly as they were. While a merge stands, the
//! survivor's record is the fold of both logs in the order they were recorded
//! ([`merged_record`]) and the duplicate's id resolves to the survivor.

use crate::ChildId;
use crate::form::Declared;
use crate::journey::{ChildEvent, ChildRecord, InvariantError};
use crate::stream::{Projection, Stamp, StreamEvent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest reason kept.
pub const MAX_MERGE_REASON: usize = 2000;

/// A change to whether a duplicate record stands merged into another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MergeEvent {
    /// The duplicate (the stream's subject) is the same child as `survivor`.
    Merged { survivor: ChildId, reason: String },
    /// The merge was a mistake: both records stand apart again.
    Unmerged { reason: String },
}

impl StreamEvent for MergeEvent {
    fn kind(&self) -> &'static str {
        match self {
            MergeEvent::Merged { .. } => "merged",
            MergeEvent::Unmerged { .. } => "unmerged",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        None
    }
}

/// One merge or unmerge, as the duplicate's history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeStep {
    /// `Some(survivor)` for a merge, `None` for an unmerge.
    pub survivor: Option<ChildId>,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A duplicate record's merges as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    pub duplicate: ChildId,
    /// The record it stands merged into, while the merge stands.
    pub survivor: Option<ChildId>,
    pub history: Vec<MergeStep>,
}

impl Projection for Merge {
    const STREAM: &'static str = "merge";
    type Id = ChildId;
    type Event = MergeEvent;

    fn start(id: &ChildId, at: Stamp, event: &MergeEvent) -> Result<Self, String> {
        let mut m = Merge { duplicate: id.clone(), survivor: None, history: vec![] };
        m.apply(at, event)?;
        Ok(m)
    }

    /// A survivor's merges are one lookup.
    fn about(&self) -> Option<&str> {
        self.survivor.as_ref().map(ChildId::as_str)
    }

    fn apply(&mut self, at: Stamp, event: &MergeEvent) -> Result<(), String> {
        let reason = match event {
            MergeEvent::Merged { reason, .. } | MergeEvent::Unmerged { reason } => reason.trim(),
        };
        if reason.is_empty() {
            return Err("say why".into());
        }
        if reason.chars().count() > MAX_MERGE_REASON {
            return Err(format!("the reason is longer than {MAX_MERGE_REASON} characters"));
        }
        let survivor = match (event, &self.survivor) {
            (MergeEvent::Merged { survivor, .. }, _) if *survivor == self.duplicate => {
                return Err("a record cannot be merged into itself".into());
            }
            (MergeEvent::Merged { .. }, Some(s)) => return Err(format!("{} is already merged into {s}", self.duplicate)),
            (MergeEvent::Merged { survivor, .. }, None) => Some(survivor.clone()),
            (MergeEvent::Unmerged { .. }, None) => return Err(format!("{} is not merged", self.duplicate)),
            (MergeEvent::Unmerged { .. }, Some(_)) => None,
        };
        self.history.push(MergeStep {
            survivor: survivor.clone(),
            reason: reason.to_string(),
            by: at.recorded.by.clone(),
            at: at.recorded.at,
        });
        self.survivor = survivor;
        Ok(())
    }
}

/// The survivor's record while merges stand: its own log and each duplicate's
/// (without the duplicate's registration, whose details the survivor's stand
/// for), folded after the survivor's registration in the order they were recorded. Sequence numbers are the
/// store's, unique across logs, so corrections still find what they correct;
/// a duplicate's items (contact 1, referral 1…) are numbered on after every
/// item before it ([`renumbered`]), so they never collide with the survivor's.
/// Refused when the two histories cannot stand together (two care episodes at
/// once…): the error names the entry to withdraw first.
pub fn merged_record(
    survivor: &ChildId,
    own: &[(u64, ChildEvent)],
    duplicates: &[&[(u64, ChildEvent)]],
) -> Result<ChildRecord, InvariantError> {
    let mut all: Vec<(u64, ChildEvent)> = own.to_vec();
    for log in duplicates {
        let offset = all.iter().filter_map(|(_, e)| highest_item(e)).max().unwrap_or(0);
        for (seq, e) in log.iter() {
            if !matches!(e, ChildEvent::Registered { .. }) {
                all.push((*seq, renumbered(e, offset)));
            }
        }
    }
    // The survivor's registration first, though a duplicate may be older.
    all.sort_by_key(|(seq, e)| (!matches!(e, ChildEvent::Registered { .. }), *seq));
    ChildRecord::replay(survivor, &all)
}

/// The item numbers an event carries, where its declaration says they sit.
fn item_numbers(e: &ChildEvent) -> impl Iterator<Item = String> {
    e.declaration().into_iter().flat_map(|d| d.fields.iter()).filter(|f| f.numbered()).map(|f| f.pointer())
}

fn highest_item(e: &ChildEvent) -> Option<u32> {
    let json = serde_json::to_value(e).ok()?;
    item_numbers(e).filter_map(|p| json.pointer(&p)?.as_u64()).map(|n| n as u32).max()
}

/// The event with every item number it carries moved on by `offset`; an
/// event whose JSON does not read back (none does) is kept as it was.
pub fn renumbered(e: &ChildEvent, offset: u32) -> ChildEvent {
    let Ok(mut json) = serde_json::to_value(e) else { return e.clone() };
    for p in item_numbers(e) {
        if let Some(v) = json.pointer_mut(&p)
            && let Some(n) = v.as_u64()
        {
            *v = (n + u64::from(offset)).into();
        }
    }
    serde_json::from_value(json).unwrap_or_else(|_| e.clone())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;

    fn stamp(r: &Recorded) -> Stamp<'_> {
        Stamp { seq: 1, version: 1, recorded: r }
    }

    fn id(s: &str) -> ChildId {
        ChildId::new(s).unwrap()
    }

    #[test]
    fn a_merge_stands_until_unmerged_and_keeps_its_history() {
        let r = Recorded { at: Utc::now(), by: "mgr".into(), reason: None };
        let merged = MergeEvent::Merged { survivor: id("C1"), reason: "same child, misspelt".into() };
        let mut m = Merge::start(&id("C2"), stamp(&r), &merged).unwrap();
        assert_eq!((m.survivor.clone(), m.about()), (Some(id("C1")), Some("C1")));
        assert!(m.clone().apply(stamp(&r), &merged).unwrap_err().contains("already merged"));
        m.apply(stamp(&r), &MergeEvent::Unmerged { reason: "different children".into() }).unwrap();
        assert_eq!((m.survivor.clone(), m.history.len()), (None, 2));
        assert!(m.clone().apply(stamp(&r), &MergeEvent::Unmerged { reason: "again".into() }).is_err());
        m.apply(stamp(&r), &merged).unwrap();
        assert_eq!(m.survivor, Some(id("C1")));
    }

    #[test]
    fn refuses_itself_and_no_reason() {
        let r = Recorded { at: Utc::now(), by: "mgr".into(), reason: None };
        let into_itself = MergeEvent::Merged { survivor: id("C2"), reason: "x".into() };
        assert!(Merge::start(&id("C2"), stamp(&r), &into_itself).unwrap_err().contains("itself"));
        let no_reason = MergeEvent::Merged { survivor: id("C1"), reason: "  ".into() };
        assert_eq!(Merge::start(&id("C2"), stamp(&r), &no_reason).unwrap_err(), "say why");
    }

    /// Every field of type `ItemNo` in `events.rs` is named one of these (a
    /// grep of the file checks the list): each must be moved on.
    const ITEM_FIELDS: [&str; 11] =
        ["assessment", "complaint", "contact", "discussion", "episode", "link", "pep", "plan", "referral", "request", "s47"];

    #[test]
    fn the_item_fields_are_all_listed() {
        let src = include_str!("../journey/events.rs");
        for line in src.lines().map(str::trim) {
            if let Some((name, ty)) = line.split_once(": ")
                && ty.trim_end_matches(',').trim_start_matches("Option<").trim_end_matches('>') == "ItemNo"
            {
                assert!(ITEM_FIELDS.contains(&name), "{name} carries an item number: list it");
            }
        }
    }

    #[test]
    fn renumbering_moves_every_item_number_and_nothing_else() {
        let (w, t) = (crate::ids::WorkerId::new("W1").unwrap(), crate::ids::TeamId::new("T1").unwrap());
        for ex in crate::journey::examples::examples(&w, &t) {
            let before = serde_json::to_value(&ex.event).unwrap();
            let after = serde_json::to_value(renumbered(&ex.event, 100)).unwrap();
            let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else { panic!("{before}") };
            for (k, v) in b {
                let moved = ITEM_FIELDS.contains(&k.as_str()) && v.is_u64();
                let want = if moved { (v.as_u64().unwrap() + 100).into() } else { v.clone() };
                assert_eq!(a[k], want, "{}: {k}", ex.event.kind());
            }
        }
    }

    fn twice(kind: &str) -> (Vec<(u64, ChildEvent)>, Vec<(u64, ChildEvent)>) {
        let (w, t) = (crate::ids::WorkerId::new("W1").unwrap(), crate::ids::TeamId::new("T1").unwrap());
        let ex = crate::journey::examples::examples(&w, &t).into_iter().find(|x| x.event.kind() == kind).unwrap();
        // The two logs' entries interleave in the store's sequence; the duplicate is the older.
        let log = |first: u64| -> Vec<(u64, ChildEvent)> {
            std::iter::once(ChildEvent::Registered { details: ex.details.clone() })
                .chain(ex.setup.iter().cloned())
                .chain([ex.event.clone()])
                .enumerate()
                .map(|(i, e)| (first + 2 * i as u64, e))
                .collect()
        };
        (log(2), log(1))
    }

    #[test]
    fn the_merged_record_folds_both_logs_with_the_duplicates_items_numbered_on() {
        let (own, dup) = twice("contact_decided");
        let alone = ChildRecord::replay(&id("C1"), &own).unwrap();
        let merged = merged_record(&id("C1"), &own, &[&dup]).unwrap();
        assert_eq!(merged.id, id("C1"));
        assert_eq!(alone.contacts.len(), 1);
        let numbers: Vec<u32> = merged.contacts.iter().map(|c| c.no).collect();
        assert_eq!(numbers, [2, 1], "the duplicate's contact 1, recorded first, is contact 2");
        assert_eq!(merged.details, alone.details, "the survivor's details stand");
        // Without renumbering, the duplicate's contact 1 is refused as already recorded.
        let mut plain = own.clone();
        plain.extend(dup.iter().skip(1).cloned());
        plain.sort_by_key(|(s, _)| *s);
        assert!(ChildRecord::replay(&id("C1"), &plain).is_err());
    }

    #[test]
    fn histories_that_cannot_stand_together_are_refused_naming_the_entry() {
        let (own, dup) = twice("referral_received");
        let e = merged_record(&id("C1"), &own, &[&dup]).unwrap_err();
        assert!(e.message.contains("still open"), "{e:?}");
    }
}
