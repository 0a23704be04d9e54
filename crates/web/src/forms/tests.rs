//! Every form: a known-answer valid submission, each required field missing,
//! each field sent a bad value, and invariant refusals landing beside their field.

use super::*;
use carefile_domain::ChildId;
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}
fn w(s: &str) -> WorkerId {
    WorkerId::new(s).unwrap()
}

const TODAY: &str = "2026-03-31";

fn record(setup: &[ChildEvent]) -> ChildRecord {
    let details = ChildDetails {
        forename: "Ada".into(),
        surname: "Example".into(),
        dob: Some(d("2015-06-01")),
        ..Default::default()
    };
    let mut rec = ChildRecord::register(ChildId::new("C1").unwrap(), &ChildEvent::Registered { details }).unwrap();
    for e in setup {
        rec.apply(e).unwrap_or_else(|err| panic!("setup {e:?}: {err}"));
    }
    rec
}

fn workers() -> Vec<(WorkerId, TeamId, String)> {
    vec![(w("W1"), TeamId::new("T1").unwrap(), "Sam Worker".into())]
}

fn with_ctx<R>(rec: &ChildRecord, f: impl FnOnce(&Context) -> R) -> R {
    let ws = workers();
    let user = w("W2");
    f(&Context { today: d(TODAY), record: rec, user: Some(&user), workers: &ws })
}

