//! Invariant tests: each refused event names what is wrong and leaves the record as it was.

use super::*;
use crate::codes::*;
use crate::ids::ChildId;
use chrono::{NaiveDate, NaiveDateTime};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn child() -> ChildRecord {
    let details = ChildDetails {
        forename: "Ada".into(),
        surname: "Example".into(),
        sex: Some(Sex::Female),
        dob: Some(d("2015-06-01")),
        ethnicity: Some(Ethnicity::WBRI),
        ..Default::default()
    };
    ChildRecord::register(ChildId::new("C1").unwrap(), &ChildEvent::Registered { details }).unwrap()
}

fn placement(kind: PlacementType, carer: &str) -> Placement {
    Placement {
        kind,
        provider: Some(PlacementProvider::PR1),
        postcode: Some("LE1 1AA".into()),
        urn: None,
        carer: Some(carer.into()),
    }
}

fn apply_all(rec: &mut ChildRecord, events: &[ChildEvent]) {
    for e in events {
        rec.apply(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
}

/// Applies `e`, expects a refusal containing `needle`, and checks nothing changed.
fn refused(rec: &mut ChildRecord, e: ChildEvent, needle: &str) {
    let before = rec.clone();
    let err = rec.apply(&e).expect_err("should be refused");
    assert!(err.to_string().contains(needle), "{err}");
    assert_eq!(err.event, e.kind());
    assert_eq!(*rec, before, "a refused event changed the record");
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

#[test]
fn a_cp_plan_needs_a_conference_or_a_transfer_in() {
    let mut rec = child();
    apply_all(&mut rec, &[referral(1, "2025-05-01 10:00")]);
    let plan = |no, transfer_in| ChildEvent::CpPlanStarted {
        referral: 1,
        plan: no,
        date: d("2025-06-01"),
        category: CategoryOfAbuse::Neglect,
        transfer_in,
        previous_plans: None,
    };
    refused(&mut rec, plan(1, false), "needs an initial child protection conference");
    apply_all(&mut rec, &[plan(1, true)]);
    assert_eq!(rec.referrals[0].cp_plans.len(), 1);
}

#[test]
fn the_s47_route_to_a_plan() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            referral(1, "2025-05-01 10:00"),
            ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2025-05-02 09:00"), s47: true },
            ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-05-02"), discussion: Some(1) },
            ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-05-20"), plan: true },
            ChildEvent::CpPlanStarted {
                referral: 1,
                plan: 1,
                date: d("2025-05-20"),
                category: CategoryOfAbuse::Emotional,
                transfer_in: false,
                previous_plans: None,
            },
            ChildEvent::CpReviewHeld { plan: 1, date: d("2025-08-15") },
        ],
    );
    // A second plan cannot reuse the same conference.
    apply_all(&mut rec, &[ChildEvent::CpPlanEnded { plan: 1, date: d("2025-09-01") }]);
    refused(
        &mut rec,
        ChildEvent::CpPlanStarted {
            referral: 1,
            plan: 2,
            date: d("2025-10-01"),
            category: CategoryOfAbuse::Neglect,
            transfer_in: false,
            previous_plans: None,
        },
        "needs an initial child protection conference",
    );
    refused(&mut rec, ChildEvent::CpReviewHeld { plan: 1, date: d("2025-10-01") }, "ended on 2025-09-01");
}

#[test]
fn looked_after_periods_cannot_overlap() {
    let mut rec = child();
    let start = |date: &str| ChildEvent::CareStarted {
        date: d(date),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: placement(PlacementType::U4, "FC1"),
        previous_permanence: None,
    };
    apply_all(&mut rec, &[start("2024-01-10")]);
    refused(&mut rec, start("2024-03-01"), "already looked after");
    apply_all(&mut rec, &[ChildEvent::CareEnded { date: d("2024-06-30"), reason: ReasonEpisodeCeased::E4A }]);
    refused(&mut rec, start("2024-06-01"), "would overlap");
    refused(&mut rec, start("2024-06-30"), "would overlap");
    apply_all(&mut rec, &[start("2024-07-01")]);
    assert_eq!(rec.care.len(), 2);
}

