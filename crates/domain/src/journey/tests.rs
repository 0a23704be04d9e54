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
    let details = super::examples::child_details();
    ChildRecord::register(ChildId::new("C1").unwrap(), &ChildEvent::Registered { details }).unwrap()
}

fn placement(kind: PlacementType, carer: &str) -> Placement {
    Placement {
        kind,
        provider: Some(PlacementProvider::PR1),
        postcode: Some("LE1 1AA".into()),
        urn: None,
        carer: Some(carer.into()),
        household: None,
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
        (5, ChildEvent::Retracted { seq: 3, also: vec![] }),
    ];
    let rec = ChildRecord::replay(&id, &log).unwrap();
    assert_eq!(rec.health_assessments, [d("2025-01-05")]);
    assert!(rec.dental_checks.is_empty());
    let mut bad = log.clone();
    bad.push((6, ChildEvent::Retracted { seq: 9, also: vec![] }));
    assert!(ChildRecord::replay(&id, &bad).unwrap_err().message.contains("not an earlier entry"));
    let retract_reg = vec![log[0].clone(), (2, ChildEvent::Retracted { seq: 1, also: vec![] })];
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

fn strategy(no: u32, at: &str, s47: bool) -> ChildEvent {
    ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: no, at: t(at), s47 }
}

#[test]
fn a_strategy_discussion_follows_its_referral() {
    let mut rec = child();
    apply_all(&mut rec, &[referral(1, "2025-05-01 10:00")]);
    // Same day, earlier hour: before the referral was received.
    refused(&mut rec, strategy(1, "2025-05-01 09:30", true), "before referral 1 was received at 2025-05-01 10:00");
    refused(&mut rec, ChildEvent::StrategyDiscussionHeld { referral: 2, discussion: 1, at: t("2025-05-02 09:00"), s47: true }, "no referral 2");
    apply_all(&mut rec, &[strategy(1, "2025-05-01 10:00", true)]);
}

#[test]
fn an_s47_follows_a_strategy_discussion_that_decided_on_one() {
    let mut rec = child();
    apply_all(&mut rec, &[referral(1, "2025-05-01 10:00"), strategy(1, "2025-05-02 09:00", false)]);
    let s47 = |discussion, date: &str| ChildEvent::S47Started { referral: 1, s47: 1, date: d(date), discussion };
    refused(&mut rec, s47(None, "2025-05-02"), "an S47 enquiry follows a strategy discussion");
    refused(&mut rec, s47(Some(2), "2025-05-02"), "no strategy discussion 2");
    refused(&mut rec, s47(Some(1), "2025-05-02"), "strategy discussion 1 decided against a section 47 enquiry");
    apply_all(&mut rec, &[strategy(2, "2025-05-03 11:00", true)]);
    refused(&mut rec, s47(Some(2), "2025-05-02"), "before strategy discussion 2");
    apply_all(&mut rec, &[s47(Some(2), "2025-05-03")]);
}

#[test]
fn a_conference_follows_an_s47_or_is_a_transfer_in() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[
            referral(1, "2025-05-01 10:00"),
            strategy(1, "2025-05-02 09:00", true),
            ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-05-02"), discussion: Some(1) },
        ],
    );
    let icpc = |s47, date: &str| ChildEvent::IcpcHeld { referral: 1, s47, date: d(date), plan: true };
    refused(&mut rec, icpc(Some(2), "2025-05-20"), "no S47 enquiry 2");
    refused(&mut rec, icpc(Some(1), "2025-05-01"), "before the S47 started");
    // Without an enquiry it is a transfer-in conference, which needs none.
    apply_all(&mut rec, &[icpc(None, "2025-05-10"), icpc(Some(1), "2025-05-20")]);
    assert_eq!(rec.referrals[0].icpcs.len(), 2);
    let words = super::chronology::describe(&icpc(None, "2025-05-10"));
    assert_eq!(words, "Transfer-in conference held; child protection plan: yes");
}

