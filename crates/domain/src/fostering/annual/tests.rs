use super::*;
use crate::Recorded;
use crate::fostering::FosteringEvent::{self, *};
use crate::fostering::examples::{case, mainstream};
use crate::fostering::terms::{ClosureReason, Stage};
use crate::stream::{Projection, Stamp};
use chrono::{NaiveDate, TimeZone};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn record(id: &str, events: &[FosteringEvent]) -> CarerRecord {
    let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap(), "sw", None);
    let stamps = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e));
    CarerRecord::replay(&HouseholdId::new(id).unwrap(), stamps).unwrap().unwrap()
}

/// An application taken as far as `steps` (1 = the enquiry only … 8 = approved).
fn application(enquired: &str, steps: usize) -> Vec<FosteringEvent> {
    let on = |days: u64| d(enquired) + chrono::Days::new(days);
    let a = 1;
    let all = vec![
        Enquired { application: a, date: on(0), route: CarerType::Mainstream, channel: None, child: None },
        InitialVisit { application: a, date: on(10) },
        ProgressDecided { application: a, date: on(20), progress: true },
        StageStarted { application: a, stage: Stage::Stage1, date: on(30) },
        StageCompleted { application: a, stage: Stage::Stage1, date: on(90) },
        StageStarted { application: a, stage: Stage::Stage2, date: on(91) },
        StageCompleted { application: a, stage: Stage::Stage2, date: on(200) },
        Approved { application: a, date: on(220), terms: mainstream(), panel: case(), reasons: String::new() },
    ];
    all[..steps].to_vec()
}

fn counts(f: &[Figure<HouseholdId>]) -> Vec<usize> {
    f.iter().map(Figure::count).collect()
}

fn year() -> Year {
    Year::financial(2024).unwrap()
}

#[test]
fn the_cohort_follows_the_years_enquiries_and_the_activity_counts_the_years_steps() {
    let mut closed = application("2024-05-01", 2);
    closed.push(ApplicationClosed { application: 1, date: d("2024-06-01"), reason: ClosureReason::Withdrew });
    let records = [
        // Enquired last year, approved this year: an approval of the year, not in its cohort.
        record("H000001", &application("2023-09-01", 8)),
        // Enquired and approved this year.
        record("H000002", &application("2024-06-03", 8)),
        record("H000003", &application("2024-10-01", 4)),
        record("H000004", &closed),
        record("H000005", &application("2025-01-06", 1)),
        // Enquired this year, approved next: followed only as far as the year's end (stage 2).
        record("H000006", &application("2024-11-04", 8)),
    ];
    let y = figures(&records, year());
    assert_eq!(counts(&y.cohort.stages), [5, 4, 3, 3, 2, 1]);
    assert_eq!(y.in_progress.count(), 3, "H3, H5 and H6 open at the year's end");
    // Conversion, named by its stages: enquiry to approval, initial visit to approval.
    assert_eq!(y.cohort.conversion(0, 5), Some(20.0));
    assert_eq!(y.cohort.conversion(1, 5), Some(25.0));
    // The year's activity: H1's steps before approval were last year.
    assert_eq!(counts(&y.activity), [5, 4, 3, 3, 2, 1]);
    let h = |s| HouseholdId::new(s).unwrap();
    assert_eq!(y.activity[4].members, [h("H000002"), h("H000006")]);
    assert_eq!(y.households.approved.members, [h("H000001"), h("H000002")]);
    assert!(y.checks().iter().all(|c| c.holds), "{:?}", y.checks());
}

#[test]
fn households_at_the_start_plus_approvals_less_endings_are_households_at_the_end() {
    let terms = mainstream();
    let records = [
        // Approved before the year, resigned in it.
        record("H000001", &[ExistingApproval { date: d("2019-01-07"), terms: terms.clone() }, ApprovalEnded { date: d("2024-08-01"), reason: EndReason::Resigned }]),
        // Approved before and still.
        record("H000002", &[ExistingApproval { date: d("2020-02-03"), terms: terms.clone() }]),
        // New in the year.
        record("H000003", &application("2023-09-01", 8)),
        // Transferred in and ended the same year: in the flows, not at either end.
        record("H000004", &[TransferredIn { date: d("2024-06-03"), terms: terms.clone(), from: "Shire Fostering".into() }, ApprovalEnded { date: d("2025-01-06"), reason: EndReason::Retired }]),
        // Ended on the year's first day: at the start, ended in the year.
        record("H000005", &[ExistingApproval { date: d("2018-05-01"), terms: terms.clone() }, ApprovalEnded { date: d("2024-04-01"), reason: EndReason::Resigned }]),
        // Approved on the year's last day: in the year's approvals and at the end.
        record("H000006", &[ExistingApproval { date: d("2025-03-31"), terms }]),
    ];
    let y = figures(&records, year());
    let h = &y.households;
    assert_eq!((h.at_start.count(), h.approved.count(), h.transferred_in.count(), h.recorded.count()), (3, 1, 1, 1));
    assert_eq!(h.ended.iter().map(|(r, f)| (*r, f.count())).collect::<Vec<_>>(), [(EndReason::Resigned, 2), (EndReason::Retired, 1)]);
    assert_eq!(h.at_end.count(), 3);
    let identity = &y.checks()[0];
    assert!(identity.holds);
    assert_eq!(identity.detail, "3 + 3 − 3 = 3 (counted at the end: 3)");
}
