//! Known answers: every indicator on small hand-built journeys, with the edges
//! service.md §4 and issue 6 name (a re-referral exactly 12 months after the
//! last, an assessment authorised on working day 45 across Christmas, a CP plan
//! of exactly two years, a child who left care and returned).

mod support;

use carefile_domain::codes::{
    Accommodation, Activity, AdopterLegalStatus, AdopterSex, LegalStatus, MissingType, PlacementType,
    ReasonPlacedCeased,
};
use carefile_domain::ids::TeamId;
use carefile_domain::journey::{Adopters, ChildEvent, ContactOutcome, Exploitation};
use carefile_domain::org::Service;
use carefile_indicators::*;
use support::*;

fn close_to(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn contacts_and_their_conversion_to_referral() {
    let kids = [
        Kid::new("A", "2015-01-01").contact(1, "2026-01-10").referral_with(1, "2026-01-12", Some(1), vec![]).build(),
        Kid::new("B", "2015-01-01")
            .contact(1, "2025-12-31")
            .contact(2, "2026-02-01")
            .contact_decided(2, "2026-02-01", ContactOutcome::InformationAndAdvice)
            .contact(3, "2026-03-01")
            .contact_decided(3, "2026-03-01", ContactOutcome::Referral)
            .build(),
    ];
    assert_eq!(parts(&kids, "contacts", "2025-26-Q4"), (3, None));
    assert_eq!(parts(&kids, "contacts_to_referral", "2025-26-Q4"), (2, Some(3)));
    assert_eq!(parts(&kids, "contacts", "2025-26-Q3"), (1, None));
}

#[test]
fn without_contacts_the_front_door_figures_are_not_available_never_zero() {
    let kids = [Kid::new("A", "2015-01-01").referral(1, "2026-01-12").build()];
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &Comparators::default());
    for id in ["contacts", "contacts_to_referral"] {
        match &dash.result(id).unwrap().figure {
            Figure::NotAvailable(why) => assert!(why.contains("no contacts"), "{why}"),
            f => panic!("{id}: {f:?}"),
        }
    }
    assert_eq!(dash.result("referrals").unwrap().figure.value().unwrap().numerator, 1);
    // The funnel shows the stage as not available and computes no conversion from it.
    assert!(matches!(dash.funnel[0].count, Figure::NotAvailable(_)));
    assert_eq!(dash.funnel[1].conversion_percent, None);
    // Before the first referral the record holds, referrals are not available either.
    let early = dashboard(&kids, "2024-25-Q4", &Filter::default(), &Comparators::default());
    assert!(
        matches!(&early.result("referrals").unwrap().figure, Figure::NotAvailable(w) if w.contains("before 2026-01-12"))
    );
}

#[test]
fn a_re_referral_exactly_twelve_months_after_the_last_counts() {
    let kids = [
        // The anniversary: counts.
        Kid::new("A", "2015-01-01").referral(1, "2025-01-15").close(1, "2025-02-01").referral(2, "2026-01-15").build(),
        // Twelve months and a day: does not.
        Kid::new("B", "2015-01-01").referral(1, "2025-01-14").close(1, "2025-02-01").referral(2, "2026-01-15").build(),
        Kid::new("C", "2015-01-01").referral(1, "2026-02-01").build(),
    ];
    assert_eq!(parts(&kids, "referrals", "2025-26-Q4"), (3, None));
    assert_eq!(parts(&kids, "re_referrals_12m", "2025-26-Q4"), (1, Some(3)));
    let ex = explained(&kids, "re_referrals_12m", "2025-26-Q4", &Filter::default());
    assert_eq!(ex.numerator.len(), 1);
    assert_eq!(ex.numerator[0].child.as_str(), "A");
    assert_eq!(ex.numerator[0].because[0].date, d("2026-01-15"));
    assert_eq!(ex.denominator.iter().map(|e| e.weight).sum::<u64>(), 3);
}

fn christmas_assessments() -> Vec<carefile_domain::journey::ChildRecord> {
    vec![
        // Started Monday 17 November 2025; working day 45 is Thursday 22 January 2026
        // (25, 26 December and 1 January are bank holidays).
        Kid::new("A", "2015-01-01")
            .referral(1, "2025-11-10")
            .allocate("2025-11-10", "W1", "N1")
            .assessment(1, 1, "2025-11-17", "2026-01-22")
            .build(),
        Kid::new("B", "2015-01-01")
            .referral(1, "2025-11-10")
            .allocate("2025-11-10", "W2", "S1")
            .assessment(1, 1, "2025-11-17", "2026-01-23")
            .build(),
        Kid::new("C", "2015-01-01")
            .referral(1, "2026-01-05")
            .allocate("2026-01-05", "W9", "FR")
            .assessment(1, 1, "2026-01-05", "2026-01-06")
            .build(),
    ]
}

#[test]
fn an_assessment_authorised_on_working_day_45_across_christmas_is_in_time() {
    let kids = christmas_assessments();
    assert_eq!(parts(&kids, "assessments_completed", "2025-26-Q4"), (3, None));
    assert_eq!(parts(&kids, "assessments_within_45_wd", "2025-26-Q4"), (2, Some(3)));
    // Counted from the referral (10 November) the due date was 15 January: only C met it.
    assert_eq!(parts(&kids, "assessments_due_date_met", "2025-26-Q4"), (1, Some(3)));
}