#[test]
fn changes_in_care_derive_the_reason_for_a_new_episode() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            ChildEvent::CareStarted {
                date: d("2024-01-10"),
                legal_status: LegalStatus::V2,
                need: CategoryOfNeed::N4,
                placement: placement(PlacementType::U6, "FC1"),
                previous_permanence: None,
            },
            ChildEvent::LegalStatusChanged { date: d("2024-02-01"), legal_status: LegalStatus::C1 },
            ChildEvent::PlacementChanged {
                date: d("2024-03-01"),
                placement: placement(PlacementType::U4, "FC1"),
                reason: ReasonPlaceChange::Carpl,
            },
            ChildEvent::PlacementChanged {
                date: d("2024-04-01"),
                placement: placement(PlacementType::K2, "H9"),
                reason: ReasonPlaceChange::Creqb,
            },
        ],
    );
    let reasons: Vec<_> = rec.care[0].changes.iter().map(|c| c.reason.code()).collect();
    assert_eq!(reasons, ["S", "L", "T", "P"]);
    refused(
        &mut rec,
        ChildEvent::LegalStatusChanged { date: d("2024-04-01"), legal_status: LegalStatus::C2 },
        "must come after the last change",
    );
    refused(
        &mut rec,
        ChildEvent::LegalStatusChanged { date: d("2024-05-01"), legal_status: LegalStatus::C1 },
        "already C1",
    );
    refused(
        &mut rec,
        ChildEvent::CareEnded { date: d("2024-05-01"), reason: ReasonEpisodeCeased::X1 },
        "X1 is derived",
    );
}

#[test]
fn care_events_cannot_precede_birth_but_pre_birth_referrals_can() {
    let mut rec = child();
    refused(
        &mut rec,
        ChildEvent::CareStarted {
            date: d("2015-05-01"),
            legal_status: LegalStatus::C2,
            need: CategoryOfNeed::N1,
            placement: placement(PlacementType::U4, "FC1"),
            previous_permanence: None,
        },
        "before the child's date of birth",
    );
    refused(&mut rec, ChildEvent::HealthAssessment { date: d("2015-01-01") }, "before the child's date of birth");
    apply_all(&mut rec, &[referral(1, "2015-04-01 12:00")]);
}

#[test]
fn one_open_referral_at_a_time_and_closure_needs_everything_finished() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            referral(1, "2025-01-06 09:00"),
            ChildEvent::ReferralDecided { referral: 1, at: t("2025-01-06 15:00"), next: ReferralNext::Assessment },
            ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2025-01-07") },
        ],
    );
    refused(&mut rec, referral(2, "2025-01-20 09:00"), "still open");
    refused(
        &mut rec,
        ChildEvent::CaseClosed { referral: 1, date: d("2025-02-01"), reason: ReasonForClosure::RC8 },
        "not yet authorised",
    );
    refused(
        &mut rec,
        ChildEvent::AssessmentStarted { referral: 1, assessment: 2, date: d("2025-01-08") },
        "still open",
    );
    refused(
        &mut rec,
        ChildEvent::AssessmentAuthorised {
            assessment: 1,
            date: d("2025-02-01"),
            completed: None,
            factors: vec![AssessmentFactor::F21, AssessmentFactor::F3B],
            outcome: AssessmentOutcome::NoFurtherAction,
        },
        "cannot be combined",
    );
    apply_all(
        &mut rec,
        &[
            ChildEvent::AssessmentAuthorised {
                assessment: 1,
                date: d("2025-02-01"),
                completed: Some(d("2025-01-30")),
                factors: vec![AssessmentFactor::F21],
                outcome: AssessmentOutcome::NoFurtherAction,
            },
            ChildEvent::CaseClosed { referral: 1, date: d("2025-02-03"), reason: ReasonForClosure::RC8 },
        ],
    );
    refused(&mut rec, referral(2, "2025-02-02 09:00"), "would overlap");
    // The day the episode closed is allowed (CIN rule 8820).
    apply_all(&mut rec, &[referral(2, "2025-02-03 09:00")]);
}

#[test]
fn nfa_referrals_take_no_activity() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            referral(1, "2025-01-06 09:00"),
            ChildEvent::ReferralDecided { referral: 1, at: t("2025-01-06 11:00"), next: ReferralNext::NoFurtherAction },
        ],
    );
    refused(
        &mut rec,
        ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2025-01-07") },
        "no further action",
    );
    assert!(rec.referrals[0].nfa());
}