#[test]
fn a_referral_follows_the_contact_it_came_from() {
    let mut rec = child();
    apply_all(
        &mut rec,
        &[ChildEvent::ContactReceived { contact: 1, at: t("2025-05-01 11:00"), source: ReferralSource::Police }],
    );
    let from_contact = |at: &str| ChildEvent::ReferralReceived {
        referral: 1,
        at: t(at),
        source: ReferralSource::Police,
        contact: Some(1),
        exploitation: vec![],
    };
    refused(&mut rec, from_contact("2025-05-01 10:00"), "before contact 1 was received");
    apply_all(&mut rec, &[from_contact("2025-05-01 11:30")]);
}

fn unborn() -> ChildRecord {
    let details = ChildDetails {
        forename: "Unborn".into(),
        surname: "Example".into(),
        expected_dob: Some(d("2025-09-01")),
        ..Default::default()
    };
    ChildRecord::register(ChildId::new("C2").unwrap(), &ChildEvent::Registered { details }).unwrap()
}

fn care_start(date: &str) -> ChildEvent {
    ChildEvent::CareStarted {
        date: d(date),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: placement(PlacementType::U4, "FC1"),
        previous_permanence: None,
    }
}

#[test]
fn an_unborn_child_takes_only_pre_birth_steps_until_born() {
    let mut rec = unborn();
    // Pre-birth protection: referral, discussion, S47, conference, plan, pre-proceedings, visits.
    apply_all(
        &mut rec,
        &[
            referral(1, "2025-05-01 10:00"),
            strategy(1, "2025-05-02 09:00", true),
            ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-05-02"), discussion: Some(1) },
            ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-05-20"), plan: true },
            ChildEvent::CpPlanStarted {
                referral: 1,
                plan: 1,
                date: d("2025-05-20"),
                category: CategoryOfAbuse::Neglect,
                transfer_in: false,
                previous_plans: None,
            },
            ChildEvent::PreProceedingsStarted { date: d("2025-06-01") },
            ChildEvent::Visited { date: d("2025-06-02"), seen: true, seen_alone: false },
        ],
    );
    refused(&mut rec, care_start("2025-07-01"), "the child is not born yet");
    refused(&mut rec, ChildEvent::CareProceedingsIssued { date: d("2025-07-01") }, "the child is not born yet");
    refused(&mut rec, ChildEvent::HealthAssessment { date: d("2025-07-01") }, "the child is not born yet");
    refused(
        &mut rec,
        ChildEvent::Visited { date: d("2025-07-01"), seen: true, seen_alone: true },
        "an unborn child cannot be seen alone",
    );
    let born = |date: &str| ChildEvent::Born {
        date: d(date),
        forename: Some("Nia".into()),
        surname: None,
        sex: Some(Sex::Female),
        babies: 1,
    };
    apply_all(&mut rec, &[born("2025-08-20")]);
    assert_eq!(rec.details.dob, Some(d("2025-08-20")));
    assert_eq!(rec.details.forename, "Nia");
    assert_eq!(rec.details.surname, "Example");
    assert_eq!(rec.details.expected_dob, Some(d("2025-09-01")), "the expected date stays on the record");
    refused(&mut rec, born("2025-08-21"), "already recorded");
    // Born: care follows; nothing but pre-birth steps may be dated before the birth.
    refused(&mut rec, care_start("2025-08-19"), "before the child's date of birth 2025-08-20");
    apply_all(&mut rec, &[care_start("2025-08-22")]);
}

#[test]
fn a_birth_date_cannot_fall_after_facts_that_need_a_born_child() {
    let mut rec = child();
    apply_all(&mut rec, &[care_start("2024-01-10")]);
    let mut later = rec.details.clone();
    later.dob = Some(d("2024-02-01"));
    refused(&mut rec, ChildEvent::DetailsAmended { details: later.clone() }, "would fall after events already recorded");
    later.dob = None;
    later.expected_dob = Some(d("2024-02-01"));
    refused(&mut rec, ChildEvent::DetailsAmended { details: later }, "keeps a date of birth");
}

#[test]
fn dates_before_1900_are_refused_everywhere() {
    let mut rec = child();
    refused(&mut rec, ChildEvent::DentalCheck { date: d("0000-03-01") }, "before 1900-01-01: check the year");
    refused(&mut rec, ChildEvent::PlacementPlanMade { date: d("2025-01-01"), placement: d("1899-12-31") }, "1899-12-31 is before 1900-01-01");
    let mut details = rec.details.clone();
    details.dob = Some(d("1066-10-14"));
    refused(&mut rec, ChildEvent::DetailsAmended { details: details.clone() }, "1066-10-14 is before 1900-01-01");
    assert!(ChildRecord::register(ChildId::new("C3").unwrap(), &ChildEvent::Registered { details }).is_err());
}