#[test]
fn assessment_timeliness_is_split_by_service_and_filtered_by_team() {
    let kids = christmas_assessments();
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &Comparators::default());
    let r = dash.result("assessments_within_45_wd").unwrap();
    let split: Vec<(&str, u64, Option<u64>)> =
        r.parts.iter().map(|p| (p.label.as_str(), p.value.numerator, p.value.denominator)).collect();
    assert_eq!(split, vec![("First Response", 1, Some(1)), ("Locality", 1, Some(2))]);
    let north = Filter { team: Some(TeamId::new("N1").unwrap()), ..Filter::default() };
    let d = dashboard(&kids, "2025-26-Q4", &north, &Comparators::default());
    let v = d.result("assessments_within_45_wd").unwrap().figure.value().copied().unwrap();
    assert_eq!((v.numerator, v.denominator), (1, Some(1)));
    let south = Filter { locality: Some("South".into()), ..Filter::default() };
    let d = dashboard(&kids, "2025-26-Q4", &south, &Comparators::default());
    let v = d.result("assessments_within_45_wd").unwrap().figure.value().copied().unwrap();
    assert_eq!((v.numerator, v.denominator), (0, Some(1)));
    let service = Filter { service: Some(Service::Locality), ..Filter::default() };
    let d = dashboard(&kids, "2025-26-Q4", &service, &Comparators::default());
    assert_eq!(d.result("assessments_completed").unwrap().figure.value().unwrap().numerator, 2);
    // A filter that selects no team is an error, not an empty dashboard.
    let nowhere = Filter { locality: Some("Atlantis".into()), ..Filter::default() };
    let err =
        compute(&kids, &org(), &p("2025-26-Q4"), &nowhere, &Comparators::default(), &Config::default()).unwrap_err();
    assert!(err.to_string().contains("Atlantis"), "{err}");
}

#[test]
fn the_funnel_from_contact_to_plan() {
    let kid = Kid::new("A", "2015-01-01")
        .contact(1, "2026-01-02")
        .referral_with(1, "2026-01-05", Some(1), vec![])
        .assessment(1, 1, "2026-01-05", "2026-01-09")
        .s47_route(1, 1, "2026-01-06", "2026-01-06", "2026-01-20")
        .ev(ChildEvent::CpPlanStarted {
            referral: 1,
            plan: 1,
            date: d("2026-01-20"),
            category: carefile_domain::codes::CategoryOfAbuse::Neglect,
            transfer_in: false,
            previous_plans: None,
        })
        .build();
    let other =
        Kid::new("B", "2015-01-01").contact(1, "2026-01-02").referral_with(1, "2026-01-05", Some(1), vec![]).build();
    let dash = dashboard(&[kid, other], "2025-26-Q4", &Filter::default(), &Comparators::default());
    let counts: Vec<u64> = dash.funnel.iter().map(|s| s.count.value().unwrap().numerator).collect();
    assert_eq!(counts, vec![2, 2, 1, 1, 1, 1, 1]);
    assert_eq!(dash.funnel[2].conversion_percent, Some(50.0));
    assert_eq!(dash.funnel[6].conversion_percent, Some(100.0));
}

#[test]
fn initial_conferences_within_15_working_days_of_the_strategy_discussion() {
    // From Monday 15 December 2025, day 15 is Thursday 8 January 2026 (three bank holidays between).
    let kids = [
        Kid::new("A", "2015-01-01")
            .referral(1, "2025-12-12")
            .s47_route(1, 1, "2025-12-15", "2025-12-15", "2026-01-08")
            .build(),
        Kid::new("B", "2015-01-01")
            .referral(1, "2025-12-12")
            .s47_route(1, 1, "2025-12-15", "2025-12-15", "2026-01-09")
            .build(),
    ];
    assert_eq!(parts(&kids, "icpc_within_15_wd", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "icpcs", "2025-26-Q4"), (2, None));
}

#[test]
fn a_cp_plan_of_exactly_two_years() {
    let kids = [
        Kid::new("A", "2015-01-01").referral(1, "2024-03-01").cp_plan(1, 1, "2024-03-31").build(),
        Kid::new("B", "2015-01-01").referral(1, "2024-03-15").cp_plan(1, 1, "2024-04-01").build(),
    ];
    assert_eq!(parts(&kids, "cp_plans", "2025-26-Q4"), (2, None));
    // On 31 March 2026 A's plan has lasted exactly two years: it counts.
    assert_eq!(parts(&kids, "cp_two_years_open", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "cp_two_years_open", "2025-26-Q3"), (0, Some(2)));
    let ended = [
        Kid::new("C", "2015-01-01")
            .referral(1, "2024-01-01")
            .cp_plan(1, 1, "2024-01-10")
            .cp_end(1, "2026-01-10")
            .build(),
        Kid::new("D", "2015-01-01")
            .referral(1, "2024-01-01")
            .cp_plan(1, 1, "2024-01-10")
            .cp_end(1, "2026-01-09")
            .build(),
    ];
    assert_eq!(parts(&ended, "cp_two_years_ceased", "2025-26-Q4"), (1, Some(2)));
    // Ended plans are not on a plan on the period's end.
    assert_eq!(parts(&ended, "cp_plans", "2025-26-Q4"), (0, None));
    assert_eq!(parts(&ended, "cp_plans", "AT:2026-01-09"), (1, None));
}

#[test]
fn repeat_plans_count_any_earlier_plan() {
    let kids = [
        Kid::new("A", "2015-01-01")
            .referral(1, "2022-05-01")
            .cp_plan(1, 1, "2022-05-10")
            .cp_end(1, "2022-11-10")
            .close(1, "2022-12-01")
            .referral(2, "2026-02-01")
            .cp_plan(2, 2, "2026-02-05")
            .build(),
        Kid::new("B", "2015-01-01").referral(1, "2026-02-01").cp_plan(1, 1, "2026-02-10").build(),
    ];
    assert_eq!(parts(&kids, "cp_second_time", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "cp_plans_started", "2025-26"), (2, None));
}