#[test]
fn cin_and_cp_plans_do_not_run_together() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            referral(1, "2025-01-06 09:00"),
            ChildEvent::CinPlanStarted { referral: 1, plan: 1, date: d("2025-02-01") },
            ChildEvent::IcpcHeld { referral: 1, s47: None, date: d("2025-03-03"), plan: true },
        ],
    );
    refused(
        &mut rec,
        ChildEvent::CpPlanStarted {
            referral: 1,
            plan: 1,
            date: d("2025-03-03"),
            category: CategoryOfAbuse::Neglect,
            transfer_in: false,
            previous_plans: None,
        },
        "CIN plan 1 is still open",
    );
    apply_all(
        &mut rec,
        &[
            ChildEvent::CinPlanEnded { plan: 1, date: d("2025-03-03") },
            ChildEvent::CpPlanStarted {
                referral: 1,
                plan: 1,
                date: d("2025-03-03"),
                category: CategoryOfAbuse::Neglect,
                transfer_in: false,
                previous_plans: None,
            },
        ],
    );
    refused(
        &mut rec,
        ChildEvent::CinPlanStarted { referral: 1, plan: 2, date: d("2025-04-01") },
        "cannot run beside it",
    );
}

#[test]
fn corrections_replay_the_log() {
    let id = ChildId::new("C1").unwrap();
    let reg = ChildEvent::Registered {
        details: ChildDetails {
            forename: "A".into(),
            surname: "B".into(),
            dob: Some(d("2015-06-01")),
            ..Default::default()
        },
    };
    let log = vec![
        (1, reg),
        (2, ChildEvent::HealthAssessment { date: d("2025-01-01") }),
        (3, ChildEvent::DentalCheck { date: d("2025-01-02") }),
        (
            4,
            ChildEvent::Corrected {
                seq: 2,
                replacement: Box::new(ChildEvent::HealthAssessment { date: d("2025-01-05") }),
            },
        ),
        (5, ChildEvent::Retracted { seq: 3 }),
    ];
    let rec = ChildRecord::replay(&id, &log).unwrap();
    assert_eq!(rec.health_assessments, [d("2025-01-05")]);
    assert!(rec.dental_checks.is_empty());
    let mut bad = log.clone();
    bad.push((6, ChildEvent::Retracted { seq: 9 }));
    assert!(ChildRecord::replay(&id, &bad).unwrap_err().message.contains("not an earlier event"));
    let retract_reg = vec![log[0].clone(), (2, ChildEvent::Retracted { seq: 1 })];
    assert!(ChildRecord::replay(&id, &retract_reg).is_err());
}

#[test]
fn unregistered_child_is_refused() {
    let e =
        ChildRecord::register(ChildId::new("C9").unwrap(), &ChildEvent::Died { date: d("2025-01-01") }).unwrap_err();
    assert!(e.message.contains("not registered"));
}

#[test]
fn events_round_trip_through_json() {
    let e = ChildEvent::CareStarted {
        date: d("2024-01-10"),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: placement(PlacementType::U4, "FC1"),
        previous_permanence: None,
    };
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.starts_with(r#"{"type":"care_started","date":"2024-01-10","legal_status":"C2""#), "{json}");
    assert_eq!(serde_json::from_str::<ChildEvent>(&json).unwrap(), e);
    assert_eq!(e.effective_date(), Some(d("2024-01-10")));
}

#[test]
fn a_full_record_round_trips_through_json() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            ChildEvent::CareStarted {
                date: d("2024-01-10"),
                legal_status: LegalStatus::C2,
                need: CategoryOfNeed::N1,
                placement: placement(PlacementType::U4, "FC1"),
                previous_permanence: None,
            },
            ChildEvent::LacReviewHeld { date: d("2024-02-01"), participation: ReviewParticipation::PN1 },
            ChildEvent::PermanencePlanMade { date: d("2024-02-01"), plan: PermanencePlan::LongTermFostering },
            ChildEvent::Visited { date: d("2024-02-02"), seen: true, seen_alone: true },
        ],
    );
    let json = serde_json::to_string(&rec).unwrap();
    assert_eq!(serde_json::from_str::<ChildRecord>(&json).unwrap(), rec);
}
