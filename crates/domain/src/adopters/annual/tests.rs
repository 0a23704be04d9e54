use super::*;
use crate::Recorded;
use crate::adopters::record::AdopterEvent::{self, *};
use crate::adopters::{AdopterTerms, ApprovalEndReason, WithdrawalReason};
use crate::fostering::examples::case;
use crate::fostering::terms::Stage;
use crate::stream::{Projection, Stamp};
use chrono::{NaiveDate, TimeZone};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn h(s: &str) -> HouseholdId {
    HouseholdId::new(s).unwrap()
}

fn record(id: &str, events: &[AdopterEvent]) -> AdopterRecord {
    let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap(), "sw", None);
    let stamps = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e));
    AdopterRecord::replay(&h(id), stamps).unwrap().unwrap()
}

fn terms() -> AdopterTerms {
    AdopterTerms { children: 1, age_from: 0, age_to: 4, early_permanence: false }
}

fn stage(stage: Stage, date: &str, fast_track: bool) -> AdopterEvent {
    StageStarted { application: 1, stage, date: d(date), fast_track }
}

/// Enquiry to the end of stage 1, on the given days.
fn to_stage_1(days: [&str; 5]) -> Vec<AdopterEvent> {
    vec![
        Enquired { application: 1, date: d(days[0]), channel: None },
        InitialVisit { application: 1, date: d(days[1]) },
        InterestRegistered { application: 1, date: d(days[2]) },
        stage(Stage::Stage1, days[3], false),
        StageCompleted { application: 1, stage: Stage::Stage1, date: d(days[4]) },
    ]
}

#[test]
fn the_cohort_activity_and_timeliness_of_a_year_with_the_break_left_out() {
    // H1: 60 days in stage 1, a two-month break, 119 days in stage 2: 179 days in assessment,
    // within six months of stage 1's start (5 May to Wed 5 Nov: 184 days) though 245 days passed.
    let mut h1 = to_stage_1(["2025-04-07", "2025-04-21", "2025-05-05", "2025-05-05", "2025-07-04"]);
    h1.extend([
        BreakStarted { application: 1, date: d("2025-07-07"), reason: "A holiday".into() },
        BreakEnded { application: 1, date: d("2025-09-08") },
        stage(Stage::Stage2, "2025-09-08", false),
        Approved { application: 1, date: d("2026-01-05"), terms: terms(), panel: case(), reasons: String::new() },
    ]);
    // H2: fast track (second-time adopters): straight to stage 2, 140 days.
    let h2 = vec![
        Enquired { application: 1, date: d("2025-06-02"), channel: None },
        stage(Stage::Stage2, "2025-06-16", true),
        Approved { application: 1, date: d("2025-11-03"), terms: terms(), panel: case(), reasons: String::new() },
    ];
    // H3: withdrew after registering.
    let h3 = vec![
        Enquired { application: 1, date: d("2025-10-06"), channel: None },
        InitialVisit { application: 1, date: d("2025-10-20") },
        InterestRegistered { application: 1, date: d("2025-11-03") },
        Withdrew { application: 1, date: d("2025-12-01"), reason: WithdrawalReason::NotReady },
    ];
    // H4: enquired last year, approved late this year (63 + 210 = 273 days against 182).
    let mut h4 = to_stage_1(["2024-11-04", "2024-11-11", "2024-12-02", "2024-12-02", "2025-02-03"]);
    h4.extend([stage(Stage::Stage2, "2025-02-03", false), Approved { application: 1, date: d("2025-09-01"), terms: terms(), panel: case(), reasons: String::new() }]);
    // H5: approved before carefile, matched and adopted this year.
    let h5 = vec![
        ExistingApproval { date: d("2023-05-02"), terms: terms() },
        ApprovalEnded { date: d("2025-07-01"), reason: ApprovalEndReason::Adopted },
    ];
    let records = [record("H000001", &h1), record("H000002", &h2), record("H000003", &h3), record("H000004", &h4), record("H000005", &h5)];
    let y = figures(&records, Year::financial(2025).unwrap(), &crate::Calendar::england_and_wales(), &Config::default());

    let counts = |f: &[Figure<HouseholdId>]| f.iter().map(Figure::count).collect::<Vec<_>>();
    assert_eq!(counts(&y.cohort.stages), [3, 3, 3, 2, 2, 2], "H2's fast track counts as past the stages it skips");
    assert!(y.cohort.out_of_order.is_empty());
    assert_eq!(counts(&y.activity), [3, 2, 2, 1, 2, 3, 0, 1]);
    assert_eq!(y.activity[5].members, [h("H000001"), h("H000002"), h("H000004")]);

    assert_eq!(y.timeliness.days, [179, 140, 273]);
    assert_eq!(y.timeliness.within_target.members, [h("H000001"), h("H000002")]);
    assert!((y.timeliness.mean_days().unwrap() - 592.0 / 3.0).abs() < 1e-9);

    assert_eq!((y.at_start.count(), y.approved.count(), y.ended.count(), y.at_end.count()), (1, 3, 1, 3));
    assert!(y.checks().iter().all(|c| c.holds), "{:?}", y.checks());
}
