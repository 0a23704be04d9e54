//! A child's chronology: the journey in date order, in words a social worker uses. Each
//! entry's sentence comes from its kind's declaration (`journey::declarations`); a correction
//! says what it changed, field by field.

use super::events::*;
use crate::Recorded;
use crate::form::{Declared, Difference, Names};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;

/// One line of a chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// When it happened (the effective date; the time where one was recorded).
    pub date: Option<NaiveDate>,
    pub time: Option<String>,
    pub text: String,
    /// Who recorded it and when.
    pub recorded_by: String,
    pub recorded_on: NaiveDate,
    /// Set when a later correction replaced or withdrew this entry.
    pub superseded: Option<String>,
    /// The stored event's sequence number.
    pub seq: u64,
    /// The stored kind (`visited`, `corrected`…).
    pub kind: &'static str,
    /// Why, where the recorder said (always for a correction or a withdrawal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A correction's changes, from → to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Difference>,
}

/// The chronology of a log of `(seq, recorded, event)`, in date order (an
/// undated entry, such as a registration, at the date it was recorded; ties in
/// recording order). Corrections appear where they were
/// made, and the entries they changed are marked.
pub fn chronology(log: &[(u64, Recorded, ChildEvent)]) -> Vec<Entry> {
    chronology_named(log, &|_| None)
}

/// [`chronology`] with each member of staff an entry names (the worker allocated, the reviewer
/// assigned…) by the name `names` gives (see [`crate::form::Declaration::shown_named`]).
pub fn chronology_named(log: &[(u64, Recorded, ChildEvent)], names: Names) -> Vec<Entry> {
    let mut superseded: HashMap<u64, String> = HashMap::new();
    // Each entry as it stood when a correction came: what the correction changed it from.
    let mut current: HashMap<u64, &ChildEvent> = HashMap::new();
    let mut changes: HashMap<u64, Vec<Difference>> = HashMap::new();
    for (seq, r, e) in log {
        match e {
            ChildEvent::Corrected { seq: target, replacement } => {
                superseded.insert(*target, format!("corrected on {} by {}", r.at.date_naive(), r.by));
                if let (Some(old), Some(d)) = (current.get(target), replacement.declaration()) {
                    changes.insert(*seq, d.differences_named(old, replacement, names));
                }
                current.insert(*target, replacement);
            }
            ChildEvent::Retracted { seq: target, also } => {
                for t in std::iter::once(target).chain(also) {
                    superseded.insert(*t, format!("withdrawn on {} by {}", r.at.date_naive(), r.by));
                }
            }
            other => {
                current.insert(*seq, other);
            }
        }
    }
    let mut entries: Vec<Entry> = log
        .iter()
        .map(|(seq, r, e)| {
            let when = when(e);
            Entry {
                date: when.map(|w| w.0).or_else(|| correction_date(e, r)),
                time: when.and_then(|w| w.1).map(|t| t.format("%H:%M").to_string()),
                text: describe_named(e, names),
                recorded_by: r.by.clone(),
                recorded_on: r.at.date_naive(),
                superseded: superseded.get(seq).cloned(),
                seq: *seq,
                kind: e.kind(),
                reason: r.reason.clone(),
                changes: changes.remove(seq).unwrap_or_default(),
            }
        })
        .collect();
    entries.sort_by_key(|e| (e.date.unwrap_or(e.recorded_on), e.seq));
    entries
}

fn correction_date(e: &ChildEvent, r: &Recorded) -> Option<NaiveDate> {
    matches!(e, ChildEvent::Corrected { .. } | ChildEvent::Retracted { .. } | ChildEvent::DetailsAmended { .. })
        .then(|| r.at.date_naive())
}

/// The date and time a fact records, where it records one.
pub(crate) fn timed(e: &ChildEvent) -> Option<NaiveDateTime> {
    use ChildEvent::*;
    match e {
        ContactReceived { at, .. }
        | ContactDecided { at, .. }
        | ReferralReceived { at, .. }
        | ReferralDecided { at, .. }
        | StrategyDiscussionHeld { at, .. }
        | MissingStarted { at, .. }
        | MissingEnded { at, .. } => Some(*at),
        ReturnInterview { offered_at, .. } => Some(*offered_at),
        _ => None,
    }
}

