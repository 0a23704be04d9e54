use super::*;
use crate::Recorded;
use crate::fostering::examples::{case, household};
use chrono::TimeZone;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn fold(events: &[AdopterEvent]) -> Result<Option<AdopterRecord>, crate::stream::StreamError> {
    let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), "sw", None);
    AdopterRecord::replay(
        &household(),
        events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e)),
    )
}

fn refused(events: &[AdopterEvent]) -> String {
    fold(events).unwrap_err().message
}

fn terms() -> AdopterTerms {
    AdopterTerms { children: 2, age_from: 0, age_to: 4, early_permanence: false }
}

/// Enquiry to approval with a break between the stages.
pub(crate) fn journey() -> Vec<AdopterEvent> {
    use AdopterEvent::*;
    vec![
        Enquired { application: 1, date: d("2025-01-06"), channel: None },
        InitialVisit { application: 1, date: d("2025-01-20") },
        InterestRegistered { application: 1, date: d("2025-02-03") },
        StageStarted { application: 1, stage: Stage::Stage1, date: d("2025-02-03"), fast_track: false },
        StageCompleted { application: 1, stage: Stage::Stage1, date: d("2025-04-03") },
        BreakStarted { application: 1, date: d("2025-04-04"), reason: "A house move".into() },
        BreakEnded { application: 1, date: d("2025-06-04") },
        StageStarted { application: 1, stage: Stage::Stage2, date: d("2025-06-04"), fast_track: false },
        Approved { application: 1, date: d("2025-10-06"), terms: terms(), panel: case(), reasons: String::new() },
    ]
}

#[test]
fn the_adopters_journey_in_order_with_the_break_kept_out_of_timeliness() {
    let r = fold(&journey()).unwrap().unwrap();
    let a = &r.applications[0];
    assert_eq!(a.outcome, Some(Outcome::Approved { date: d("2025-10-06") }));
    // Stage 1: 59 days; stage 2 to the decision: 124 days; the 61-day break is not counted.
    assert_eq!(a.assessment_days(), Some(59 + 124));
    assert!(r.approval_on(d("2026-01-01")).is_some());
}

#[test]
fn fast_track_goes_straight_to_stage_two_and_nothing_skips_a_step() {
    use AdopterEvent::*;
    let j = journey();
    let fast = vec![
        j[0].clone(),
        StageStarted { application: 1, stage: Stage::Stage2, date: d("2025-02-01"), fast_track: true },
        Approved { application: 1, date: d("2025-05-01"), terms: terms(), panel: case(), reasons: String::new() },
    ];
    let r = fold(&fast).unwrap().unwrap();
    assert!(r.applications[0].fast_track);
    assert_eq!(r.applications[0].assessment_days(), Some(89));
    // Stage 2 without stage 1 and without fast track.
    let skip = vec![j[0].clone(), StageStarted { application: 1, stage: Stage::Stage2, date: d("2025-02-01"), fast_track: false }];
    assert!(refused(&skip).contains("follows the completed stage 1"));
    // Stage 1 before the registration of interest.
    assert!(refused(&[j[0].clone(), j[3].clone()]).contains("follows the registration of interest"));
    // A break during stage 1.
    let mut early = j[..4].to_vec();
    early.push(BreakStarted { application: 1, date: d("2025-03-01"), reason: "x".into() });
    assert!(refused(&early).contains("after stage 1 is complete"));
    // Stage 2 while the break is open.
    let mut open = j[..6].to_vec();
    open.push(j[7].clone());
    assert!(refused(&open).contains("has not ended"));
}

#[test]
fn not_suitable_then_the_independent_review_mechanism() {
    use AdopterEvent::*;
    let mut j = journey()[..8].to_vec();
    j.push(NotSuitable { application: 1, date: d("2025-10-06"), panel: case(), reasons: String::new() });
    j.push(IrmRequested { application: 1, date: d("2025-10-20") });
    j.push(IrmConcluded { application: 1, date: d("2026-01-10"), suitable: false });
    let r = fold(&j).unwrap().unwrap();
    assert_eq!(r.applications[0].irm, Some((d("2025-10-20"), Some((d("2026-01-10"), false)))));
    assert!(r.current_approval().is_none());
    let mut asked_twice = j.clone();
    asked_twice.push(IrmRequested { application: 1, date: d("2026-01-20") });
    assert!(refused(&asked_twice).contains("already recorded"));
}