#[test]
fn cp_reviews_in_timescale_with_a_due_date_moved_back_from_new_year() {
    // Plans starting 1 October 2025 are first due for review on 1 January 2026, a
    // bank holiday, so on 31 December.
    let kids = [
        Kid::new("A", "2015-01-01")
            .referral(1, "2025-09-01")
            .cp_plan(1, 1, "2025-10-01")
            .cp_review(1, "2025-12-31")
            .build(),
        Kid::new("B", "2015-01-01")
            .referral(1, "2025-09-01")
            .cp_plan(1, 1, "2025-10-01")
            .cp_review(1, "2026-01-02")
            .build(),
        Kid::new("C", "2015-01-01").referral(1, "2026-01-10").cp_plan(1, 1, "2026-01-15").build(),
    ];
    assert_eq!(parts(&kids, "cp_reviewed_in_timescale", "2025-26-Q4"), (2, Some(3)));
    assert_eq!(parts(&kids, "cp_reviewed_in_timescale", "2025-26-Q3"), (2, Some(2)));
    assert_eq!(parts(&kids, "cp_reviewed_in_timescale", "AT:2026-01-01"), (1, Some(2)));
}

fn open_case_mix() -> Vec<carefile_domain::journey::ChildRecord> {
    vec![
        Kid::new("CIN", "2015-01-01").referral(1, "2025-06-01").allocate("2025-06-01", "W1", "N1").build(),
        Kid::new("CP", "2015-01-01")
            .referral(1, "2025-06-01")
            .cp_plan(1, 1, "2025-06-10")
            .allocate("2025-06-01", "W2", "S1")
            .build(),
        Kid::new("LAC", "2015-01-01")
            .referral(1, "2025-06-01")
            .care("2025-07-01", PlacementType::U1)
            .allocate("2025-06-01", "W3", "CIC")
            .build(),
        Kid::new("PRE", "2015-01-01")
            .referral(1, "2025-06-01")
            .ev(ChildEvent::PreProceedingsStarted { date: d("2025-08-01") })
            .build(),
        Kid::new("PRO", "2015-01-01")
            .referral(1, "2025-06-01")
            .cp_plan(1, 1, "2025-06-10")
            .ev(ChildEvent::CareProceedingsIssued { date: d("2025-09-01") })
            .allocate("2025-06-01", "W1", "N1")
            .deallocate("2025-10-01")
            .build(),
        Kid::new("SHUT", "2015-01-01").referral(1, "2025-06-01").close(1, "2025-07-01").build(),
    ]
}

#[test]
fn open_cases_by_group_reconcile() {
    let kids = open_case_mix();
    assert_eq!(parts(&kids, "open_cases", "2025-26-Q4"), (5, None));
    assert_eq!(parts(&kids, "children_in_need", "2025-26-Q4"), (1, None));
    assert_eq!(parts(&kids, "looked_after", "2025-26-Q4"), (1, None));
    assert_eq!(parts(&kids, "cp_plans", "2025-26-Q4"), (2, None));
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &Comparators::default());
    let groups = &dash.reconciliations[0];
    assert!(groups.ok, "{groups:?}");
    assert_eq!(groups.total, 5);
    assert_eq!(groups.parts.iter().map(|p| p.1).collect::<Vec<_>>(), vec![1, 1, 1, 1, 1]);
    assert!(dash.reconciliations.iter().all(|r| r.ok), "{:?}", dash.reconciliations);
    let localities = dash.reconciliations.iter().find(|r| r.name.starts_with("Children open")).unwrap();
    let by: Vec<(&str, i64)> = localities.parts.iter().map(|(l, n)| (l.as_str(), *n)).collect();
    assert_eq!(by, vec![("no locality", 2), ("North", 2), ("South", 1)]);
}

#[test]
fn rates_need_the_population_and_say_so() {
    let kids = open_case_mix();
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &Comparators::default());
    match &dash.result("lac_rate_per_10k").unwrap().figure {
        Figure::NotAvailable(why) => assert!(why.contains("under-18 population for 2025-26"), "{why}"),
        f => panic!("{f:?}"),
    }
    let c = Comparators::from_toml("[population]\n\"2025-26\" = 5000\n", "c.toml").unwrap();
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &c);
    let v = dash.result("cp_rate_per_10k").unwrap().figure.value().copied().unwrap();
    assert_eq!((v.numerator, v.denominator), (2, Some(5000)));
    assert!(close_to(v.value, 4.0));
    // The DfE's children in need: every open episode of need, CP plans and looked-after children included.
    assert_eq!(parts(&kids, "children_in_need_dfe", "2025-26-Q4"), (5, None));
    assert_eq!(parts(&kids, "children_in_need", "2025-26-Q4"), (1, None));
    assert!(close_to(dash.result("cin_rate_per_10k").unwrap().figure.value().unwrap().value, 10.0));
    assert!(close_to(dash.result("lac_rate_per_10k").unwrap().figure.value().unwrap().value, 2.0));
}

