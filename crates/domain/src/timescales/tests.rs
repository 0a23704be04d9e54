//! Known answers for each item, worked by hand from the calendar (bank holidays
//! named where they matter), and the configuration's errors.

use super::*;
use crate::codes::*;
use crate::journey::*;
use chrono::NaiveDateTime;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn child(id: &str, dob: &str) -> ChildRecord {
    let details =
        ChildDetails { forename: "Ada".into(), surname: "Example".into(), dob: Some(d(dob)), ..Default::default() };
    ChildRecord::register(ChildId::new(id).unwrap(), &ChildEvent::Registered { details }).unwrap()
}

fn with(mut rec: ChildRecord, events: &[ChildEvent]) -> ChildRecord {
    for e in events {
        rec.apply(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    rec
}

fn placement() -> Placement {
    Placement {
        kind: PlacementType::U4,
        provider: Some(PlacementProvider::PR1),
        postcode: None,
        urn: None,
        carer: Some("F1".into()),
        household: None,
    }
}

fn care_started(date: &str) -> ChildEvent {
    ChildEvent::CareStarted {
        date: d(date),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: placement(),
        previous_permanence: None,
    }
}

fn referral(no: u32, at: &str) -> ChildEvent {
    ChildEvent::ReferralReceived {
        referral: no,
        at: t(at),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    }
}

fn cp_plan(no: u32, date: &str) -> ChildEvent {
    ChildEvent::CpPlanStarted {
        referral: 1,
        plan: no,
        date: d(date),
        category: CategoryOfAbuse::Neglect,
        transfer_in: true,
        previous_plans: None,
    }
}

fn lac_review(date: &str) -> ChildEvent {
    ChildEvent::LacReviewHeld { date: d(date), participation: ReviewParticipation::PN1 }
}

fn missing(no: u32, from: &str, back: &str) -> [ChildEvent; 2] {
    [
        ChildEvent::MissingStarted { episode: no, at: t(from), kind: MissingType::Missing },
        ChildEvent::MissingEnded { episode: no, at: t(back) },
    ]
}

fn all(rec: &ChildRecord, as_of: &str) -> Vec<Deadline> {
    deadlines(rec, &Calendar::england_and_wales(), &TimescaleConfig::default(), d(as_of))
}

/// (due, met, status) of each occurrence of `item`, in order.
fn of(rec: &ChildRecord, as_of: &str, item: Item) -> Vec<(Moment, Option<Moment>, Status)> {
    let mut v: Vec<_> = all(rec, as_of).into_iter().filter(|x| x.item == item).collect();
    v.sort_by_key(|x| x.occurrence);
    v.into_iter().map(|x| (x.due, x.met, x.status)).collect()
}

fn day(s: &str) -> Moment {
    Moment::day(d(s))
}
fn at(s: &str) -> Moment {
    Moment::at(t(s))
}

#[test]
fn items_have_stable_names_and_labels() {
    for item in Item::ALL {
        assert_eq!(Item::from_name(item.name()), Some(item));
        assert_eq!(serde_json::to_string(&item).unwrap(), format!("\"{}\"", item.name()));
        assert!(!item.label().is_empty());
    }
    assert_eq!(Item::CpReview.name(), "cp_review");
}

#[test]
fn decisions_count_24_hours_from_the_recorded_time() {
    let rec = with(
        child("C1", "2015-06-01"),
        &[
            ChildEvent::ContactReceived { contact: 1, at: t("2025-12-24 16:30"), source: ReferralSource::Police },
            ChildEvent::ContactDecided { contact: 1, at: t("2025-12-27 09:00"), outcome: ContactOutcome::Referral },
            referral(1, "2025-12-29 10:00"),
            ChildEvent::ReferralDecided { referral: 1, at: t("2025-12-30 10:00"), next: ReferralNext::Assessment },
        ],
    );
    // Hours run through Christmas Day: the limit is 16:30 on the 25th.
    assert_eq!(
        of(&rec, "2026-01-05", Item::ContactDecision),
        [(at("2025-12-25 16:30"), Some(at("2025-12-27 09:00")), Status::MetLate)]
    );
    // Exactly 24 hours later is in time.
    assert_eq!(
        of(&rec, "2026-01-05", Item::ReferralDecision),
        [(at("2025-12-30 10:00"), Some(at("2025-12-30 10:00")), Status::Met)]
    );
}

#[test]
fn assessment_counts_45_working_days_from_the_referral_across_christmas() {
    let base = with(child("C1", "2015-06-01"), &[referral(1, "2025-12-15 11:00")]);
    // Christmas Day, Boxing Day and New Year's Day are skipped: due Thu 19 Feb 2026.
    assert_eq!(of(&base, "2026-02-19", Item::Assessment), [(day("2026-02-19"), None, Status::Due)]);
    assert_eq!(of(&base, "2026-02-20", Item::Assessment), [(day("2026-02-19"), None, Status::Overdue)]);
    let rec = with(
        base,
        &[
            ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2025-12-16") },
            ChildEvent::AssessmentAuthorised {
                assessment: 1,
                date: d("2026-02-20"),
                completed: None,
                factors: vec![AssessmentFactor::F21],
                outcome: AssessmentOutcome::NoFurtherAction,
            },
        ],
    );
    let found = all(&rec, "2026-03-01").into_iter().find(|x| x.item == Item::Assessment).unwrap();
    assert_eq!((found.status, found.from.label), (Status::MetLate, "referral received"));
    // The DfE indicator measures start to authorisation instead: 45 working days, within 45.
    assert_eq!(assessment_duration_working_days(&Calendar::england_and_wales(), d("2025-12-16"), d("2026-02-20")), 45);
    assert_ne!(ASSESSMENT_DURATION_LABEL, Item::Assessment.label());
}

#[test]
fn no_assessment_is_due_after_a_referral_decided_as_no_further_action() {
    let rec = with(
        child("C1", "2015-06-01"),
        &[
            referral(1, "2025-12-15 11:00"),
            ChildEvent::ReferralDecided { referral: 1, at: t("2025-12-15 15:00"), next: ReferralNext::NoFurtherAction },
        ],
    );
    assert!(of(&rec, "2026-03-01", Item::Assessment).is_empty());
    // Before the referral nothing is due at all.
    assert!(all(&rec, "2025-12-14").is_empty());
}

#[test]
fn early_help_screening_skips_easter() {
    let rec = with(child("C1", "2015-06-01"), &[ChildEvent::EarlyHelpRequested { episode: 1, date: d("2026-04-02") }]);
    // Thu 2 Apr 2026 + 3 working days: Good Friday and Easter Monday skipped.
    assert_eq!(of(&rec, "2026-04-09", Item::EarlyHelpScreening), [(day("2026-04-09"), None, Status::Due)]);
    assert_eq!(of(&rec, "2026-04-10", Item::EarlyHelpScreening)[0].2, Status::Overdue);
}

#[test]
fn icpc_counts_from_the_strategy_discussion() {
    let base = with(
        child("C1", "2015-06-01"),
        &[
            referral(1, "2025-12-16 10:00"),
            ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2025-12-17 09:00"), s47: true },
            ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-12-18"), discussion: Some(1) },
        ],
    );
    // 15 working days from Wed 17 Dec 2025, skipping three bank holidays: Mon 12 Jan 2026.
    let icpc = all(&base, "2026-01-02").into_iter().find(|x| x.item == Item::Icpc).unwrap();
    assert_eq!((icpc.due, icpc.from.label, icpc.status), (day("2026-01-12"), "strategy discussion", Status::Due));
    let held =
        with(base.clone(), &[ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2026-01-12"), plan: false }]);
    assert_eq!(of(&held, "2026-02-01", Item::Icpc)[0].2, Status::Met);
    // An enquiry that concluded no conference was needed wants none.
    let none = with(base, &[ChildEvent::S47Concluded { s47: 1, date: d("2026-01-20"), icpc_required: false }]);
    assert!(of(&none, "2026-02-01", Item::Icpc).is_empty());
}

#[test]
fn cp_reviews_clamp_at_month_end_and_recur_from_each_review() {
    let rec = with(
        child("C1", "2015-06-01"),
        &[
            referral(1, "2022-05-20 10:00"),
            cp_plan(1, "2022-05-31"),
            ChildEvent::CpReviewHeld { plan: 1, date: d("2022-08-31") },
            ChildEvent::CpReviewHeld { plan: 1, date: d("2023-03-01") },
        ],
    );
    assert_eq!(
        of(&rec, "2023-09-04", Item::CpReview),
        [
            (day("2022-08-31"), Some(day("2022-08-31")), Status::Met),
            // 31 Aug 2022 + 6 months: 28 Feb 2023 (no 31st); held a day late.
            (day("2023-02-28"), Some(day("2023-03-01")), Status::MetLate),
            (day("2023-09-01"), None, Status::Overdue),
        ]
    );
}

#[test]
fn a_due_date_on_a_weekend_moves_back_to_friday() {
    let rec = with(child("C1", "2015-06-01"), &[referral(1, "2025-09-15 10:00"), cp_plan(1, "2025-09-20")]);
    // 3 months after 20 Sep 2025 is Saturday 20 Dec: due Friday 19 Dec.
    assert_eq!(of(&rec, "2025-10-01", Item::CpReview), [(day("2025-12-19"), None, Status::Due)]);
}

#[test]
fn cp_visits_every_10_working_days_stop_with_the_plan() {
    let visit = |date: &str, seen| ChildEvent::Visited { date: d(date), seen, seen_alone: false };
    let rec = with(
        child("C1", "2015-06-01"),
        &[
            referral(1, "2025-12-10 10:00"),
            cp_plan(1, "2025-12-15"),
            visit("2025-12-31", true),
            // Not seen: not a statutory visit.
            visit("2026-01-14", false),
            visit("2026-01-16", true),
            ChildEvent::CpPlanEnded { plan: 1, date: d("2026-01-20") },
            visit("2026-02-20", true),
        ],
    );
    assert_eq!(
        of(&rec, "2026-03-01", Item::CpVisit),
        [
            // Mon 15 Dec + 10 working days, Christmas and Boxing Day skipped.
            (day("2025-12-31"), Some(day("2025-12-31")), Status::Met),
            (day("2026-01-15"), Some(day("2026-01-16")), Status::MetLate),
            // The next (due 30 Jan) is not due: the plan ended on 20 Jan.
        ]
    );
    // While the plan ran, the next visit was due.
    assert_eq!(of(&rec, "2026-01-19", Item::CpVisit)[2], (day("2026-01-30"), None, Status::Due));
}

#[test]
fn lac_reviews_first_second_then_and_none_after_care_ends() {
    let base = with(child("C1", "2015-06-01"), &[care_started("2025-12-10")]);
    // 20 working days from Wed 10 Dec 2025 across Christmas: Mon 12 Jan 2026.
    assert_eq!(of(&base, "2026-01-13", Item::LacReview), [(day("2026-01-12"), None, Status::Overdue)]);
    let rec = with(
        base,
        &[
            lac_review("2026-01-12"),
            ChildEvent::PermanencePlanMade { date: d("2026-03-01"), plan: PermanencePlan::ReturnHome },
            lac_review("2026-04-09"),
        ],
    );
    assert_eq!(
        of(&rec, "2026-05-01", Item::LacReview),
        [
            (day("2026-01-12"), Some(day("2026-01-12")), Status::Met),
            // The second within 3 months of the first: 12 Apr 2026 is a Sunday, so Fri 10 Apr.
            (day("2026-04-10"), Some(day("2026-04-09")), Status::Met),
            (day("2026-10-09"), None, Status::Due),
        ]
    );
    // The permanence plan was due by the second review (held 9 Apr).
    assert_eq!(
        of(&rec, "2026-05-01", Item::PermanencePlan),
        [(day("2026-04-09"), Some(day("2026-03-01")), Status::Met)]
    );
    let ended = with(rec, &[ChildEvent::CareEnded { date: d("2026-08-01"), reason: ReasonEpisodeCeased::E4A }]);
    assert_eq!(of(&ended, "2026-11-01", Item::LacReview).len(), 2);
    // Nothing falls due after care ends; what was overdue when it ended stays, marked, for timeliness.
    assert!(all(&ended, "2026-11-01").iter().all(|x| !x.status.is_open() || x.ended == Some(d("2026-08-01"))));
}

#[test]
fn permanence_plan_due_is_projected_while_the_first_review_is_outstanding() {
    let rec = with(child("C1", "2015-06-01"), &[care_started("2025-12-10")]);
    // First review due 12 Jan 2026, not held; the second would be 3 months on.
    assert_eq!(of(&rec, "2026-01-20", Item::PermanencePlan), [(day("2026-04-10"), None, Status::Due)]);
}

#[test]
fn health_assessments_six_monthly_for_under_fives_yearly_after() {
    let young = with(
        child("C1", "2023-03-10"),
        &[
            care_started("2025-01-06"),
            ChildEvent::HealthAssessment { date: d("2025-01-20") },
            ChildEvent::DentalCheck { date: d("2025-01-20") },
        ],
    );
    // The initial assessment within 20 working days (Mon 3 Feb 2025); aged 1 at it, the next
    // within 6 months: 20 Jul 2025 a Sunday, so Fri 18 Jul.
    assert_eq!(
        of(&young, "2025-07-01", Item::InitialHealthAssessment),
        [(day("2025-02-03"), Some(day("2025-01-20")), Status::Met)]
    );
    assert_eq!(of(&young, "2025-07-01", Item::HealthAssessment), [(day("2025-07-18"), None, Status::Due)]);
    // Dental checks stay yearly: 20 Jan 2026.
    assert_eq!(of(&young, "2025-07-01", Item::DentalCheck)[1], (day("2026-01-20"), None, Status::Due));
    let older = with(
        child("C2", "2015-06-01"),
        &[care_started("2025-01-06"), ChildEvent::HealthAssessment { date: d("2025-01-20") }],
    );
    assert_eq!(of(&older, "2025-07-01", Item::HealthAssessment), [(day("2026-01-20"), None, Status::Due)]);
}

#[test]
fn the_initial_health_assessment_is_due_before_the_first_review_across_christmas() {
    // 20 working days from Wed 10 Dec 2025 (25, 26 Dec and 1 Jan not counted): Mon 12 Jan 2026,
    // the first review's due date; not 12 months on, as it was.
    let rec = with(child("C1", "2023-03-10"), &[care_started("2025-12-10")]);
    assert_eq!(of(&rec, "2026-01-13", Item::InitialHealthAssessment), [(day("2026-01-12"), None, Status::Overdue)]);
    assert!(of(&rec, "2026-01-13", Item::HealthAssessment).is_empty(), "reviews count from the initial assessment");
    assert_eq!(of(&rec, "2026-01-13", Item::LacReview)[0].0, day("2026-01-12"));
}

fn placed(date: &str, kind: PlacementType) -> ChildEvent {
    ChildEvent::PlacementChanged {
        date: d(date),
        placement: Placement { kind, carer: Some(format!("F{date}")), ..placement() },
        reason: ReasonPlaceChange::Carpl,
    }
}

fn visit(date: &str) -> ChildEvent {
    ChildEvent::Visited { date: d(date), seen: true, seen_alone: false }
}

#[test]
fn lac_visits_within_a_week_of_each_placement_then_six_weekly_across_christmas_and_may_day() {
    // Placed Thu 18 Dec 2025: a visit within 1 week, Christmas Day, so Wed 24 Dec.
    let rec = with(child("C1", "2015-06-01"), &[care_started("2025-12-18")]);
    assert_eq!(of(&rec, "2025-12-20", Item::LacVisit), [(day("2025-12-24"), None, Status::Due)]);
    // Seen Tue 23 Dec, then at most every 6 weeks: Tue 3 Feb 2026.
    let seen = with(rec, &[visit("2025-12-23")]);
    assert_eq!(of(&seen, "2026-01-10", Item::LacVisit)[1], (day("2026-02-03"), None, Status::Due));
    // A visit where the child was not seen does not count.
    let unseen = with(seen.clone(), &[ChildEvent::Visited { date: d("2026-01-20"), seen: false, seen_alone: false }]);
    assert_eq!(of(&unseen, "2026-01-25", Item::LacVisit)[1].1, None);
    // Six weeks from Mon 24 Mar 2025 is Mon 5 May, the early May bank holiday: Fri 2 May.
    let spring = with(child("C2", "2015-06-01"), &[care_started("2025-03-10"), visit("2025-03-14"), visit("2025-03-24")]);
    assert_eq!(of(&spring, "2025-04-01", Item::LacVisit)[2], (day("2025-05-02"), None, Status::Due));
    // A new placement starts its own: within a week of Mon 12 Jan 2026.
    let moved = with(seen, &[placed("2026-01-12", PlacementType::U6)]);
    let visits = of(&moved, "2026-01-13", Item::LacVisit);
    assert_eq!(visits.last().unwrap(), &(day("2026-01-19"), None, Status::Due));
    assert!(visits.iter().all(|v| v.0 != day("2026-02-03")), "the last placement's next visit stops with it");
}

#[test]
fn lac_visits_after_the_first_year_three_monthly_only_in_a_placement_meant_to_last() {
    let long = with(child("C1", "2015-06-01"), &[care_started("2024-03-01"), visit("2024-03-05"), visit("2025-04-10")]);
    // The placement (U4, long-term fostering) is past its first year on 10 Apr 2025: 3 months.
    assert_eq!(of(&long, "2025-04-11", Item::LacVisit).last().unwrap(), &(day("2025-07-10"), None, Status::Due));
    let short = with(
        child("C2", "2015-06-01"),
        &[care_started("2024-02-20"), placed("2024-03-01", PlacementType::U6), visit("2024-03-05"), visit("2025-04-10")],
    );
    assert_eq!(of(&short, "2025-04-11", Item::LacVisit).last().unwrap(), &(day("2025-05-22"), None, Status::Due));
}

#[test]
fn care_and_placement_plans_across_christmas() {
    // Placed Thu 18 Dec 2025. Care plan within 10 working days: Tue 6 Jan 2026; placement plan
    // within 5: Mon 29 Dec.
    let rec = with(child("C1", "2015-06-01"), &[care_started("2025-12-18")]);
    assert_eq!(of(&rec, "2026-01-07", Item::CarePlan), [(day("2026-01-06"), None, Status::Overdue)]);
    assert_eq!(of(&rec, "2026-01-07", Item::PlacementPlan), [(day("2025-12-29"), None, Status::Overdue)]);
    // A care plan made before the placement meets it; a placement plan names its placement.
    let planned = with(
        child("C2", "2015-06-01"),
        &[
            ChildEvent::CarePlanMade { date: d("2025-12-16") },
            care_started("2025-12-18"),
            ChildEvent::PlacementPlanMade { date: d("2025-12-17"), placement: d("2025-12-18") },
            placed("2026-01-12", PlacementType::U6),
        ],
    );
    assert_eq!(of(&planned, "2026-01-20", Item::CarePlan), [(day("2026-01-06"), Some(day("2025-12-16")), Status::Met)]);
    assert_eq!(
        of(&planned, "2026-01-20", Item::PlacementPlan),
        [(day("2025-12-29"), Some(day("2025-12-17")), Status::Met), (day("2026-01-19"), None, Status::Overdue)]
    );
    // The care plan of an earlier period of care does not meet a later one's.
    let again = with(
        planned,
        &[
            ChildEvent::CareEnded { date: d("2026-02-01"), reason: ReasonEpisodeCeased::E4A },
            care_started("2026-03-02"),
        ],
    );
    assert_eq!(of(&again, "2026-03-31", Item::CarePlan)[1], (day("2026-03-16"), None, Status::Overdue));
}

#[test]
fn placed_for_adoption_reviews_at_4_weeks_3_months_then_6_months_across_easter() {
    let adoptive = |date: &str| ChildEvent::LegalStatusAndPlacementChanged {
        date: d(date),
        legal_status: LegalStatus::E1,
        placement: Placement { kind: PlacementType::A6, carer: Some("ADOPTERS".into()), ..placement() },
        reason: ReasonPlaceChange::Carpl,
    };
    let rec = with(
        child("C1", "2022-06-01"),
        &[care_started("2025-06-02"), lac_review("2025-06-27"), adoptive("2026-03-09")],
    );
    // 4 weeks from Mon 9 Mar 2026 is Easter Monday, 6 Apr (Good Friday too): Thu 2 Apr.
    assert_eq!(of(&rec, "2026-03-10", Item::AdoptionPlacementReview), [(day("2026-04-02"), None, Status::Due)]);
    // Looked-after reviews stop while the child is placed for adoption.
    assert!(of(&rec, "2026-03-10", Item::LacReview).iter().all(|r| r.0.date < d("2026-03-09") || r.1.is_some()));
    let reviewed = with(rec, &[lac_review("2026-03-31"), lac_review("2026-06-26")]);
    assert_eq!(
        of(&reviewed, "2026-07-01", Item::AdoptionPlacementReview),
        [
            (day("2026-04-02"), Some(day("2026-03-31")), Status::Met),
            // 3 months from 31 Mar: 30 Jun (no 31st).
            (day("2026-06-30"), Some(day("2026-06-26")), Status::Met),
            (day("2026-12-24"), None, Status::Due),
        ]
    );
    // The placement ends and the child stays looked after: reviews go on from the last, 6-monthly.
    let disrupted = with(reviewed, &[placed("2026-07-15", PlacementType::U6)]);
    assert!(of(&disrupted, "2026-07-20", Item::AdoptionPlacementReview).iter().all(|r| r.2 != Status::Due));
    assert_eq!(of(&disrupted, "2026-07-20", Item::LacReview).last().unwrap(), &(day("2026-12-24"), None, Status::Due));
}

#[test]
fn pathway_plan_reviews_go_on_to_25_where_the_care_leaver_asks() {
    let leaver = |asked: &str| {
        with(
            child("C1", "2004-06-01"),
            &[
                care_started("2020-01-10"),
                ChildEvent::PathwayPlanReviewed { date: d("2020-05-29") },
                ChildEvent::CareEnded { date: d("2022-06-01"), reason: ReasonEpisodeCeased::E17 },
                ChildEvent::PathwayPlanReviewed { date: d("2024-12-02") },
                ChildEvent::AdviserSupportRequested { date: d(asked) },
            ],
        )
    };
    // Not asked: the reviews stop at 21 (1 Jun 2025), the review due 2 Jun 2025 falls after it.
    let stops = with(
        child("C2", "2004-06-01"),
        &[
            care_started("2020-01-10"),
            ChildEvent::PathwayPlanReviewed { date: d("2020-05-29") },
            ChildEvent::CareEnded { date: d("2022-06-01"), reason: ReasonEpisodeCeased::E17 },
            ChildEvent::PathwayPlanReviewed { date: d("2024-12-02") },
        ],
    );
    assert!(of(&stops, "2025-07-01", Item::PathwayPlanReview).iter().all(|r| !r.2.is_open()));
    // Asked before 21: the review of Tue 2 Jun 2025 is due, and they go on.
    let before = leaver("2025-03-03");
    assert_eq!(of(&before, "2025-07-01", Item::PathwayPlanReview).last().unwrap(), &(day("2025-06-02"), None, Status::Overdue));
    // Asked at 21 and a quarter: reviews start again from the request; 1 Mar 2026 is a Sunday, so Fri 27 Feb.
    let after = leaver("2025-09-01");
    assert_eq!(of(&after, "2025-09-02", Item::PathwayPlanReview).last().unwrap(), &(day("2026-02-27"), None, Status::Due));
    // Asked on Tue 4 Nov 2025: six months on is Mon 4 May 2026, the early May bank holiday, so Fri 1 May.
    let holiday = leaver("2025-11-04");
    assert_eq!(of(&holiday, "2025-11-05", Item::PathwayPlanReview).last().unwrap(), &(day("2026-05-01"), None, Status::Due));
}

#[test]
fn return_interview_within_72_hours_exactly_at_the_limit() {
    let interview = |no, at: &str| ChildEvent::ReturnInterview { episode: no, offered_at: t(at), accepted: true };
    let rec = with(child("C1", "2010-06-01"), &missing(1, "2026-01-08 20:00", "2026-01-09 18:00"));
    // Friday 18:00 + 72 hours = Monday 18:00, weekend included.
    assert_eq!(of(&rec, "2026-01-11", Item::ReturnInterview), [(at("2026-01-12 18:00"), None, Status::Due)]);
    // By the end of the due day the limit has passed.
    assert_eq!(of(&rec, "2026-01-12", Item::ReturnInterview)[0].2, Status::Overdue);
    let on_time = with(rec.clone(), &[interview(1, "2026-01-12 18:00")]);
    assert_eq!(of(&on_time, "2026-01-20", Item::ReturnInterview)[0].2, Status::Met);
    let late = with(rec, &[interview(1, "2026-01-12 18:01")]);
    assert_eq!(of(&late, "2026-01-20", Item::ReturnInterview)[0].2, Status::MetLate);
}

#[test]
fn missing_three_times_in_90_days_is_escalated() {
    // Each episode runs 22:00 to 23:00 on its day.
    let episodes = |days: [&str; 3]| -> Vec<ChildEvent> {
        (1..).zip(days).flat_map(|(no, day)| missing(no, &format!("{day} 22:00"), &format!("{day} 23:00"))).collect()
    };
    let rec = with(child("C1", "2010-06-01"), &episodes(["2025-09-01", "2025-10-15", "2025-11-29"]));
    // The third starts 89 days after the first (Sat 29 Nov): escalation by Mon 1 Dec.
    assert_eq!(of(&rec, "2025-11-30", Item::MissingEscalation), [(day("2025-12-01"), None, Status::Due)]);
    let note = ChildEvent::ManagementOversight {
        date: d("2025-12-01"),
        by: WorkerId::new("TM1").unwrap(),
        note: "escalated".into(),
    };
    let met = with(rec, &[note]);
    assert_eq!(of(&met, "2025-12-05", Item::MissingEscalation)[0].2, Status::Met);
    // Two days later the third falls outside the 90 days: no escalation.
    let spread = episodes(["2025-09-01", "2025-10-15", "2025-12-01"]);
    assert!(of(&with(child("C2", "2010-06-01"), &spread), "2025-12-05", Item::MissingEscalation).is_empty());
}

#[test]
fn adoption_plan_to_the_agency_decision_maker_and_family_finding() {
    let adopters =
        Adopters { foster_carers: false, number: 2, sex: AdopterSex::MF, legal_status: AdopterLegalStatus::L11 };
    let plan = |date: &str, plan| ChildEvent::PermanencePlanMade { date: d(date), plan };
    let rec = with(
        child("C1", "2022-01-05"),
        &[
            care_started("2025-03-03"),
            plan("2025-06-02", PermanencePlan::ReturnHome),
            ChildEvent::LegalStatusChanged { date: d("2025-10-02"), legal_status: LegalStatus::E1 },
            plan("2025-12-30", PermanencePlan::Adoption),
            // The same plan restated at a review does not start the clock again.
            plan("2026-01-20", PermanencePlan::Adoption),
        ],
    );
    // Agreed 30 Dec + 2 months: no 30 Feb, so 28 Feb 2026, a Saturday: Fri 27 Feb.
    assert_eq!(of(&rec, "2026-01-25", Item::AdoptionBestInterest), [(day("2026-02-27"), None, Status::Due)]);
    // Placement order Thu 2 Oct 2025 + 12 weeks = Christmas Day: Wed 24 Dec.
    assert_eq!(of(&rec, "2026-01-05", Item::FamilyFinding), [(day("2025-12-24"), None, Status::Overdue)]);
    let decided = with(rec.clone(), &[ChildEvent::AdoptionDecision { date: d("2026-03-02") }]);
    assert_eq!(of(&decided, "2026-03-05", Item::AdoptionBestInterest)[0].2, Status::MetLate);
    // A plan changed away from adoption before the decision fell due ends the wait.
    let changed = with(rec, &[plan("2026-02-10", PermanencePlan::LongTermFostering)]);
    assert_eq!(of(&changed, "2026-04-01", Item::AdoptionBestInterest), []);
    // Family finding from Tue 3 Mar 2026: monthly, the first update due on Good Friday (3 Apr)
    // moves back to Thu 2 Apr; each later one counts from the update before.
    let finding = with(
        decided,
        &[
            ChildEvent::FamilyFindingStarted { date: d("2026-03-03") },
            ChildEvent::FamilyFindingUpdated { date: d("2026-03-30"), activity: "Profiled on Linkmaker".into() },
        ],
    );
    assert_eq!(
        of(&finding, "2026-04-10", Item::FamilyFindingUpdate),
        [(day("2026-04-02"), Some(day("2026-03-30")), Status::Met), (day("2026-04-30"), None, Status::Due)]
    );
    let matched = with(
        finding,
        &[ChildEvent::MatchedWithAdopters { date: d("2026-04-09"), adopters, household: None, agency: None, panel: None }],
    );
    assert_eq!(of(&matched, "2026-04-10", Item::FamilyFinding)[0].2, Status::MetLate);
    assert_eq!(of(&matched, "2026-06-01", Item::FamilyFindingUpdate).len(), 1, "no update is due after the match");
}

#[test]
fn pathway_plan_by_16_then_reviews_continue_after_care() {
    let rec = with(
        child("C1", "2009-11-15"),
        &[
            care_started("2022-01-10"),
            ChildEvent::PathwayPlanReviewed { date: d("2025-11-14") },
            ChildEvent::CareEnded { date: d("2026-01-05"), reason: ReasonEpisodeCeased::E13 },
        ],
    );
    // The 16th birthday, Sat 15 Nov 2025, moves back to Fri 14 Nov.
    assert_eq!(of(&rec, "2026-05-20", Item::PathwayPlan), [(day("2025-11-14"), Some(day("2025-11-14")), Status::Met)]);
    assert_eq!(of(&rec, "2026-05-20", Item::PathwayPlanReview), [(day("2026-05-14"), None, Status::Overdue)]);
    // Not yet counted before the child's 14th birthday.
    assert!(of(&rec, "2023-01-01", Item::PathwayPlan).is_empty());
}

#[test]
fn complaint_stage_1_and_its_extension_across_christmas() {
    let rec = with(
        child("C1", "2015-06-01"),
        &[
            ChildEvent::ComplaintReceived { complaint: 1, date: d("2025-12-19"), stage: 1 },
            ChildEvent::ComplaintAnswered { complaint: 1, date: d("2026-01-14") },
        ],
    );
    let c = all(&rec, "2026-02-01").into_iter().find(|x| x.item == Item::ComplaintStage1).unwrap();
    assert_eq!((c.due, c.extended_due, c.status), (day("2026-01-07"), Some(d("2026-01-21")), Status::MetLate));
}

#[test]
fn ehc_plan_20_weeks_moves_back_over_easter() {
    let rec = with(child("C1", "2015-06-01"), &[ChildEvent::EhcAssessmentRequested { date: d("2025-11-17") }]);
    // 20 weeks on is Easter Monday 6 Apr 2026; Good Friday before it: Thu 2 Apr.
    assert_eq!(of(&rec, "2026-03-01", Item::EhcPlan), [(day("2026-04-02"), None, Status::Due)]);
}

#[test]
fn social_care_advice_in_6_weeks_moves_back_over_the_may_bank_holiday() {
    let asked = |no, date: &str| ChildEvent::SendAdviceRequested { request: no, date: d(date) };
    let given = |no, date: &str| ChildEvent::SendAdviceGiven { request: no, date: d(date) };
    // Mon 23 Mar 2026 + 6 weeks = Mon 4 May 2026, the May Day bank holiday: due Fri 1 May.
    let rec = with(child("C1", "2015-06-01"), &[asked(1, "2026-03-23")]);
    assert_eq!(of(&rec, "2026-04-30", Item::SendAdvice), [(day("2026-05-01"), None, Status::Due)]);
    assert_eq!(of(&rec, "2026-05-05", Item::SendAdvice), [(day("2026-05-01"), None, Status::Overdue)]);
    let on_time = with(rec.clone(), &[given(1, "2026-05-01")]);
    assert_eq!(
        of(&on_time, "2026-06-01", Item::SendAdvice),
        [(day("2026-05-01"), Some(day("2026-05-01")), Status::Met)]
    );
    let late = with(rec, &[given(1, "2026-05-05")]);
    assert_eq!(
        of(&late, "2026-06-01", Item::SendAdvice),
        [(day("2026-05-01"), Some(day("2026-05-05")), Status::MetLate)]
    );
    // A second request is its own clock: Tue 7 Apr + 6 weeks = Tue 19 May.
    let two = with(late, &[asked(2, "2026-04-07")]);
    let due: Vec<_> = of(&two, "2026-05-06", Item::SendAdvice).into_iter().map(|(due, _, s)| (due, s)).collect();
    assert_eq!(due, [(day("2026-05-01"), Status::MetLate), (day("2026-05-19"), Status::Due)]);
}

#[test]
fn social_care_advice_is_given_once_and_never_before_it_was_asked_for() {
    let mut rec =
        with(child("C1", "2015-06-01"), &[ChildEvent::SendAdviceRequested { request: 1, date: d("2026-03-23") }]);
    let early = ChildEvent::SendAdviceGiven { request: 1, date: d("2026-03-20") };
    assert!(rec.apply(&early).unwrap_err().to_string().contains("before it was requested"));
    let unknown = ChildEvent::SendAdviceGiven { request: 2, date: d("2026-03-25") };
    assert!(rec.apply(&unknown).unwrap_err().to_string().contains("no request for advice 2"));
    rec.apply(&ChildEvent::SendAdviceGiven { request: 1, date: d("2026-03-25") }).unwrap();
    let again = ChildEvent::SendAdviceGiven { request: 1, date: d("2026-03-26") };
    assert!(rec.apply(&again).unwrap_err().to_string().contains("already given on 2026-03-25"));
    let review = ChildEvent::EhcReviewAttended { date: d("2026-03-26") };
    assert!(rec.apply(&review).unwrap_err().to_string().contains("no EHC plan issued"));
}

#[test]
fn changing_a_value_changes_the_due_date() {
    let rec = with(child("C1", "2015-06-01"), &[referral(1, "2025-12-15 11:00")]);
    let cfg =
        TimescaleConfig::from_toml("[assessment]\nfrom_referral = { n = 40, unit = \"working_days\" }\n").unwrap();
    assert_eq!(cfg.icpc, TimescaleConfig::default().icpc);
    let due = deadlines(&rec, &Calendar::england_and_wales(), &cfg, d("2026-01-01"))
        .into_iter()
        .find(|x| x.item == Item::Assessment)
        .unwrap()
        .due;
    // 45 working days is 19 Feb; 40 is five fewer.
    assert_eq!(due, day("2026-02-12"));
    let weeks = TimescaleConfig::from_toml("[assessment]\nfrom_referral = { n = 8, unit = \"weeks\" }\n").unwrap();
    let due = deadlines(&rec, &Calendar::england_and_wales(), &weeks, d("2026-01-01"))
        .into_iter()
        .find(|x| x.item == Item::Assessment)
        .unwrap()
        .due;
    assert_eq!(due, day("2026-02-09"));
}

#[test]
fn configuration_errors_name_the_key() {
    let e =
        TimescaleConfig::from_toml("[assessment]\nfrom_refferal = { n = 40, unit = \"working_days\" }\n").unwrap_err();
    assert_eq!(e.key, "assessment.from_refferal");
    assert!(e.to_string().contains("unknown key") && e.to_string().contains("assessment.from_referral"), "{e}");
    let e =
        TimescaleConfig::from_toml("[looked_after]\nfirst_review = { n = 20, unit = \"fortnights\" }\n").unwrap_err();
    assert_eq!(e.key, "looked_after.first_review.unit");
    assert!(e.message.contains("'fortnights' is not a unit"), "{e}");
    let e = TimescaleConfig::from_toml("[send]\nehc_plan = { n = 20, unit = \"hours\" }\n").unwrap_err();
    assert_eq!(e.key, "send.ehc_plan.unit");
    let e = TimescaleConfig::from_toml("[send]\nehc_plan = 20\n").unwrap_err();
    assert_eq!(e.key, "send.ehc_plan");
    let e = TimescaleConfig::from_toml("[missing]\nescalation_episodes = 0\n").unwrap_err();
    assert_eq!(e.key, "missing.escalation_episodes");
    let e = TimescaleConfig::from_toml("[send]\nehc_plan = { n = -1, unit = \"weeks\" }\n").unwrap_err();
    assert_eq!(e.key, "send.ehc_plan.n");
    assert_eq!(TimescaleConfig::from_toml("[send\n").unwrap_err().key, "(file)");
}

#[test]
fn the_shipped_file_sets_every_key_with_the_documented_defaults() {
    let cfg = TimescaleConfig::default();
    assert_eq!(TimescaleConfig::from_toml(DEFAULT_TOML).unwrap(), cfg);
    assert_eq!(TimescaleConfig::from_toml("").unwrap(), cfg);
    for key in TimescaleConfig::keys() {
        let (section, name) = key.split_once('.').unwrap();
        let table: toml::Table = DEFAULT_TOML.parse().unwrap();
        assert!(table[section].get(name).is_some(), "{key} missing from the shipped file");
    }
    assert_eq!(cfg.assessment, Period::new(45, Unit::WorkingDays));
    assert_eq!(cfg.contact_decision, Period::new(24, Unit::Hours));
    assert_eq!(cfg.lac_second_review, Period::new(3, Unit::Months));
    assert_eq!(cfg.ehc_plan, Period::new(20, Unit::Weeks));
    assert_eq!((cfg.permanence_plan_by_review, cfg.missing_escalation_episodes, cfg.pathway_plan_by_age), (2, 3, 16));
}

#[test]
fn due_list_shows_open_items_with_the_allocation_and_filters_by_team() {
    let alloc = |date: &str, worker: &str, team: &str| ChildEvent::WorkerAllocated {
        date: d(date),
        worker: WorkerId::new(worker).unwrap(),
        team: TeamId::new(team).unwrap(),
        reason: None,
    };
    let a = with(child("C1", "2015-06-01"), &[alloc("2025-11-01", "W1", "NORTH"), referral(1, "2025-12-15 11:00")]);
    let b = with(
        child("C2", "2015-06-01"),
        &[alloc("2025-11-01", "W2", "NORTH"), alloc("2025-12-01", "W3", "SOUTH"), care_started("2025-12-10")],
    );
    let cal = Calendar::england_and_wales();
    let cfg = TimescaleConfig::default();
    let rows = due_list([&a, &b], &cal, &cfg, d("2026-01-13"), None);
    // C1's referral decision is overdue, its assessment due; C2's first visit, plans, first review
    // initial health assessment and first PEP overdue; the spring term's PEP (new into care in the
    // autumn term's last month), permanence plan and dental check due.
    let summary: Vec<_> =
        rows.iter().map(|r| (r.child.as_str(), r.worker.as_ref().map(|w| w.as_str()), r.item, r.status)).collect();
    assert_eq!(
        summary,
        [
            ("C1", Some("W1"), Item::ReferralDecision, Status::Overdue),
            ("C2", Some("W3"), Item::LacVisit, Status::Overdue),
            ("C2", Some("W3"), Item::PlacementPlan, Status::Overdue),
            ("C2", Some("W3"), Item::CarePlan, Status::Overdue),
            ("C2", Some("W3"), Item::LacReview, Status::Overdue),
            ("C2", Some("W3"), Item::InitialHealthAssessment, Status::Overdue),
            ("C2", Some("W3"), Item::PepInitial, Status::Overdue),
            ("C1", Some("W1"), Item::Assessment, Status::Due),
            ("C2", Some("W3"), Item::PepTermly, Status::Due),
            ("C2", Some("W3"), Item::PermanencePlan, Status::Due),
            ("C2", Some("W3"), Item::DentalCheck, Status::Due),
        ]
    );
    let south = due_list([&a, &b], &cal, &cfg, d("2026-01-13"), Some(&TeamId::new("SOUTH").unwrap()));
    assert!(south.iter().all(|r| r.child.as_str() == "C2") && south.len() == 9);
}

/// A record with a referral, a CP plan, a period of care and things that recur, at random dates.
fn random_record(start: NaiveDate, gaps: &[i64]) -> Option<ChildRecord> {
    let at = |i: usize| start + chrono::Duration::days(gaps[..=i].iter().sum::<i64>());
    let mut rec = child("P1", "2012-01-01");
    let events = [
        ChildEvent::ReferralReceived {
            referral: 1,
            at: at(0).and_hms_opt(9, 0, 0)?,
            source: ReferralSource::Police,
            contact: None,
            exploitation: vec![],
        },
        ChildEvent::EarlyHelpRequested { episode: 1, date: at(0) },
        ChildEvent::ComplaintReceived { complaint: 1, date: at(1), stage: 1 },
        ChildEvent::EhcAssessmentRequested { date: at(1) },
        ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: at(1).and_hms_opt(9, 0, 0)?, s47: true },
        ChildEvent::S47Started { referral: 1, s47: 1, date: at(1), discussion: Some(1) },
        ChildEvent::CpPlanStarted {
            referral: 1,
            plan: 1,
            date: at(2),
            category: CategoryOfAbuse::Neglect,
            transfer_in: true,
            previous_plans: None,
        },
        ChildEvent::Visited { date: at(3), seen: true, seen_alone: false },
        ChildEvent::CpReviewHeld { plan: 1, date: at(4) },
        care_started(&at(5).to_string()),
        ChildEvent::LegalStatusChanged { date: at(6), legal_status: LegalStatus::E1 },
        ChildEvent::AdoptionDecision { date: at(6) },
        lac_review(&at(7).to_string()),
        ChildEvent::HealthAssessment { date: at(7) },
        lac_review(&at(8).to_string()),
    ];
    for e in &events {
        rec.apply(e).ok()?;
    }
    Some(rec)
}

proptest! {
    #[test]
    fn no_day_based_due_date_falls_on_a_non_working_day(
        offset in 0i64..4000,
        gaps in proptest::collection::vec(1i64..120, 9),
        later in 0i64..900,
    ) {
        let start = d("2013-01-01") + chrono::Duration::days(offset);
        let rec = random_record(start, &gaps);
        prop_assume!(rec.is_some());
        let rec = rec.unwrap();
        let cal = Calendar::england_and_wales();
        let as_of = start + chrono::Duration::days(gaps.iter().sum::<i64>() + later);
        let found = deadlines(&rec, &cal, &TimescaleConfig::default(), as_of);
        prop_assert!(found.len() >= 8);
        for x in found.iter().filter(|x| x.due.time.is_none()) {
            prop_assert!(cal.is_working_day(x.due.date), "{:?} due on {}", x.item, x.due.date);
            prop_assert!(x.from.at.date <= as_of);
        }
    }
}

#[test]
fn dates_far_outside_real_records_do_not_panic() {
    let rec = with(
        child("C1", "9990-01-01"),
        &[referral(1, "9999-12-30 10:00"), care_started("9999-12-30"), lac_review("9999-12-31")],
    );
    // Nothing is computed past the year 9000, where date arithmetic would overflow.
    assert!(all(&rec, "9999-12-31").is_empty());
    let near = with(child("C2", "8990-01-01"), &[referral(1, "8999-12-30 10:00")]);
    assert_eq!(all(&near, "8999-12-31").len(), 2);
}

// ---- Personal Education Plans (the Virtual School) ----

/// School terms for 2024-25 and 2025-26 as a county might publish them.
const TERMS: &str = r#"
closures = [[2025-09-01, 2025-09-02]]
terms = [
  { year = "2024-25", name = "Autumn", start = 2024-09-04, end = 2024-12-20, half_term = [2024-10-28, 2024-11-01] },
  { year = "2024-25", name = "Spring", start = 2025-01-06, end = 2025-04-04, half_term = [2025-02-17, 2025-02-21] },
  { year = "2024-25", name = "Summer", start = 2025-04-22, end = 2025-07-22, half_term = [2025-05-26, 2025-05-30] },
  { year = "2025-26", name = "Autumn", start = 2025-09-03, end = 2025-12-19, half_term = [2025-10-27, 2025-10-31] },
  { year = "2025-26", name = "Spring", start = 2026-01-05, end = 2026-03-27, half_term = [2026-02-16, 2026-02-20] },
  { year = "2025-26", name = "Summer", start = 2026-04-13, end = 2026-07-22, half_term = [2026-05-25, 2026-05-29] },
]
"#;

fn peps(rec: &ChildRecord, as_of: &str, item: Item) -> Vec<(Moment, Option<Moment>, Status)> {
    let terms = crate::virtual_school::SchoolTerms::from_toml(TERMS).unwrap();
    let cfg = TimescaleConfig::default().with_school_terms(terms);
    let v = pep_deadlines(rec, &Calendar::england_and_wales(), &cfg, d(as_of));
    v.into_iter().filter(|x| x.item == item).map(|x| (x.due, x.met, x.status)).collect()
}

fn pep(no: u32, date: &str) -> ChildEvent {
    ChildEvent::PepHeld {
        pep: no,
        date: d(date),
        phase: crate::virtual_school::PepPhase::School,
        ratings: Default::default(),
        targets: "Reading".into(),
        ppp_planned: None,
        ppp_spent: None,
        progress: None,
    }
}

#[test]
fn first_pep_by_the_first_review_across_easter() {
    // Mon 23 Mar 2026 + 20 working days, Good Friday 3 and Easter Monday 6 April skipped: Wed 22 April.
    let rec = with(child("C1", "2015-06-01"), &[care_started("2026-03-23")]);
    assert_eq!(peps(&rec, "2026-04-22", Item::PepInitial), [(day("2026-04-22"), None, Status::Due)]);
    let late = with(rec, &[pep(1, "2026-04-23")]);
    assert_eq!(
        peps(&late, "2026-05-01", Item::PepInitial),
        [(day("2026-04-22"), Some(day("2026-04-23")), Status::MetLate)]
    );
    // Spring ended before a month in care had passed: new into care, no spring PEP due; summer's is.
    assert_eq!(peps(&late, "2026-05-01", Item::PepTermly), [(day("2026-07-22"), Some(day("2026-04-23")), Status::Met)]);
}

#[test]
fn a_pep_each_term_met_only_by_a_meeting_in_the_term() {
    // Year 6 by age (born June 2015). In care from Mon 3 Nov 2025: the first PEP by Mon 1 Dec.
    let rec = with(child("C1", "2015-06-01"), &[care_started("2025-11-03"), pep(1, "2025-11-20"), pep(2, "2026-03-30")]);
    assert_eq!(peps(&rec, "2026-04-14", Item::PepInitial), [(day("2025-12-01"), Some(day("2025-11-20")), Status::Met)]);
    // Autumn met by the first PEP; the meeting in the Easter holiday meets neither spring nor summer.
    assert_eq!(
        peps(&rec, "2026-04-14", Item::PepTermly),
        [
            (day("2025-12-19"), Some(day("2025-11-20")), Status::Met),
            (day("2026-03-27"), None, Status::Overdue),
            (day("2026-07-22"), None, Status::Due),
        ]
    );
    // The missed spring term can never be met now: its item ended with the term (Fri 27 March),
    // late for timeliness, off the due list (and so the trays); on the term's last day it was still due.
    let terms = crate::virtual_school::SchoolTerms::from_toml(TERMS).unwrap();
    let cfg = TimescaleConfig::default().with_school_terms(terms);
    let cal = Calendar::england_and_wales();
    let termly = |as_of: &str| -> Vec<_> {
        let all = pep_deadlines(&rec, &cal, &cfg, d(as_of));
        all.into_iter().filter(|x| x.item == Item::PepTermly).map(|x| (x.due.date, x.status, x.ended)).collect()
    };
    assert_eq!(termly("2026-03-27")[1], (d("2026-03-27"), Status::Due, None));
    assert_eq!(termly("2026-03-30")[1], (d("2026-03-27"), Status::Overdue, Some(d("2026-03-27"))));
    let listed: Vec<_> = due_list([&rec], &cal, &cfg, d("2026-04-14"), None)
        .into_iter()
        .filter(|r| r.item == Item::PepTermly)
        .map(|r| (r.due.date, r.status))
        .collect();
    assert_eq!(listed, [(d("2026-07-22"), Status::Due)]);
    // Leaving care before the summer term ends drops its PEP; the missed spring one stays, late.
    let left = with(rec, &[ChildEvent::CareEnded { date: d("2026-05-05"), reason: ReasonEpisodeCeased::E11 }]);
    let after: Vec<_> = peps(&left, "2026-07-31", Item::PepTermly).into_iter().map(|x| x.2).collect();
    assert_eq!(after, [Status::Met, Status::Overdue]);
    // After the last term the table lists, nothing is computed: the table warns instead.
    let terms = crate::virtual_school::SchoolTerms::from_toml(TERMS).unwrap();
    assert!(terms.running_out(d("2026-07-01"), 60).unwrap().contains("end on 2026-07-22"));
    assert_eq!(terms.running_out(d("2026-04-01"), 60), None);
}

#[test]
fn new_into_care_in_the_last_month_of_a_term_has_no_pep_due_that_term() {
    // 1 July + 1 month is after the summer term's end (22 July): only the first PEP, by 29 July.
    let late = with(child("C1", "2015-06-01"), &[care_started("2026-07-01")]);
    assert_eq!(peps(&late, "2026-07-23", Item::PepTermly), []);
    assert_eq!(peps(&late, "2026-07-23", Item::PepInitial), [(day("2026-07-29"), None, Status::Due)]);
    // 10 June + 1 month is 10 July, inside the term: the summer PEP is due.
    let earlier = with(child("C1", "2015-06-01"), &[care_started("2026-06-10")]);
    assert_eq!(peps(&earlier, "2026-07-23", Item::PepTermly), [(day("2026-07-22"), None, Status::Overdue)]);
}

#[test]
fn year_14_and_beyond_have_peps_only_on_request() {
    // Year 13 by age, recorded in year 14 at the new school (taught a year ahead): no PEP falls due.
    let school = ChildEvent::SchoolStarted {
        date: d("2025-09-03"),
        school: "County College".into(),
        urn: None,
        year_group: Some(crate::virtual_school::YearGroup::Y14),
    };
    let rec = with(child("C1", "2008-06-01"), &[school, care_started("2025-10-06")]);
    assert_eq!(peps(&rec, "2026-04-14", Item::PepTermly), []);
    assert_eq!(peps(&rec, "2026-04-14", Item::PepInitial), []);
    // The same young person in year 13 by age has them.
    let by_age = with(child("C2", "2008-06-01"), &[care_started("2025-10-06")]);
    assert_eq!(peps(&by_age, "2026-04-14", Item::PepTermly).len(), 3);
}

#[test]
fn early_years_peps_every_six_months_until_reception() {
    // Three on 15 Jan 2025, in care from Mon 3 Mar: first PEP by Mon 31 Mar; then six months on
    // from each PEP (20 Sep 2025 is a Saturday: due Fri 19 Sep), no termly PEP before reception.
    let rec = with(child("C1", "2022-01-15"), &[care_started("2025-03-03"), pep(1, "2025-03-20"), pep(2, "2025-09-10")]);
    assert_eq!(peps(&rec, "2026-04-01", Item::PepInitial), [(day("2025-03-31"), Some(day("2025-03-20")), Status::Met)]);
    assert_eq!(
        peps(&rec, "2026-04-01", Item::PepEarlyYears),
        [(day("2025-09-19"), Some(day("2025-09-10")), Status::Met), (day("2026-03-10"), None, Status::Overdue)]
    );
    assert_eq!(peps(&rec, "2026-04-01", Item::PepTermly), []);
    // Looked after before the third birthday (Sun 10 May 2026): the first PEP 20 working days on,
    // the spring bank holiday (25 May) skipped.
    let young = with(child("C2", "2023-05-10"), &[care_started("2025-01-06")]);
    assert_eq!(peps(&young, "2026-06-09", Item::PepInitial), [(day("2026-06-08"), None, Status::Overdue)]);
    assert_eq!(peps(&young, "2026-05-01", Item::PepInitial), []);
}
