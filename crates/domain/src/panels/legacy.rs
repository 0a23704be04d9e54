//! Today's free-text panel decisions (`ChildEvent::PanelDecision`: a panel and a sentence on a
//! child's record) moved to sittings: the decisions of one panel on one day become the cases of
//! one sitting, each a [`PanelEvent::LegacyDecision`] naming the child's entry it came from, so
//! the panels' counts and pages hold them and the move is done once. The child's entry stays in
//! its log (the log is history); its chronology shows it once.

use super::Panel;
use super::sitting::{PanelEvent, Sitting};
use crate::ChildId;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A free-text decision on a child's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub child: ChildId,
    /// The entry's sequence number in the log.
    pub seq: u64,
    pub date: NaiveDate,
    pub panel: Panel,
    pub text: String,
}

/// The entries already moved, read from the sittings.
pub fn moved<'a>(sittings: impl IntoIterator<Item = &'a Sitting>) -> BTreeSet<(ChildId, u64)> {
    sittings
        .into_iter()
        .flat_map(|s| s.cases.iter())
        .filter_map(|c| Some((c.child.clone()?, c.legacy?)))
        .collect()
}

/// The sittings to write for the entries not yet moved: one per panel and day, its cases in the
/// entries' order. Each is a new sitting's events, first `Scheduled`.
pub fn sittings(entries: &[Entry], moved: &BTreeSet<(ChildId, u64)>) -> Vec<Vec<PanelEvent>> {
    let mut by_day: BTreeMap<(NaiveDate, &'static str), (Panel, Vec<&Entry>)> = BTreeMap::new();
    for e in entries.iter().filter(|e| !moved.contains(&(e.child.clone(), e.seq))) {
        by_day.entry((e.date, e.panel.value())).or_insert_with(|| (e.panel, Vec::new())).1.push(e);
    }
    by_day
        .into_iter()
        .map(|((date, _), (panel, mut es))| {
            es.sort_by_key(|e| e.seq);
            let mut events = vec![PanelEvent::Scheduled { panel, date }];
            events.extend(es.into_iter().zip(1..).map(|(e, case)| PanelEvent::LegacyDecision {
                case,
                child: e.child.clone(),
                seq: e.seq,
                text: truncate(&e.text),
            }));
            events
        })
        .collect()
}

/// A decision's text within what a sitting keeps (the whole text stays in the child's log).
fn truncate(s: &str) -> String {
    let max = super::sitting::MAX_TEXT;
    if s.chars().count() <= max { s.to_string() } else { s.chars().take(max - 1).chain(['…']).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;
    use crate::panels::{Business, Recommendation, SittingId};
    use crate::stream::{Projection, Stamp};
    use chrono::TimeZone;

    #[test]
    fn one_sitting_per_panel_and_day_and_each_entry_moved_once() {
        let c = |s: &str| ChildId::new(s).unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let entries = vec![
            Entry { child: c("C1"), seq: 10, date: day("2025-05-01"), panel: Panel::Permanence, text: "Plan for adoption agreed".into() },
            Entry { child: c("C2"), seq: 12, date: day("2025-05-01"), panel: Panel::Permanence, text: "Long-term fostering".into() },
            Entry { child: c("C3"), seq: 15, date: day("2025-05-01"), panel: Panel::Adoption, text: "Match recommended".into() },
            Entry { child: c("C1"), seq: 20, date: day("2025-06-01"), panel: Panel::Permanence, text: "Reviewed".into() },
        ];
        let out = sittings(&entries, &BTreeSet::new());
        assert_eq!(out.len(), 3);
        let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), "migration", None);
        let folded: Vec<Sitting> = out
            .iter()
            .enumerate()
            .map(|(i, events)| {
                let id = SittingId::new(&format!("S{:06}", i + 1)).unwrap();
                let stamped = events.iter().enumerate().map(|(k, e)| (Stamp { seq: k as u64 + 1, version: k as u64 + 1, recorded: &r }, e));
                Sitting::replay(&id, stamped).unwrap().unwrap()
            })
            .collect();
        let permanence = folded.iter().find(|s| s.panel == Panel::Permanence && s.date == day("2025-05-01")).unwrap();
        assert_eq!(permanence.cases.len(), 2);
        assert!(permanence.is_legacy());
        let case = &permanence.cases[0];
        assert_eq!((case.business, case.outcome()), (Business::Unspecified, Some(Recommendation::AsRecorded)));
        assert_eq!(case.heard.as_ref().unwrap().reasons, "Plan for adoption agreed");
        // Run again over what is now written: nothing more to move.
        let done = moved(&folded);
        assert_eq!(done.len(), 4);
        assert!(sittings(&entries, &done).is_empty());
    }
}