#[test]
fn workforce_caseloads_and_unallocated_cases() {
    let kids = open_case_mix();
    // Allocated open cases: CIN (W1), CP (W2), LAC (W3); PRO was deallocated, PRE never allocated.
    assert_eq!(parts(&kids, "unallocated_cases", "2025-26-Q4"), (2, None));
    let v = value(&kids, "caseload_per_worker", "2025-26-Q4");
    assert_eq!((v.numerator, v.denominator), (3, Some(4)));
    let north = Filter { team: Some(TeamId::new("N1").unwrap()), ..Filter::default() };
    let dash = dashboard(&kids, "2025-26-Q4", &north, &Comparators::default());
    let v = dash.result("caseload_per_worker").unwrap().figure.value().copied().unwrap();
    assert_eq!((v.numerator, v.denominator), (1, Some(1)));
    assert_eq!(dash.result("unallocated_cases").unwrap().figure.value().unwrap().numerator, 1);
}

#[test]
fn explain_gives_the_day_a_child_entered_a_snapshot_even_across_a_change_of_team() {
    let kids = [Kid::new("A", "2015-01-01")
        .referral(1, "2025-06-01")
        .allocate("2025-06-01", "W1", "N1")
        .cp_plan(1, 1, "2025-06-10")
        .allocate("2025-11-01", "W2", "S1")
        .build()];
    let ex = explained(&kids, "cp_plans", "2025-26-Q4", &Filter::default());
    assert_eq!(ex.numerator.len(), 1);
    assert_eq!(
        (ex.numerator[0].because[0].what.as_str(), ex.numerator[0].because[0].date),
        ("on a CP plan", d("2025-06-10"))
    );
    // Filtered to the team that holds the case on the period's end, the child is there; not in the old team.
    let south = Filter { team: Some(TeamId::new("S1").unwrap()), ..Filter::default() };
    let ex = explained(&kids, "cp_plans", "2025-26-Q4", &south);
    assert_eq!(ex.numerator.len(), 1);
    let north = Filter { team: Some(TeamId::new("N1").unwrap()), ..Filter::default() };
    let ex = explained(&kids, "cp_plans", "2025-26-Q4", &north);
    assert!(ex.numerator.is_empty());
}

#[test]
fn a_child_who_left_care_and_returned() {
    let returned = Kid::new("L1", "2012-01-01")
        .care("2024-01-01", PlacementType::U1)
        .care_end("2025-06-01")
        .care("2025-09-01", PlacementType::U1)
        .move_to("2025-12-01", PlacementType::U4, "carer-3")
        .ev(ChildEvent::HealthAssessment { date: d("2025-10-01") })
        .build();
    let settled = Kid::new("L2", "2012-01-01").care("2025-01-01", PlacementType::U1).build();
    let kids = [returned, settled];
    assert_eq!(parts(&kids, "looked_after", "2025-26-Q4"), (2, None));
    // The placement of the first period was in force in the year to 31 March 2026: three placements.
    assert_eq!(parts(&kids, "placements_3_plus", "2025-26-Q4"), (1, Some(2)));
    // Back in care only since September: not looked after for 12 months, so outside the health cohort.
    assert_eq!(parts(&kids, "health_assessments", "2025-26-Q4"), (0, Some(1)));
    // Stocks and flows: 1 looked after on 31 March 2025, 1 started and 1 ended in the year, 2 on 31 March 2026... and L2.
    let dash = dashboard(&kids, "2025-26", &Filter::default(), &Comparators::default());
    let care = dash.reconciliations.iter().find(|r| r.name.starts_with("Children looked after")).unwrap();
    assert!(care.ok, "{care:?}");
    assert_eq!(care.parts.iter().map(|p| p.1).collect::<Vec<_>>(), vec![2, 1, -1]);
    assert_eq!(care.total, 2);
}

#[test]
fn long_term_placement_stability() {
    let kids = [
        Kid::new("Same", "2014-01-01").care("2023-06-01", PlacementType::U1).build(),
        Kid::new("Moved", "2014-01-01")
            .care("2023-06-01", PlacementType::U1)
            .move_to("2025-01-01", PlacementType::U1, "c2")
            .build(),
        Kid::new("Adopt", "2014-01-01")
            .care("2023-06-01", PlacementType::U1)
            .move_to("2025-06-01", PlacementType::A4, "c3")
            .build(),
        Kid::new("Sixteen", "2009-06-01").care("2023-06-01", PlacementType::U1).build(),
        Kid::new("Recent", "2014-01-01").care("2024-01-01", PlacementType::U1).build(),
        // A change of legal status alone is not a move.
        Kid::new("Legal", "2014-01-01")
            .care("2023-06-01", PlacementType::U1)
            .legal("2024-09-01", LegalStatus::C1)
            .build(),
    ];
    assert_eq!(parts(&kids, "placement_long_term", "2025-26-Q4"), (3, Some(4)));
}

#[test]
fn health_and_dental_checks_within_twelve_months_include_the_anniversary() {
    let kids = [
        Kid::new("H1", "2012-01-01")
            .care("2024-06-01", PlacementType::U1)
            .ev(ChildEvent::HealthAssessment { date: d("2025-03-31") })
            .ev(ChildEvent::DentalCheck { date: d("2025-04-01") })
            .build(),
        Kid::new("H2", "2012-01-01").care("2025-06-01", PlacementType::U1).build(),
        Kid::new("H3", "2012-01-01")
            .care("2024-01-01", PlacementType::U1)
            .ev(ChildEvent::HealthAssessment { date: d("2025-03-30") })
            .build(),
    ];
    assert_eq!(parts(&kids, "health_assessments", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "dental_checks", "2025-26-Q4"), (1, Some(2)));
}