fn when(e: &ChildEvent) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    match timed(e) {
        Some(at) => Some((at.date(), Some(at))),
        None => e.effective_date().map(|d| (d, None)),
    }
}

/// The event in one sentence.
pub fn describe(e: &ChildEvent) -> String {
    describe_named(e, &|_| None)
}

/// The event in one sentence, staff by their names.
pub fn describe_named(e: &ChildEvent, names: Names) -> String {
    match e {
        ChildEvent::Corrected { seq, replacement } => {
            format!("Correction of entry {seq}: {}", describe_named(replacement, names))
        }
        ChildEvent::Retracted { seq, also } if also.is_empty() => format!("Entry {seq} withdrawn as recorded in error"),
        ChildEvent::Retracted { seq, also } => {
            let others: Vec<String> = also.iter().map(u64::to_string).collect();
            format!("Entry {seq} withdrawn as recorded in error, with the entries that depended on it ({})", others.join(", "))
        }
        other => other.declaration().map(|d| d.sentence_named(other, names)).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn entries_are_in_date_order_and_corrections_mark_what_they_changed() {
        let r = |day: u32, by: &str| Recorded::new(Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap(), by, None);
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let log = vec![
            (
                1,
                r(1, "W1"),
                ChildEvent::Registered {
                    details: ChildDetails {
                        forename: "Ada".into(),
                        surname: "Lee".into(),
                        dob: Some(d("2015-01-01")),
                        ..Default::default()
                    },
                },
            ),
            (2, r(2, "W1"), ChildEvent::DentalCheck { date: d("2025-12-20") }),
            (
                3,
                r(3, "W2"),
                ChildEvent::ReferralReceived {
                    referral: 1,
                    at: NaiveDateTime::parse_from_str("2025-11-03 14:30", "%Y-%m-%d %H:%M").unwrap(),
                    source: ReferralSource::SchoolsEducation,
                    contact: None,
                    exploitation: vec![Exploitation::Cce],
                },
            ),
            (4, r(4, "W1"), ChildEvent::Retracted { seq: 2, also: vec![] }),
        ];
        let c = chronology(&log);
        let texts: Vec<&str> = c.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts[0], "Referral 1 received from Schools; exploitation concerns: Child criminal exploitation (CCE)");
        assert_eq!(c[0].time.as_deref(), Some("14:30"));
        assert_eq!(texts[1], "Dental check");
        assert_eq!(c[1].superseded.as_deref(), Some("withdrawn on 2026-01-04 by W1"));
        // The registration has no date of its own: it stands at the day it was recorded.
        assert_eq!(texts[2], "Record opened for Ada Lee");
        assert_eq!(c[2].date, None);
        assert_eq!(texts[3], "Entry 2 withdrawn as recorded in error");
    }

    #[test]
    fn staff_are_named_as_the_caller_names_them() {
        use crate::ids::{TeamId, WorkerId};
        let r = |day: u32| Recorded::new(Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap(), "sw", Some("why".into()));
        let allocated = |w: &str| ChildEvent::WorkerAllocated {
            date: "2025-12-01".parse().unwrap(),
            worker: WorkerId::new(w).unwrap(),
            team: TeamId::new("NORTH").unwrap(),
            reason: None,
        };
        let log = vec![
            (1, r(1), allocated("W000010")),
            (2, r(2), ChildEvent::Corrected { seq: 1, replacement: Box::new(allocated("W000011")) }),
        ];
        let names = |w: &str| (w == "W000010").then(|| "Sam Leaver".to_string());
        let c = chronology_named(&log, &names);
        assert_eq!(c[0].text, "Allocated to Sam Leaver");
        // Someone the caller cannot name keeps their ID.
        assert_eq!(c[1].text, "Correction of entry 1: Allocated to W000011");
        assert_eq!((c[1].changes[0].from.as_str(), c[1].changes[0].to.as_str()), ("Sam Leaver", "W000011"));
        assert_eq!(chronology(&log)[0].text, "Allocated to W000010");
    }
}
