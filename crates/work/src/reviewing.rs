//! A reviewer's minutes on their tray: each review or conference they chaired
//! owes its written record within the authority's timescale (`reviewing.minutes`
//! in the domain's `config/timescales.toml`: 20 working days by default, as the
//! IRO Handbook asks; a local protocol may set another), until the minutes are
//! recorded as issued on the `reviewing` stream (`carefile_domain::reviewing`).

use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::reviewing::{Meeting, ReviewingRecord};
use carefile_domain::timescales::{Moment, Period};
use carefile_domain::{Calendar, ChildRecord};
use chrono::{Days, NaiveDate};

/// Meetings held longer ago than this before the reference date owe nothing
/// on a tray: their records came with the history (an import, a migration).
pub const MINUTES_LOOKBACK_DAYS: u64 = 366;

/// The minutes owed by the reviewer who chaired each meeting (the reviewer
/// assigned in the meeting's role on its day), due `within` after it.
/// A meeting held with no reviewer assigned owes them to no one's tray.
pub fn minutes_items(
    record: &ChildRecord,
    reviewing: Option<&ReviewingRecord>,
    cal: &Calendar,
    within: Period,
    as_of: NaiveDate,
) -> Vec<TrayItem> {
    let since = as_of.checked_sub_days(Days::new(MINUTES_LOOKBACK_DAYS)).unwrap_or(NaiveDate::MIN);
    let mut out = Vec::new();
    for meeting in Meeting::ALL {
        for held in meeting.held(record).into_iter().filter(|d| *d >= since && *d <= as_of) {
            if reviewing.is_some_and(|r| r.minutes_of(meeting, held).is_some()) {
                continue;
            }
            let Some(chair) = record.reviewers_on(held).into_iter().find(|r| r.role == meeting.chair()) else { continue };
            out.push(TrayItem {
                owner: Owner::Worker(chair.worker.clone()),
                subject: Subject::Child(record.id.clone()),
                kind: Kind::Due,
                title: format!("Minutes of the {} on {}", meeting.label().to_lowercase(), held.format("%-d %b %Y")),
                due: Some(Moment::day(within.after(cal, held))),
                target: Target::Reviewing { child: record.id.clone() },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::codes::{CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType, ReviewParticipation};
    use carefile_domain::journey::{ChildDetails, Placement, ReviewerRole};
    use carefile_domain::reviewing::ReviewingEvent;
    use carefile_domain::stream::{Projection, Stamp};
    use carefile_domain::timescales::TimescaleConfig;
    use carefile_domain::{ChildEvent, ChildId, Recorded, WorkerId};
    use chrono::{TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn each_chaired_meeting_owes_its_minutes_to_its_chair_until_issued() {
        let iro = WorkerId::new("I1").unwrap();
        let details = ChildDetails { forename: "Ada".into(), dob: Some(d("2015-01-01")), ..Default::default() };
        let participation = ReviewParticipation::from_code("PN1").unwrap();
        let log = vec![
            (1, ChildEvent::Registered { details }),
            (
                2,
                ChildEvent::CareStarted {
                    date: d("2023-06-01"),
                    legal_status: LegalStatus::C2,
                    need: CategoryOfNeed::N1,
                    placement: Placement {
                        kind: PlacementType::U4,
                        provider: Some(PlacementProvider::PR1),
                        postcode: None,
                        urn: None,
                        carer: None,
                        household: None,
                    },
                    previous_permanence: None,
                },
            ),
            (2, ChildEvent::LacReviewHeld { date: d("2024-01-10"), participation }),
            (3, ChildEvent::ReviewerAssigned { date: d("2025-05-01"), worker: iro.clone(), role: ReviewerRole::ReviewingOfficer }),
            (4, ChildEvent::LacReviewHeld { date: d("2025-06-02"), participation }),
            (5, ChildEvent::LacReviewHeld { date: d("2026-03-02"), participation }),
        ];
        let id = ChildId::new("C1").unwrap();
        let log: Vec<(u64, ChildEvent)> = log.into_iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e)).collect();
        let record = ChildRecord::replay(&id, &log).unwrap();
        let cal = Calendar::england_and_wales();
        let within = TimescaleConfig::default().reviewing_minutes;
        let items = minutes_items(&record, None, &cal, within, d("2026-03-31"));
        // The 2024 review is history (outside the look-back); both later ones are the IRO's.
        let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Minutes of the looked-after review on 2 Jun 2025", "Minutes of the looked-after review on 2 Mar 2026"]);
        assert!(items.iter().all(|i| i.owner == Owner::Worker(iro.clone())));
        // 20 working days from Monday 2 March 2026: Monday 30 March.
        assert_eq!(items[1].due, Some(Moment::day(d("2026-03-30"))));
        // An authority whose protocol asks for them in 15 working days: Monday 23 March.
        let local = TimescaleConfig::from_toml("[reviewing]\nminutes = { n = 15, unit = \"working_days\" }").unwrap();
        let items_local = minutes_items(&record, None, &cal, local.reviewing_minutes, d("2026-03-31"));
        assert_eq!(items_local[1].due, Some(Moment::day(d("2026-03-23"))));
        let at = Recorded::new(Utc.with_ymd_and_hms(2026, 3, 20, 9, 0, 0).unwrap(), "iro", None);
        let issued = ReviewingEvent::MinutesIssued { meeting: Meeting::LacReview, held: d("2026-03-02"), date: d("2026-03-20") };
        let reviewing = ReviewingRecord::replay(&id, [(Stamp { seq: 9, version: 1, recorded: &at }, &issued)]).unwrap();
        let items = minutes_items(&record, reviewing.as_ref(), &cal, within, d("2026-03-31"));
        assert_eq!(items.len(), 1);
        assert!(items[0].title.ends_with("2 Jun 2025"));
    }
}