#[test]
fn sdq_mean_of_latest_recent_scores_aged_5_to_16() {
    let sdq = |date: &str, score: u8| ChildEvent::Sdq { date: d(date), score: Some(score), reason: None };
    let kids = [
        Kid::new("S1", "2015-01-01")
            .care("2024-01-01", PlacementType::U1)
            .ev(sdq("2025-06-01", 14))
            .ev(sdq("2025-12-01", 20))
            .build(),
        Kid::new("S2", "2015-01-01").care("2024-01-01", PlacementType::U1).ev(sdq("2025-01-01", 10)).build(),
        Kid::new("S3", "2022-01-01").care("2024-01-01", PlacementType::U1).ev(sdq("2026-01-10", 5)).build(),
        Kid::new("S4", "2012-01-01").care("2024-01-01", PlacementType::U1).ev(sdq("2026-01-10", 10)).build(),
    ];
    let v = value(&kids, "sdq_mean", "2025-26-Q4");
    assert_eq!((v.numerator, v.denominator), (30, Some(2)));
    assert!(close_to(v.value, 15.0));
}

#[test]
fn care_leavers_by_age_band() {
    let kids = [
        Kid::new("C1", "2006-01-01")
            .care("2020-01-01", PlacementType::U1)
            .care_end("2024-01-01")
            .leaver_contact("2026-01-10", Activity::F4, Accommodation::U1)
            .build(),
        // Last heard of more than 12 months ago: counted, but not as suitable or EET.
        Kid::new("C2", "2005-06-01")
            .care("2019-06-01", PlacementType::U1)
            .care_end("2023-06-01")
            .leaver_contact("2025-03-01", Activity::F4, Accommodation::U1)
            .build(),
        Kid::new("C3", "2008-06-01")
            .care("2022-01-01", PlacementType::U1)
            .care_end("2025-01-01")
            .leaver_contact("2026-02-01", Activity::G5, Accommodation::D2)
            .build(),
        Kid::new("C4", "2004-01-01")
            .care("2018-01-01", PlacementType::U1)
            .care_end("2022-01-01")
            .leaver_contact("2026-02-01", Activity::F4, Accommodation::U1)
            .build(),
    ];
    assert_eq!(parts(&kids, "cl_accommodation_19_21", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "cl_eet_19_21", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "cl_accommodation_17_18", "2025-26-Q4"), (0, Some(1)));
    assert_eq!(parts(&kids, "cl_eet_17_18", "2025-26-Q4"), (0, Some(1)));
}

/// The scorecard's cohort is the children adopted in the period, each once: a disrupted
/// placement and the re-placement after it count as one child, timed to the family that adopted;
/// a child adopted by its foster carers moved in when it went to live with them.
#[test]
fn adoption_scorecard_a10_a2_a20() {
    let adopters = |foster_carers| Adopters {
        foster_carers,
        number: 2,
        sex: AdopterSex::MF,
        legal_status: AdopterLegalStatus::L11,
    };
    let kids = [
        // Placed, the placement disrupted, matched and placed again, adopted in 2025-26.
        Kid::new("D1", "2021-01-01")
            .care("2022-03-01", PlacementType::U1)
            .ev(ChildEvent::AdoptionDecision { date: d("2023-01-10") })
            .legal("2023-03-01", LegalStatus::E1)
            .ev(ChildEvent::MatchedWithAdopters { date: d("2023-04-10"), adopters: adopters(false), household: None, agency: None, panel: None })
            .move_to("2023-05-01", PlacementType::A4, "adopters-a")
            .move_to("2023-08-01", PlacementType::U4, "carer-2")
            .ev(ChildEvent::AdoptionDecisionReversed { date: d("2023-08-01"), reason: ReasonPlacedCeased::RD3 })
            .ev(ChildEvent::AdoptionDecision { date: d("2023-09-01") })
            .ev(ChildEvent::MatchedWithAdopters { date: d("2023-11-15"), adopters: adopters(false), household: None, agency: None, panel: None })
            .move_to("2023-12-01", PlacementType::A4, "adopters-b")
            .adopted("2025-06-02")
            .build(),
        // Adopted by the foster carers it moved to six weeks into care.
        Kid::new("F1", "2022-02-01")
            .care("2023-06-01", PlacementType::U1)
            .move_to("2023-07-15", PlacementType::U4, "fc-9")
            .legal("2024-02-01", LegalStatus::E1)
            .ev(ChildEvent::AdoptionDecision { date: d("2024-01-20") })
            .ev(ChildEvent::MatchedWithAdopters { date: d("2024-05-01"), adopters: adopters(true), household: None, agency: None, panel: None })
            .move_to("2024-05-20", PlacementType::A4, "fc-9")
            .adopted("2025-10-01")
            .build(),
        // Placed for adoption in the period but not adopted: not in the cohort.
        Kid::new("P1", "2023-01-01")
            .care("2025-01-01", PlacementType::U1)
            .move_to("2026-03-01", PlacementType::A4, "adopters")
            .build(),
    ];
    let v = value(&kids, "adoption_a10_days", "2025-26");
    assert_eq!((v.numerator, v.denominator), (640 + 44, Some(2)));
    assert!(close_to(v.value, 342.0));
    let v = value(&kids, "adoption_a2_days", "2025-26");
    assert_eq!((v.numerator, v.denominator), (259 + 90, Some(2)));
    let v = value(&kids, "adoption_a20_days", "2025-26");
    assert_eq!((v.numerator, v.denominator), (365 + 245, Some(2)));
    let ex = explained(&kids, "adoption_a10_days", "2025-26", &Filter::default());
    let who: Vec<(&str, u64)> = ex.numerator.iter().map(|e| (e.child.as_str(), e.weight)).collect();
    assert_eq!(who, [("D1", 640), ("F1", 44)]);
    assert!(ex.numerator.iter().all(|e| e.because[0].what == "adopted"));
    // One adopted in Q1, one in Q3: each quarter holds one child.
    assert_eq!(parts(&kids, "adoption_a10_days", "2025-26-Q1"), (640, Some(1)));
    assert_eq!(parts(&kids, "adoption_a10_days", "2025-26-Q3"), (44, Some(1)));
    // The three-year figures pool the children adopted from 1 April 2023 to the period's end.
    assert_eq!(parts(&kids, "adoption_a10_days_3y", "2025-26-Q1"), (640, Some(1)));
    // Three years to 30 June 2028 begin on 1 July 2025: D1 (adopted 2 June 2025) is out.
    assert_eq!(parts(&kids, "adoption_a10_days_3y", "2028-29-Q1"), (44, Some(1)));
    assert_eq!(parts(&kids, "adoption_a2_days_3y", "2025-26"), (259 + 90, Some(2)));
}