#[test]
fn nothing_is_dated_after_the_moment_it_is_recorded() {
    use chrono::TimeZone;
    let id = ChildId::new("C1").unwrap();
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
    let ok = |e: &ChildEvent| e.check_recorded_at(&id, at);
    assert!(ok(&ChildEvent::DentalCheck { date: d("2026-03-31") }).is_ok());
    let err = ok(&ChildEvent::DentalCheck { date: d("2026-04-01") }).unwrap_err();
    assert!(err.message.contains("2026-04-01 is after the moment it was recorded (2026-03-31 12:00 UTC)"), "{err}");
    // Local time is at most an hour ahead of UTC.
    let contact = |at: &str| ChildEvent::ContactReceived { contact: 1, at: t(at), source: ReferralSource::Police };
    assert!(ok(&contact("2026-03-31 12:59")).is_ok());
    assert!(ok(&contact("2026-03-31 13:30")).is_err());
    // A correction is judged by its replacement; an expected birth may lie ahead.
    let fix = ChildEvent::Corrected { seq: 2, replacement: Box::new(ChildEvent::DentalCheck { date: d("2027-01-01") }) };
    assert!(ok(&fix).is_err());
    let unborn = ChildDetails { expected_dob: Some(d("2026-08-01")), ..Default::default() };
    assert!(ok(&ChildEvent::Registered { details: unborn }).is_ok());
}

fn registered() -> (u64, ChildEvent) {
    (1, ChildEvent::Registered { details: child().details })
}

#[test]
fn a_correction_keeps_the_kind_and_the_numbers() {
    let id = ChildId::new("C1").unwrap();
    let contact = |no, at: &str| ChildEvent::ContactReceived { contact: no, at: t(at), source: ReferralSource::Police };
    let mut log = vec![registered(), (2, contact(1, "2025-05-01 10:00")), (3, contact(2, "2025-05-02 10:00"))];
    let fix = |seq, e: ChildEvent| ChildEvent::Corrected { seq, replacement: Box::new(e) };
    // Contact 2 stays contact 2.
    log.push((4, fix(3, contact(3, "2025-05-02 11:00"))));
    let err = ChildRecord::replay(&id, &log).unwrap_err();
    assert!(err.message.contains("keeps the entry's numbers (contact 2)"), "{err}");
    log[3] = (4, fix(3, ChildEvent::DentalCheck { date: d("2025-05-02") }));
    let err = ChildRecord::replay(&id, &log).unwrap_err();
    assert!(err.message.contains("keeps the entry's kind (contact_received)"), "{err}");
    log[3] = (4, fix(3, contact(2, "2025-05-02 11:00")));
    let rec = ChildRecord::replay(&id, &log).unwrap();
    assert_eq!(rec.contacts[1].at, t("2025-05-02 11:00"));
    // A withdrawn entry is neither corrected nor withdrawn again; a correction is not itself corrected.
    log.push((5, ChildEvent::Retracted { seq: 2, also: vec![] }));
    let mut again = log.clone();
    again.push((6, ChildEvent::Retracted { seq: 2, also: vec![] }));
    assert!(ChildRecord::replay(&id, &again).unwrap_err().message.contains("already withdrawn"));
    let mut fix_withdrawn = log.clone();
    fix_withdrawn.push((6, fix(2, contact(1, "2025-05-01 09:00"))));
    assert!(ChildRecord::replay(&id, &fix_withdrawn).unwrap_err().message.contains("was withdrawn"));
    let mut fix_fix = log.clone();
    fix_fix.push((6, fix(4, contact(2, "2025-05-02 11:00"))));
    assert!(ChildRecord::replay(&id, &fix_fix).unwrap_err().message.contains("not an earlier entry"));
}