fn sent(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

// The setup events the cases build on.
fn contact() -> ChildEvent {
    ChildEvent::ContactReceived { contact: 1, at: t("2026-01-05T09:00"), source: ReferralSource::Police }
}
fn referral() -> ChildEvent {
    ChildEvent::ReferralReceived {
        referral: 1,
        at: t("2026-01-06T10:00"),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    }
}
fn assessment() -> ChildEvent {
    ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2026-01-07") }
}
fn discussion() -> ChildEvent {
    ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2026-01-08T11:00"), s47: true }
}
fn s47() -> ChildEvent {
    ChildEvent::S47Started { referral: 1, s47: 1, date: d("2026-01-08"), discussion: Some(1) }
}
fn icpc() -> ChildEvent {
    ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2026-01-20"), plan: true }
}
fn cp_plan() -> ChildEvent {
    ChildEvent::CpPlanStarted {
        referral: 1,
        plan: 1,
        date: d("2026-01-20"),
        category: CategoryOfAbuse::Neglect,
        transfer_in: false,
        previous_plans: None,
    }
}
fn cin_plan() -> ChildEvent {
    ChildEvent::CinPlanStarted { referral: 1, plan: 1, date: d("2026-01-10") }
}
fn u1() -> Placement {
    Placement {
        kind: PlacementType::U1,
        provider: Some(PlacementProvider::PR1),
        postcode: Some("LE1 1AA".into()),
        urn: None,
        carer: None,
        household: None,
    }
}
fn care() -> ChildEvent {
    ChildEvent::CareStarted {
        date: d("2026-02-01"),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: u1(),
        previous_permanence: None,
    }
}
fn missing() -> ChildEvent {
    ChildEvent::MissingStarted { episode: 1, at: t("2026-02-10T20:00"), kind: MissingType::Missing }
}
fn missing_end() -> ChildEvent {
    ChildEvent::MissingEnded { episode: 1, at: t("2026-02-11T08:00") }
}

struct Case {
    kind: FormKind,
    setup: Vec<ChildEvent>,
    sent: Vec<(String, String)>,
    expected: ChildEvent,
}

fn case(kind: FormKind, setup: Vec<ChildEvent>, pairs: &[(&str, &str)], expected: ChildEvent) -> Case {
    Case { kind, setup, sent: sent(pairs), expected }
}

/// One valid submission per form with the event it must read as.
fn cases() -> Vec<Case> {
    use ChildEvent::*;
    use FormKind as K;
    let crisis = || vec![referral(), discussion(), s47()];
    vec![
        case(K::Contact, vec![], &[("at", "2026-01-05T09:00"), ("source", "6")], contact()),
        case(
            K::ContactDecision,
            vec![contact()],
            &[("contact", "1"), ("at", "2026-01-05T12:30"), ("outcome", "referral")],
            ContactDecided { contact: 1, at: t("2026-01-05T12:30"), outcome: ContactOutcome::Referral },
        ),
        case(
            K::Referral,
            vec![contact()],
            &[("at", "2026-01-06T10:00"), ("source", "2A"), ("contact", "1"), ("exploitation", "cse")],
            ReferralReceived {
                referral: 1,
                at: t("2026-01-06T10:00"),
                source: ReferralSource::SchoolsEducation,
                contact: Some(1),
                exploitation: vec![Exploitation::Cse],
            },
        ),
        case(
            K::ReferralDecision,
            vec![referral()],
            &[("referral", "1"), ("at", "2026-01-06T15:00"), ("next", "assessment")],
            ReferralDecided { referral: 1, at: t("2026-01-06T15:00"), next: ReferralNext::Assessment },
        ),
        case(K::AssessmentStart, vec![referral()], &[("referral", "1"), ("date", "2026-01-07")], assessment()),
        case(
            K::AssessmentAuthorise,
            vec![referral(), assessment()],
            &[
                ("assessment", "1"),
                ("date", "2026-02-20"),
                ("completed", "2026-02-18"),
                ("factors", "1B"),
                ("factors", "2B"),
                ("outcome", "child_in_need_plan"),
            ],
            AssessmentAuthorised {
                assessment: 1,
                date: d("2026-02-20"),
                completed: Some(d("2026-02-18")),
                factors: vec![AssessmentFactor::F1B, AssessmentFactor::F2B],
                outcome: AssessmentOutcome::ChildInNeedPlan,
            },
        ),
        case(
            K::StrategyDiscussion,
            vec![referral()],
            &[("referral", "1"), ("at", "2026-01-08T11:00"), ("s47", "on")],
            discussion(),
        ),
        case(
            K::S47Start,
            vec![referral(), discussion()],
            &[("referral", "1"), ("date", "2026-01-08"), ("discussion", "1")],
            s47(),
        ),
        case(
            K::S47Conclude,
            crisis(),
            &[("s47", "1"), ("date", "2026-01-15"), ("icpc_required", "on")],
            S47Concluded { s47: 1, date: d("2026-01-15"), icpc_required: true },
        ),
        case(K::Icpc, crisis(), &[("referral", "1"), ("s47", "1"), ("date", "2026-01-20"), ("plan", "on")], icpc()),
        case(
            K::CpPlanStart,
            [crisis(), vec![icpc()]].concat(),
            &[("referral", "1"), ("date", "2026-01-20"), ("category", "NEG")],
            cp_plan(),
        ),
        case(
            K::CpReview,
            [crisis(), vec![icpc(), cp_plan()]].concat(),
            &[("plan", "1"), ("date", "2026-03-20")],
            CpReviewHeld { plan: 1, date: d("2026-03-20") },
        ),
        case(
            K::CpPlanEnd,
            [crisis(), vec![icpc(), cp_plan()]].concat(),
            &[("plan", "1"), ("date", "2026-03-25")],
            CpPlanEnded { plan: 1, date: d("2026-03-25") },
        ),
        case(K::CinPlanStart, vec![referral()], &[("referral", "1"), ("date", "2026-01-10")], cin_plan()),
        case(
            K::CinPlanEnd,
            vec![referral(), cin_plan()],
            &[("plan", "1"), ("date", "2026-03-01")],
            CinPlanEnded { plan: 1, date: d("2026-03-01") },
        ),
        case(
            K::Visit,
            vec![],
            &[("date", "2026-03-02"), ("seen", "on")],
            Visited { date: d("2026-03-02"), seen: true, seen_alone: false },
        ),
        case(
            K::CareStart,
            vec![],
            &[
                ("date", "2026-02-01"),
                ("legal_status", "C2"),
                ("need", "N1"),
                ("placement", "U1"),
                ("provider", "PR1"),
                ("postcode", " LE1 1AA "),
            ],
            care(),
        ),
        case(
            K::PlacementChange,
            vec![care()],
            &[("date", "2026-03-01"), ("placement", "U1"), ("carer", "FC12"), ("reason", "CARPL")],
            PlacementChanged {
                date: d("2026-03-01"),
                placement: Placement { carer: Some("FC12".into()), provider: None, postcode: None, ..u1() },
                reason: ReasonPlaceChange::Carpl,
            },
        ),
        case(
            K::LegalStatusChange,
            vec![care()],
            &[("date", "2026-03-01"), ("legal_status", "C1")],
            LegalStatusChanged { date: d("2026-03-01"), legal_status: LegalStatus::C1 },
        ),
        case(
            K::CareEnd,
            vec![care()],
            &[("date", "2026-03-10"), ("reason", "E3")],
            CareEnded { date: d("2026-03-10"), reason: ReasonEpisodeCeased::E3 },
        ),
        case(
            K::LacReview,
            vec![care()],
            &[("date", "2026-02-15"), ("participation", "PN1")],
            LacReviewHeld { date: d("2026-02-15"), participation: ReviewParticipation::PN1 },
        ),
        case(K::MissingStart, vec![], &[("at", "2026-02-10T20:00"), ("kind", "M")], missing()),
        case(K::MissingEnd, vec![missing()], &[("episode", "1"), ("at", "2026-02-11T08:00")], missing_end()),
        case(
            K::ReturnInterview,
            vec![missing(), missing_end()],
            &[("episode", "1"), ("offered_at", "2026-02-11T15:00"), ("accepted", "on")],
            ReturnInterview { episode: 1, offered_at: t("2026-02-11T15:00"), accepted: true },
        ),
        case(
            K::Closure,
            vec![referral()],
            &[("referral", "1"), ("date", "2026-01-20"), ("reason", "RC5")],
            CaseClosed { referral: 1, date: d("2026-01-20"), reason: ReasonForClosure::RC5 },
        ),
        case(
            K::Allocation,
            vec![],
            &[("date", "2026-01-06"), ("worker", "W1")],
            WorkerAllocated { date: d("2026-01-06"), worker: w("W1"), team: TeamId::new("T1").unwrap(), reason: None },
        ),
        case(
            K::Oversight,
            vec![],
            &[("date", "2026-01-07"), ("note", "Plan agreed; visit weekly.")],
            ManagementOversight { date: d("2026-01-07"), by: w("W2"), note: "Plan agreed; visit weekly.".into() },
        ),
    ]
}

#[test]
fn every_form_has_a_known_answer_case() {
    let covered: Vec<FormKind> = cases().iter().map(|c| c.kind).collect();
    for k in FormKind::ALL {
        assert!(covered.contains(k), "no case for {k:?}");
        assert_eq!(FormKind::from_slug(k.slug()), Some(*k));
    }
}

#[test]
fn valid_submissions_read_as_the_expected_event() {
    for c in cases() {
        assert_eq!(FormKind::of_event(&c.expected), Some(c.kind), "the form that corrects {:?}", c.expected);
        let rec = record(&c.setup);
        let got = with_ctx(&rec, |ctx| submit(c.kind, ctx, &c.sent));
        match got {
            Ok(a) => {
                assert_eq!(a.event, c.expected, "{:?}", c.kind);
                assert_eq!(a.reason, None);
            }
            Err(r) => panic!("{:?} refused: {:?}", c.kind, r.errors),
        }
    }
}

#[test]
fn each_missing_required_field_is_named() {
    for c in cases() {
        let rec = record(&c.setup);
        let blank = with_ctx(&rec, |ctx| fields(c.kind, ctx));
        for f in blank.iter().filter(|f| f.required) {
            let without: Vec<_> = c.sent.iter().filter(|(n, _)| n != f.name).cloned().collect();
            let r = with_ctx(&rec, |ctx| submit(c.kind, ctx, &without)).expect_err("accepted without a required field");
            let msgs: Vec<_> = r.errors.for_field(f.name).collect();
            assert_eq!(msgs, [format!("{} is required", f.label)], "{:?}.{}", c.kind, f.name);
            assert!(r.errors.form.is_empty());
        }
    }
}

#[test]
fn each_bad_value_is_refused_beside_its_field() {
    for c in cases() {
        let rec = record(&c.setup);
        let blank = with_ctx(&rec, |ctx| fields(c.kind, ctx));
        for f in blank.iter().filter(|f| !matches!(f.input, Input::Text { .. })) {
            let mut bad: Vec<_> = c.sent.iter().filter(|(n, _)| n != f.name).cloned().collect();
            bad.push((f.name.to_string(), "31/02/26x".into()));
            let r = with_ctx(&rec, |ctx| submit(c.kind, ctx, &bad)).expect_err("accepted a bad value");
            let msgs: Vec<_> = r.errors.for_field(f.name).collect();
            assert_eq!(msgs.len(), 1, "{:?}.{}: {:?}", c.kind, f.name, r.errors);
            assert!(msgs[0].contains("'31/02/26x'"), "{:?}.{}: {}", c.kind, f.name, msgs[0]);
            assert_eq!(r.errors.fields.len(), 1, "only the bad field: {:?}", r.errors);
            // The refused form keeps what was sent, so it can be drawn again.
            let drawn = r.fields.iter().find(|x| x.name == f.name).unwrap();
            assert_eq!(drawn.sent, ["31/02/26x"]);
        }
    }
}

#[test]
fn every_field_of_a_case_is_known_to_its_form() {
    // Guards against a case sending a field the form does not read (it would be silently ignored).
    for c in cases() {
        let rec = record(&c.setup);
        let names: Vec<_> = with_ctx(&rec, |ctx| fields(c.kind, ctx)).iter().map(|f| f.name).collect();
        for (n, _) in &c.sent {
            assert!(names.contains(&n.as_str()), "{:?} does not read {n}", c.kind);
        }
    }
}

#[test]
fn dates_after_today_are_refused() {
    let rec = record(&[]);
    let r = with_ctx(&rec, |ctx| submit(FormKind::Visit, ctx, &sent(&[("date", "2026-04-01"), ("seen", "on")])))
        .unwrap_err();
    assert_eq!(
        r.errors.for_field("date").next(),
        Some("2026-04-01 is after today (2026-03-31): record what has happened")
    );
}

#[test]
fn a_choice_outside_the_list_names_the_list() {
    let rec = record(&[]);
    let r = with_ctx(&rec, |ctx| {
        submit(
            FormKind::CareStart,
            ctx,
            &sent(&[("date", "2026-02-01"), ("legal_status", "X9"), ("need", "N1"), ("placement", "U1")]),
        )
    })
    .unwrap_err();
    let msg = r.errors.for_field("legal_status").next().unwrap();
    assert!(msg.starts_with("'X9' is not a legal status: expected one of C1, C2"), "{msg}");
}

#[test]
fn an_item_not_in_the_record_is_refused() {
    let rec = record(&[referral()]);
    let r = with_ctx(&rec, |ctx| {
        submit(FormKind::AssessmentStart, ctx, &sent(&[("referral", "7"), ("date", "2026-01-07")]))
    })
    .unwrap_err();
    assert_eq!(r.errors.for_field("referral").next(), Some("'7' is not one of the child's referrals here: expected 1"));
    let empty = record(&[]);
    let r = with_ctx(&empty, |ctx| submit(FormKind::CpReview, ctx, &sent(&[("plan", "1"), ("date", "2026-01-07")])))
        .unwrap_err();
    assert_eq!(r.errors.for_field("plan").next(), Some("the child's record has no CP plan to choose here"));
}

/// Submissions that read well but break the record: (form, setup, sent, field blamed or None for the form, words of the message).
#[test]
fn invariant_refusals_show_beside_the_field_they_concern() {
    use FormKind as K;
    let crisis = vec![referral(), discussion(), s47()];
    type Row<'a> = (FormKind, Vec<ChildEvent>, Vec<(&'a str, &'a str)>, Option<&'a str>, &'a str);
    let table: Vec<Row> = vec![
        (
            K::ContactDecision,
            vec![contact()],
            vec![("contact", "1"), ("at", "2026-01-04T09:00"), ("outcome", "referral")],
            Some("at"),
            "is before the contact",
        ),
        (
            K::AssessmentStart,
            vec![referral()],
            vec![("referral", "1"), ("date", "2026-01-01")],
            Some("date"),
            "is before referral 1 was received",
        ),
        (
            K::S47Conclude,
            crisis.clone(),
            vec![("s47", "1"), ("date", "2026-01-02")],
            Some("date"),
            "before the enquiry started",
        ),
        (
            K::CpPlanStart,
            vec![referral()],
            vec![("referral", "1"), ("date", "2026-01-20"), ("category", "NEG")],
            Some("date"),
            "needs an initial child protection conference",
        ),
        (
            K::CpReview,
            [crisis.clone(), vec![icpc(), cp_plan()]].concat(),
            vec![("plan", "1"), ("date", "2026-01-20")],
            Some("date"),
            "must come after the plan started",
        ),
        (
            K::LegalStatusChange,
            vec![care()],
            vec![("date", "2026-03-01"), ("legal_status", "C2")],
            Some("legal_status"),
            "the legal status is already C2",
        ),
        (
            K::MissingEnd,
            vec![missing()],
            vec![("episode", "1"), ("at", "2026-02-09T08:00")],
            Some("at"),
            "before it started",
        ),
        (
            K::Referral,
            vec![referral()],
            vec![("at", "2026-02-01T10:00"), ("source", "6")],
            None,
            "referral 1 (received 2026-01-06) is still open",
        ),
        (K::Visit, vec![], vec![("date", "2026-03-02"), ("seen_alone", "on")], None, "a child seen alone was seen"),
        (
            K::Closure,
            vec![referral(), assessment()],
            vec![("referral", "1"), ("date", "2026-01-20"), ("reason", "RC5")],
            None,
            "assessment 1 is not yet authorised",
        ),
        (
            K::CareStart,
            vec![care()],
            vec![("date", "2026-03-01"), ("legal_status", "C2"), ("need", "N1"), ("placement", "U1")],
            None,
            "already looked after",
        ),
    ];
    for (kind, setup, pairs, field, words) in table {
        let rec = record(&setup);
        let r = with_ctx(&rec, |ctx| submit(kind, ctx, &sent(&pairs))).expect_err("should be refused");
        match field {
            Some(f) => {
                let msg = r.errors.for_field(f).next().unwrap_or_else(|| panic!("{kind:?}: {:?}", r.errors));
                assert!(msg.contains(words), "{kind:?}: {msg}");
                assert!(r.errors.form.is_empty());
            }
            None => {
                assert!(r.errors.fields.is_empty(), "{kind:?}: {:?}", r.errors);
                assert!(r.errors.form[0].contains(words), "{kind:?}: {:?}", r.errors.form);
            }
        }
    }
}

#[test]
fn a_correction_needs_a_reason_and_wraps_the_event() {
    let rec = record(&[]);
    let visit = [("date", "2026-03-02"), ("seen", "on"), ("corrects", "12")];
    let r = with_ctx(&rec, |ctx| submit(FormKind::Visit, ctx, &sent(&visit))).unwrap_err();
    assert_eq!(r.errors.for_field("reason").next(), Some("Why this corrects the earlier entry is required"));
    let mut with_reason = sent(&visit);
    with_reason.push(("reason".into(), "wrong date entered".into()));
    let a = with_ctx(&rec, |ctx| submit(FormKind::Visit, ctx, &with_reason)).unwrap();
    assert_eq!(a.reason.as_deref(), Some("wrong date entered"));
    let ChildEvent::Corrected { seq: 12, replacement } = a.event else { panic!("{:?}", a.event) };
    assert_eq!(*replacement, ChildEvent::Visited { date: d("2026-03-02"), seen: true, seen_alone: false });
    let bad = sent(&[("date", "2026-03-02"), ("corrects", "twelve"), ("reason", "x")]);
    let r = with_ctx(&rec, |ctx| submit(FormKind::Visit, ctx, &bad)).unwrap_err();
    assert_eq!(r.errors.for_field("corrects").next(), Some("'twelve' is not an event number"));
}

#[test]
fn a_correction_form_adds_the_reason() {
    let rec = record(&[]);
    let names: Vec<_> =
        with_ctx(&rec, |ctx| correction_fields(FormKind::Visit, ctx, 12)).iter().map(|f| f.name).collect();
    assert_eq!(names, ["date", "seen", "seen_alone", "reason"]);
    assert_eq!(FormKind::of_event(&ChildEvent::Retracted { seq: 3, also: vec![] }), None);
}

#[test]
fn oversight_needs_a_member_of_staff() {
    let rec = record(&[]);
    let ws = workers();
    let ctx = Context { today: d(TODAY), record: &rec, user: None, workers: &ws };
    let r = submit(FormKind::Oversight, &ctx, &sent(&[("date", "2026-01-07"), ("note", "ok")])).unwrap_err();
    assert!(r.errors.for_field("note").next().unwrap().contains("member of staff"));
}

#[test]
fn new_items_take_the_next_free_number() {
    let rec = record(&[referral(), assessment()]);
    let a = with_ctx(&rec, |ctx| {
        submit(FormKind::StrategyDiscussion, ctx, &sent(&[("referral", "1"), ("at", "2026-01-08T11:00")]))
    })
    .unwrap();
    assert!(matches!(a.event, ChildEvent::StrategyDiscussionHeld { discussion: 1, s47: false, .. }));
    let rec = record(&[referral(), discussion()]);
    let a = with_ctx(&rec, |ctx| {
        submit(FormKind::StrategyDiscussion, ctx, &sent(&[("referral", "1"), ("at", "2026-01-09T11:00")]))
    })
    .unwrap();
    assert!(matches!(a.event, ChildEvent::StrategyDiscussionHeld { discussion: 2, .. }), "{:?}", a.event);
}

#[test]
fn blame_matches_whole_words_only() {
    assert_eq!(find_word("the legal status is already C21", "C2"), None);
    assert_eq!(find_word("already C2.", "C2"), Some(8));
    assert_eq!(find_word("no referral 17", "referral 1"), None);
}

proptest! {
    /// Whatever is sent, every form answers with an event or errors, never a panic,
    /// and an accepted event is one the record takes.
    #[test]
    fn any_submission_is_answered(kind in 0..FormKind::ALL.len(), pairs in proptest::collection::vec(
        (prop_oneof![Just("at"), Just("date"), Just("referral"), Just("source"), Just("plan"), Just("seen"), Just("legal_status"), Just("corrects"), Just("reason"), Just("factors"), Just("worker")],
         "[0-9A-Za-z:T/ -]{0,20}"), 0..8)) {
        let rec = record(&[referral(), assessment(), care()]);
        let sent: Vec<_> = pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let kind = FormKind::ALL[kind];
        match with_ctx(&rec, |ctx| submit(kind, ctx, &sent)) {
            Ok(a) if a.reason.is_none() => prop_assert!(rec.clone().apply(&a.event).is_ok()),
            Ok(a) => {
                let corrected = matches!(a.event, ChildEvent::Corrected { .. });
                prop_assert!(corrected);
            }
            Err(r) => prop_assert!(!r.errors.is_empty()),
        }
    }
}