#[test]
fn missing_episodes_and_return_interviews() {
    let t = |s: &str| d(s).and_hms_opt(20, 0, 0).unwrap();
    let kids = [Kid::new("M", "2010-01-01")
        .care("2024-01-01", PlacementType::U1)
        .ev(ChildEvent::MissingStarted { episode: 1, at: t("2026-01-05"), kind: MissingType::Missing })
        .ev(ChildEvent::MissingEnded { episode: 1, at: t("2026-01-06") })
        .ev(ChildEvent::ReturnInterview { episode: 1, offered_at: t("2026-01-07"), accepted: true })
        .ev(ChildEvent::MissingStarted { episode: 2, at: t("2026-02-01"), kind: MissingType::Missing })
        .ev(ChildEvent::MissingEnded { episode: 2, at: t("2026-02-02") })
        // Away from placement: counted apart, and owed no return home interview.
        .ev(ChildEvent::MissingStarted { episode: 3, at: t("2026-02-10"), kind: MissingType::Absent })
        .ev(ChildEvent::MissingEnded { episode: 3, at: t("2026-02-11") })
        .ev(ChildEvent::MissingStarted { episode: 4, at: t("2026-03-10"), kind: MissingType::Absent })
        .build()];
    assert_eq!(parts(&kids, "missing_episodes", "2025-26-Q4"), (2, None));
    assert_eq!(parts(&kids, "away_episodes", "2025-26-Q4"), (2, None));
    let ex = explained(&kids, "away_episodes", "2025-26-Q4", &Filter::default());
    let why: Vec<String> = ex.numerator[0].because.iter().map(|b| format!("{} {}", b.what, b.date)).collect();
    assert_eq!(why, ["away from placement 2026-02-10", "away from placement 2026-03-10"]);
    assert_eq!(parts(&kids, "return_interviews_offered", "2025-26-Q4"), (1, Some(2)));
    assert_eq!(parts(&kids, "return_interviews_accepted", "2025-26-Q4"), (1, Some(1)));
}

#[test]
fn complaints_answered_within_20_working_days() {
    let kids = [Kid::new("K", "2010-01-01")
        .ev(ChildEvent::ComplaintReceived { complaint: 1, date: d("2026-01-05"), stage: 1 })
        .ev(ChildEvent::ComplaintAnswered { complaint: 1, date: d("2026-02-02") })
        .ev(ChildEvent::ComplaintReceived { complaint: 2, date: d("2026-01-05"), stage: 1 })
        .ev(ChildEvent::ComplaintAnswered { complaint: 2, date: d("2026-02-03") })
        .build()];
    assert_eq!(parts(&kids, "complaints_in_timescale", "2025-26-Q4"), (1, Some(2)));
    // An authority that allows 25 working days: both in time.
    let timescales = carefile_domain::timescales::TimescaleConfig::from_toml(
        "[complaints]\nstage1_extended = { n = 25, unit = \"working_days\" }\n",
    )
    .unwrap();
    let config = Config { timescales, ..Config::default() };
    let dash = compute(&kids, &org(), &p("2025-26-Q4"), &Filter::default(), &Comparators::default(), &config).unwrap();
    assert_eq!(dash.result("complaints_in_timescale").unwrap().figure.value().unwrap().numerator, 2);
}

#[test]
fn social_care_advice_within_6_weeks_across_the_may_bank_holiday() {
    let asked = |no, date| ChildEvent::SendAdviceRequested { request: no, date: d(date) };
    let given = |no, date| ChildEvent::SendAdviceGiven { request: no, date: d(date) };
    let kids = [
        // Asked Mon 23 Mar 2026: 6 weeks on is the May Day holiday, so due Fri 1 May.
        Kid::new("A", "2012-01-01").ev(asked(1, "2026-03-23")).ev(given(1, "2026-05-01")).build(),
        Kid::new("B", "2012-01-01").ev(asked(1, "2026-03-23")).ev(given(1, "2026-05-05")).build(),
        // Asked in the quarter, not yet answered: outside both parts.
        Kid::new("C", "2012-01-01").ev(asked(1, "2026-05-11")).build(),
        // Answered in the quarter before.
        Kid::new("D", "2012-01-01").ev(asked(1, "2026-02-02")).ev(given(1, "2026-03-02")).build(),
    ];
    assert_eq!(parts(&kids, "send_advice_in_timescale", "2026-27-Q1"), (1, Some(2)));
    assert_eq!(parts(&kids, "send_advice_in_timescale", "2025-26-Q4"), (1, Some(1)));
    let ex = explained(&kids, "send_advice_in_timescale", "2026-27-Q1", &Filter::default());
    assert_eq!(ex.numerator.iter().map(|e| e.child.as_str()).collect::<Vec<_>>(), ["A"]);
    // Before any request the record holds, the figure is not available, never 0%.
    let dash = dashboard(&kids, "2024-25-Q4", &Filter::default(), &Comparators::default());
    assert!(matches!(dash.result("send_advice_in_timescale").unwrap().figure, Figure::NotAvailable(_)));
}