#[test]
fn withdrawing_an_entry_others_depend_on_takes_them_with_it() {
    let id = ChildId::new("C1").unwrap();
    let log = vec![
        registered(),
        (2, referral(1, "2025-05-01 10:00")),
        (3, ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2025-05-02") }),
        (4, ChildEvent::DentalCheck { date: d("2025-05-03") }),
        (
            5,
            ChildEvent::AssessmentAuthorised {
                assessment: 1,
                date: d("2025-06-01"),
                completed: None,
                factors: vec![AssessmentFactor::F21],
                outcome: AssessmentOutcome::NoFurtherAction,
            },
        ),
    ];
    assert_eq!(ChildRecord::dependants(&id, &log, &[2]).unwrap(), [3, 5]);
    assert_eq!(ChildRecord::dependants(&id, &log, &[3]).unwrap(), [5]);
    assert!(ChildRecord::dependants(&id, &log, &[4]).unwrap().is_empty());
    let mut alone = log.clone();
    alone.push((6, ChildEvent::Retracted { seq: 2, also: vec![] }));
    assert!(ChildRecord::replay(&id, &alone).unwrap_err().message.contains("no referral 1"));
    let mut with = log.clone();
    with.push((6, ChildEvent::Retracted { seq: 2, also: vec![3, 5] }));
    let rec = ChildRecord::replay(&id, &with).unwrap();
    assert!(rec.referrals.is_empty());
    assert_eq!(rec.dental_checks, [d("2025-05-03")]);
    // The record as it stood before entry 5: the assessment still open.
    let before = ChildRecord::replay_before(&id, &log, 5).unwrap();
    assert_eq!(before.referrals[0].assessments[0].authorised, None);
}

#[test]
fn the_birth_and_support_to_25_need_what_the_law_says() {
    let mut rec = child();
    refused(&mut rec, ChildEvent::Born { date: d("2015-06-01"), forename: None, surname: None, sex: None, babies: 1 }, "already recorded");
    refused(&mut rec, ChildEvent::AdviserSupportRequested { date: d("2025-01-01") }, "never been looked after");
    apply_all(&mut rec, &[care_start("2024-01-10")]);
    refused(&mut rec, ChildEvent::AdviserSupportRequested { date: d("2025-01-01") }, "aged 18 to 24");
    apply_all(&mut rec, &[ChildEvent::AdviserSupportRequested { date: d("2033-07-01") }]);
    refused(&mut rec, ChildEvent::PlacementPlanMade { date: d("2024-01-12"), placement: d("2024-01-11") }, "no placement started on 2024-01-11");
    apply_all(&mut rec, &[ChildEvent::PlacementPlanMade { date: d("2024-01-12"), placement: d("2024-01-10") }]);
}

#[test]
fn entries_recorded_before_the_order_rules_stand_with_findings() {
    use super::order::rule;
    let id = ChildId::new("C1").unwrap();
    let (old, new) = (Order::Noted, Order::Enforced);
    let s47 = |discussion| ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-05-03"), discussion };
    let mut log = vec![
        (1, ChildEvent::Registered { details: child().details }, old),
        (2, referral(1, "2025-05-02 10:00"), old),
        (3, strategy(1, "2025-05-02 09:00", true), old),
        (4, s47(None), old),
        (5, ChildEvent::DentalCheck { date: d("2025-06-01") }, old),
    ];
    let (rec, findings) = ChildRecord::replay_noting(&id, &log).unwrap();
    assert_eq!(rec.referrals[0].discussions.len(), 1);
    assert_eq!(rec.referrals[0].s47s.len(), 1);
    let named: Vec<_> = findings.iter().map(|f| (f.seq, f.event, f.rule)).collect();
    assert_eq!(
        named,
        [(3, "strategy_discussion_held", rule::STRATEGY_AFTER_REFERRAL), (4, "s47_started", rule::S47_AFTER_STRATEGY)]
    );
    assert_eq!(
        findings[0].to_string(),
        "entry 3 (strategy_discussion_held): rule strategy-discussion-after-referral: the strategy discussion at \
         2025-05-02 09:00:00 is before referral 1 was received at 2025-05-02 10:00:00"
    );
    // The same entries recorded under the rules are refused, naming the first.
    let bound: Vec<(u64, ChildEvent)> = log.iter().map(|(s, e, _)| (*s, e.clone())).collect();
    let err = ChildRecord::replay(&id, &bound).unwrap_err();
    assert!(err.message.contains("before referral 1 was received"), "{err}");
    // Only the order rules are noted: what was always refused still is.
    let mut twice = log.clone();
    twice.push((6, ChildEvent::DentalCheck { date: d("1899-12-31") }, old));
    twice.push((7, referral(1, "2025-07-01 10:00"), old));
    let err = ChildRecord::replay_noting(&id, &twice).unwrap_err();
    assert!(err.message.contains("referral 1 already exists"), "{err}");
    // Put right by a correction recorded now, which the rules bind: a time still out of order is refused.
    let fix = |seq, e: ChildEvent| ChildEvent::Corrected { seq, replacement: Box::new(e) };
    log.push((6, fix(3, strategy(1, "2025-05-02 09:59", true)), new));
    let err = ChildRecord::replay_noting(&id, &log).unwrap_err();
    assert!(err.message.contains("before referral 1 was received"), "{err}");
    log[5] = (6, fix(3, strategy(1, "2025-05-02 11:00", true)), new);
    // The S47 names its discussion, a number a correction keeps: withdrawn and recorded again.
    log.push((7, ChildEvent::Retracted { seq: 4, also: vec![] }, new));
    log.push((8, s47(Some(1)), new));
    let (rec, findings) = ChildRecord::replay_noting(&id, &log).unwrap();
    assert_eq!(findings, []);
    assert_eq!(rec.referrals[0].s47s[0].discussion, Some(1));
    // A correction recorded before the rules that changed its entry's kind stands, with a finding.
    log.push((9, fix(5, ChildEvent::HealthAssessment { date: d("2025-06-01") }), old));
    let (rec, findings) = ChildRecord::replay_noting(&id, &log).unwrap();
    assert_eq!((rec.dental_checks.len(), rec.health_assessments.len()), (0, 1));
    assert_eq!(findings.iter().map(|f| (f.seq, f.rule)).collect::<Vec<_>>(), [(9, rule::CORRECTION_KEEPS_KIND)]);
}

#[test]
fn an_unborn_childs_steps_recorded_before_the_rules_stand_with_findings() {
    use super::order::rule;
    let mut rec = unborn();
    let seen_alone = ChildEvent::Visited { date: d("2025-05-01"), seen: true, seen_alone: true };
    let noted = rec.apply_noting(&seen_alone, Order::Noted).unwrap();
    assert_eq!(noted.iter().map(|(r, _)| *r).collect::<Vec<_>>(), [rule::UNBORN_SEEN_ALONE]);
    let noted = rec.apply_noting(&care_start("2025-05-02"), Order::Noted).unwrap();
    assert_eq!(noted.iter().map(|(r, _)| *r).collect::<Vec<_>>(), [rule::UNBORN_STEPS]);
    assert_eq!(rec.care.len(), 1);
    refused(&mut rec, care_start("2025-05-03"), "the child is not born yet");
}

#[test]
fn a_change_made_now_never_leaves_an_older_entry_breaking_a_rule_it_kept() {
    let id = ChildId::new("C1").unwrap();
    let old = Order::Noted;
    let log = vec![
        (1, ChildEvent::Registered { details: child().details }, old),
        (2, referral(1, "2025-05-02 10:00"), old),
        (3, strategy(1, "2025-05-02 10:30", true), old),
    ];
    // The referral's time corrected now to after the discussion's: the discussion would break the rule.
    let later = ChildEvent::Corrected { seq: 2, replacement: Box::new(referral(1, "2025-05-02 10:45")) };
    let err = ChildRecord::replay_changed(&id, &log, &[(4, later.clone())]).unwrap_err();
    assert!(err.message.contains("is before referral 1 was received at 2025-05-02 10:45"), "{err}");
    assert_eq!(err.event, "strategy_discussion_held");
    // The same correction recorded before the rules stands, with a finding.
    let (_, findings) = ChildRecord::replay_changed(&id, &log, &[(4, later, old)]).unwrap();
    assert_eq!(findings.iter().map(|f| f.seq).collect::<Vec<_>>(), [3]);
    let earlier = ChildEvent::Corrected { seq: 2, replacement: Box::new(referral(1, "2025-05-02 09:45")) };
    assert!(ChildRecord::replay_changed(&id, &log, &[(4, earlier)]).is_ok());
}