#[test]
fn cse_referrals_count_sexual_not_criminal_exploitation() {
    let kids = [
        Kid::new("A", "2010-01-01")
            .referral_with(1, "2026-01-05", None, vec![Exploitation::Cse, Exploitation::Cce])
            .build(),
        Kid::new("B", "2010-01-01").referral_with(1, "2026-01-05", None, vec![Exploitation::Cce]).build(),
    ];
    assert_eq!(parts(&kids, "cse_referrals", "2025-26-Q4"), (1, None));
}

#[test]
fn direction_rag_quartile_and_trend_come_from_the_same_figures() {
    let kids = [
        Kid::new("A", "2015-01-01").referral(1, "2025-01-15").close(1, "2025-02-01").referral(2, "2026-01-15").build(),
        Kid::new("B", "2015-01-01").referral(1, "2025-11-01").build(),
        Kid::new("C", "2015-01-01").referral(1, "2025-10-01").close(1, "2025-10-20").referral(2, "2025-12-01").build(),
    ];
    let c = Comparators::from_toml(
        "[indicator.re_referrals_12m]\nsn_average = 24.4\nquartiles = { better = 18.0, median = 22.0, worse = 26.0 }\n",
        "c.toml",
    )
    .unwrap();
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &c);
    let r = dash.result("re_referrals_12m").unwrap();
    // Q4: 1 of 1 (100%); Q3: 1 of 3 (33.3%): worse for a low-good indicator, fourth quartile, red.
    assert_eq!(r.figure.value().unwrap().numerator, 1);
    let prev = r.previous.as_ref().unwrap();
    assert_eq!(prev.period, p("2025-26-Q3"));
    assert_eq!((prev.figure.value().unwrap().numerator, prev.figure.value().unwrap().denominator), (1, Some(3)));
    assert_eq!(r.direction, Some(Direction::Worse));
    assert_eq!(r.quartile, Some(Quartile(4)));
    assert_eq!(r.rag, Some(Rag::Red));
    assert_eq!(r.comparator.sn_average, Some(24.4));
    assert_eq!(r.trend.len(), 8);
    assert_eq!(r.trend[7].figure, r.figure);
    assert_eq!(r.trend[6].figure, prev.figure);
    // Before the record's first referral the figure is not available; a quarter
    // after it with no referrals has a value with no denominator, shown as "–".
    assert!(matches!(&r.trend[0].figure, Figure::NotAvailable(w) if w.contains("before 2025-01-15")));
    assert_eq!(r.trend[4].figure.value().unwrap().value, None);
}

#[test]
fn the_dashboard_lists_every_catalogue_indicator_once_with_a_definition() {
    let dash = dashboard(&open_case_mix(), "2025-26-Q4", &Filter::default(), &Comparators::default());
    let ids: Vec<&str> = dash.results.iter().map(|r| r.id()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(ids, definitions().map(|d| d.id).collect::<Vec<_>>());
    for r in &dash.results {
        assert!(!r.definition.definition.is_empty() && !r.definition.name.is_empty());
        assert_eq!(r.definition.denominator.is_some(), r.definition.unit != Unit::Count, "{}", r.id());
    }
    // The thirteen children's social care rows of the seed dashboard that the record can hold.
    let seed_rows =
        dash.results.iter().filter(|r| r.definition.source.is_some_and(|s| s.starts_with("seed 001"))).count();
    assert_eq!(seed_rows, 13);
    // Each names whose definition it follows; one named like a DfE measure follows the DfE's.
    for r in &dash.results {
        let basis = r.definition.basis.label();
        assert!(!basis.ends_with("counted from the record"), "{}: no basis", r.id());
        if r.definition.name.contains("(DfE") {
            assert!(matches!(r.definition.basis, Basis::Dfe(_)), "{}: {basis}", r.id());
        }
    }
}

#[test]
fn the_dashboard_serialises_with_figures_or_reasons() {
    let kids = [Kid::new("A", "2015-01-01").referral(1, "2026-01-12").build()];
    let dash = dashboard(&kids, "2025-26-Q4", &Filter::default(), &Comparators::default());
    let json = serde_json::to_value(&dash).unwrap();
    let results = json["results"].as_array().unwrap();
    let referrals = results.iter().find(|r| r["definition"]["id"] == "referrals").unwrap();
    assert_eq!(referrals["figure"]["value"]["numerator"], 1);
    assert_eq!(referrals["definition"]["polarity"], "none");
    assert_eq!(referrals["period"]["kind"], "quarter");
    let contacts = results.iter().find(|r| r["definition"]["id"] == "contacts").unwrap();
    assert!(contacts["figure"]["not_available"].as_str().unwrap().contains("no contacts"));
    assert_eq!(json["reconciliations"][0]["ok"], true);
}

/// The Virtual School's figures (seed 004's annual report) on hand-built records; the terms are
/// the shipped pattern's (autumn 2025: 3 September to 19 December).
#[test]
fn virtual_school_peps_attendance_exclusions_roll_and_destinations() {
    use carefile_domain::virtual_school::*;
    let pep = |no, date, overall| ChildEvent::PepHeld {
        pep: no,
        date: d(date),
        phase: PepPhase::School,
        ratings: PepRatings { overall, ..Default::default() },
        targets: "Reading".into(),
        ppp_planned: None,
        ppp_spent: None,
        progress: None,
    };
    let attended = |from, to, possible, attended| ChildEvent::AttendanceRecorded { from: d(from), to: d(to), possible, attended };
    let excluded = |date, kind| ChildEvent::ExclusionRecorded {
        date: d(date),
        kind,
        reason: ExclusionReason::PersistentDisruptive,
        sessions: None,
    };
    let off_roll = |date| ChildEvent::LeftSchoolRoll { date: d(date), missing_education: false };
    let destination = |destination| ChildEvent::DestinationRecorded { date: d("2025-09-08"), destination };
    let fc = PlacementType::U4;
    let kids = [
        // In care from 15 September: the autumn PEP due on 19 December, held.
        Kid::new("A", "2015-01-01")
            .care("2025-09-15", fc)
            .ev(pep(1, "2025-10-01", Some(Rating::Gold)))
            .ev(attended("2025-09-15", "2025-12-19", 130, 117))
            .ev(excluded("2025-11-05", ExclusionKind::Suspension))
            .ev(excluded("2026-01-20", ExclusionKind::Suspension))
            .build(),
        // Due and not held; off roll from 1 December; permanently excluded.
        Kid::new("B", "2015-01-01")
            .care("2025-09-15", fc)
            .ev(attended("2025-09-15", "2025-10-24", 60, 60))
            .ev(excluded("2025-11-20", ExclusionKind::Permanent))
            .ev(off_roll("2025-12-01"))
            .ev(pep(1, "2026-01-10", None))
            .build(),
        // New into care in the term's last month: left out of completion.
        Kid::new("C", "2015-01-01").care("2025-12-01", fc).ev(pep(1, "2025-12-10", Some(Rating::Amber))).build(),
        // Early years (nursery 2): six-monthly, left out of termly completion; off roll is not counted.
        Kid::new("E", "2022-01-15")
            .care("2025-09-15", fc)
            .ev(pep(1, "2025-10-10", Some(Rating::Green)))
            .ev(off_roll("2025-12-01"))
            .build(),
        // Year 12: NEET, in education, not known.
        Kid::new("F", "2009-03-01").care("2025-09-08", fc).ev(destination(Destination::NeetAvailable)).build(),
        Kid::new("G", "2009-03-01").care("2025-09-08", fc).ev(destination(Destination::Education)).build(),
        Kid::new("H", "2009-03-01").care("2025-09-08", fc).ev(destination(Destination::NotKnown)).build(),
    ];
    let q3 = "2025-26-Q3";
    assert_eq!(parts(&kids, "pep_completion", q3), (1, Some(5)));
    let ex = explained(&kids, "pep_completion", q3, &Filter::default());
    assert_eq!(ex.numerator.iter().map(|e| e.child.as_str()).collect::<Vec<_>>(), ["A"]);
    // F, G and H are in year 12: their autumn PEPs are due too, and none was held.
    assert_eq!(ex.denominator.iter().map(|e| e.child.as_str()).collect::<Vec<_>>(), ["A", "B", "F", "G", "H"]);
    assert_eq!(parts(&kids, "pep_quality", q3), (2, Some(3)));
    assert_eq!(parts(&kids, "school_attendance", q3), (177, Some(190)));
    assert_eq!(parts(&kids, "suspensions", q3), (1, None));
    assert_eq!(parts(&kids, "suspensions", "2025-26-Q4"), (1, None));
    assert_eq!(parts(&kids, "permanent_exclusions", q3), (1, None));
    assert_eq!(parts(&kids, "not_on_roll", q3), (1, None));
    assert_eq!(parts(&kids, "post16_neet", q3), (1, Some(2)));
    // Before the Virtual School recorded anything, its figures are not available, never 0.
    let dash = dashboard(&kids, "2024-25-Q4", &Filter::default(), &Comparators::default());
    for id in ["pep_completion", "suspensions", "not_on_roll"] {
        assert!(matches!(dash.result(id).unwrap().figure, Figure::NotAvailable(_)), "{id}");
    }
}

#[test]
fn monthly_demand_counts_each_month_and_stops_where_the_figure_does() {
    let kids = [
        Kid::new("A", "2015-01-01").contact(1, "2026-01-10").contact(2, "2026-01-31").contact(3, "2026-03-01").build(),
        Kid::new("B", "2015-01-01").contact(1, "2025-12-01").referral(1, "2025-12-02").cp_plan(1, 1, "2026-01-15").build(),
    ];
    let engine = Engine::new(&kids, &org(), &Config::default());
    let none = Comparators::default();
    // Through 15 March: March is not whole, so the series ends with February.
    let m = engine.monthly("contacts", d("2026-03-15"), 60, &none).unwrap();
    assert_eq!((m.first, m.values.clone(), m.flow), (d("2025-12-01"), vec![1, 2, 0], true));
    // Before the first contact the record holds, the figure is not available: the series stops there.
    assert!(m.stopped.as_deref().is_some_and(|s| s.contains("before 2025-12-01")), "{:?}", m.stopped);
    // A snapshot is the position on each month's last day; `max` bounds the months.
    let plans = engine.monthly("cp_plans", d("2026-03-31"), 2, &none).unwrap();
    assert_eq!((plans.first, plans.values, plans.flow), (d("2026-02-01"), vec![1, 1], false));
    assert_eq!(plans.stopped, None);
    assert!(matches!(engine.monthly("contacts_to_referral", d("2026-03-31"), 12, &none), Err(IndicatorError::NotACount(_))));
    // A month is also a period of its own.
    assert_eq!(parts(&kids, "contacts", "M:2026-01"), (2, None));
}
