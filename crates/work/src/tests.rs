//! A child's due items and requests on the right trays, and separation of duties.

use super::*;
use crate::authorisation::RequestStatus;
use carefile_domain::codes::ReferralSource;
use carefile_domain::journey::{ChildDetails, ContactOutcome};
use carefile_domain::stream::{Projection, Stamp, StreamError};
use carefile_domain::timescales::{Item, TimescaleConfig, deadlines};
use carefile_domain::{Calendar, ChildEvent, ChildId, ChildRecord, Recorded, TeamId, WorkerId};
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}
fn rec(by: &str, at: &str) -> Recorded {
    Recorded::new(Utc.from_utc_datetime(&t(at)), by, None)
}
fn child_id() -> ChildId {
    ChildId::new("C1").unwrap()
}
fn team() -> TeamId {
    TeamId::new("T1").unwrap()
}

/// A child's log: registered and a contact received by the front-door worker
/// `fd`, allocated to W1 in T1.
fn log() -> Vec<(u64, Recorded, ChildEvent)> {
    let details = ChildDetails {
        forename: "Ada".into(),
        surname: "Example".into(),
        dob: Some(d("2015-01-01")),
        ..Default::default()
    };
    vec![
        (1, rec("fd", "2026-03-30 09:00"), ChildEvent::Registered { details }),
        (
            2,
            rec("fd", "2026-03-30 09:05"),
            ChildEvent::ContactReceived { contact: 1, at: t("2026-03-30 09:00"), source: ReferralSource::Police },
        ),
        (
            3,
            rec("fd", "2026-03-30 09:06"),
            ChildEvent::WorkerAllocated {
                date: d("2026-03-30"),
                worker: WorkerId::new("W1").unwrap(),
                team: team(),
                reason: None,
            },
        ),
    ]
}

fn record(log: &[(u64, Recorded, ChildEvent)]) -> ChildRecord {
    let events: Vec<(u64, ChildEvent)> = log.iter().map(|(s, _, e)| (*s, e.clone())).collect();
    ChildRecord::replay(&child_id(), &events).unwrap()
}

fn decided(outcome: ContactOutcome) -> ChildEvent {
    ChildEvent::ContactDecided { contact: 1, at: t("2026-03-30 15:00"), outcome }
}

fn requests(events: &[(&str, AuthorisationEvent)]) -> Result<Option<Requests>, StreamError> {
    let recs: Vec<Recorded> = events.iter().map(|(by, _)| rec(by, "2026-03-30 16:00")).collect();
    Requests::replay(
        &child_id(),
        events
            .iter()
            .zip(&recs)
            .enumerate()
            .map(|(i, ((_, e), r))| (Stamp { seq: 10 + i as u64, version: i as u64 + 1, recorded: r }, e)),
    )
}

fn requested() -> AuthorisationEvent {
    AuthorisationEvent::Requested {
        no: 1,
        proposal: decided(ContactOutcome::Referral),
        note: "police report: refer".into(),
        team: Some(team()),
    }
}

#[test]
fn a_contact_decision_waits_on_the_team_queue_and_a_request_stands_in_for_it() {
    let as_of = d("2026-03-31");
    let record = record(&log());
    let dl = deadlines(&record, &Calendar::england_and_wales(), &TimescaleConfig::default(), as_of);
    let items = due::child_items(&record, &dl, None, as_of);
    let decision =
        items.iter().find(|i| i.target == Target::Meet { child: child_id(), item: Item::ContactDecision }).unwrap();
    assert_eq!(decision.owner, Owner::Team(team()), "a manager's item goes to the team's queue");

    let r = requests(&[("sw", requested())]).unwrap().unwrap();
    let items = due::child_items(&record, &dl, Some(&r), as_of);
    assert!(!items.iter().any(|i| i.target == Target::Meet { child: child_id(), item: Item::ContactDecision }));
    let req = items.iter().find(|i| i.kind == Kind::Authorisation).unwrap();
    assert_eq!(req.owner, Owner::Team(team()));
    assert_eq!(req.due, Some(decision.due.unwrap()), "the request is due when the decision is");

    // Returned: on the proposer's tray, and the statutory item back on the team's.
    let r = requests(&[
        ("sw", requested()),
        ("tm", AuthorisationEvent::Returned { no: 1, reason: "see the school first".into() }),
    ])
    .unwrap()
    .unwrap();
    let items = due::child_items(&record, &dl, Some(&r), as_of);
    assert!(items.iter().any(|i| i.kind == Kind::Returned && i.owner == Owner::User("sw".into())));
    assert!(items.iter().any(|i| i.target == Target::Meet { child: child_id(), item: Item::ContactDecision }));
}

#[test]
fn no_one_authorises_their_own_request() {
    let own = requests(&[("sw", requested()), ("sw", AuthorisationEvent::Authorised { no: 1, seq: 20 })]).unwrap_err();
    assert!(own.message.contains("separation of duties"), "{own}");
    let r =
        requests(&[("sw", requested()), ("tm", AuthorisationEvent::Authorised { no: 1, seq: 20 })]).unwrap().unwrap();
    assert!(matches!(&r.requests[0].status, RequestStatus::Authorised { by, seq: 20, .. } if by == "tm"));
    // Decided requests stay decided; only the proposer withdraws or resubmits.
    let twice = requests(&[
        ("sw", requested()),
        ("tm", AuthorisationEvent::Authorised { no: 1, seq: 20 }),
        ("tm2", AuthorisationEvent::Authorised { no: 1, seq: 21 }),
    ]);
    assert!(twice.unwrap_err().message.contains("not waiting"));
    let theirs =
        requests(&[("sw", requested()), ("tm", AuthorisationEvent::Withdrawn { no: 1, reason: "mine".into() })]);
    assert!(theirs.unwrap_err().message.contains("only sw"));
    let not_a_step = AuthorisationEvent::Requested {
        no: 1,
        proposal: ChildEvent::DentalCheck { date: d("2026-03-01") },
        note: String::new(),
        team: None,
    };
    assert!(requests(&[("sw", not_a_step)]).unwrap_err().message.contains("not a step"));
}

#[test]
fn separation_of_duties_follows_who_recorded_the_step() {
    let log = log();
    let decision = decided(ContactOutcome::NoFurtherAction);
    // fd recorded the contact: fd may not decide it, even as a manager.
    assert!(duties::may_authorise("fd", &decision, &log, None).unwrap_err().contains("you recorded"));
    assert!(duties::may_authorise("tm", &decision, &log, None).is_ok());
    assert!(duties::may_authorise("tm", &decision, &log, Some("tm")).unwrap_err().contains("you proposed"));
    // A correction of the contact by someone else makes them a recorder too.
    let mut corrected = log.clone();
    let fixed = ChildEvent::ContactReceived { contact: 1, at: t("2026-03-30 08:30"), source: ReferralSource::Police };
    corrected.push((4, rec("tm", "2026-03-30 10:00"), ChildEvent::Corrected { seq: 2, replacement: Box::new(fixed) }));
    assert!(duties::may_authorise("tm", &decision, &corrected, None).is_err());
    // Events that authorise nothing are anyone's to record.
    assert!(duties::may_authorise("fd", &ChildEvent::DentalCheck { date: d("2026-03-01") }, &log, None).is_ok());
}

#[test]
fn a_plans_sign_off_and_actions_land_on_the_right_trays() {
    use carefile_domain::plans::{Action, ActionOwner, Need, Outcome, Plan, PlanContent, PlanEvent, PlanId, PlanKind};
    let content = PlanContent {
        summary: "Neglect".into(),
        needs: vec![Need { no: 1, text: "Meals".into() }],
        outcomes: vec![Outcome { no: 1, need: 1, text: "Three meals a day".into() }],
        actions: vec![
            Action {
                no: 1,
                outcome: Some(1),
                what: "Visit weekly".into(),
                who: ActionOwner::Worker(WorkerId::new("W1").unwrap()),
                by: Some(d("2026-04-01")),
            },
            Action {
                no: 2,
                outcome: None,
                what: "Attend the course".into(),
                who: ActionOwner::Other("Mother".into()),
                by: None,
            },
        ],
        ..Default::default()
    };
    let fold = |events: &[(&str, PlanEvent)]| {
        let recs: Vec<Recorded> = events.iter().map(|(by, _)| rec(by, "2026-03-30 16:00")).collect();
        Plan::replay(
            &PlanId::new("PL000001").unwrap(),
            events
                .iter()
                .zip(&recs)
                .enumerate()
                .map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)),
        )
        .unwrap()
        .unwrap()
    };
    let drafted = PlanEvent::Drafted { child: child_id(), kind: PlanKind::ChildProtection, content };
    let submitted = fold(&[("sw", drafted.clone()), ("sw", PlanEvent::Submitted { team: Some(team()) })]);
    let items = plans::tray_items(&submitted);
    assert_eq!(items.len(), 1, "no actions before it is in force");
    assert_eq!((items[0].kind, &items[0].owner), (Kind::Authorisation, &Owner::Team(team())));
    let signed = fold(&[
        ("sw", drafted.clone()),
        ("sw", PlanEvent::Submitted { team: Some(team()) }),
        ("tm", PlanEvent::SignedOff),
    ]);
    let items = plans::tray_items(&signed);
    assert_eq!(items.len(), 1, "only staff's actions reach a tray");
    assert_eq!(items[0].owner, Owner::Worker(WorkerId::new("W1").unwrap()));
    assert_eq!(items[0].due, Some(carefile_domain::timescales::Moment::day(d("2026-04-01"))));
    let returned = fold(&[
        ("sw", drafted),
        ("sw", PlanEvent::Submitted { team: None }),
        ("tm", PlanEvent::Returned { reason: "add the school".into() }),
    ]);
    assert_eq!(plans::tray_items(&returned)[0].owner, Owner::User("sw".into()));
}

/// Every kind the domain declares as authorising a step is a step of the
/// queue, and no other: the two lists cannot drift apart.
#[test]
fn the_steps_are_the_declared_authorising_kinds() {
    use carefile_domain::form::Declared;
    let examples = carefile_domain::journey::examples::examples(&WorkerId::new("W1").unwrap(), &team());
    for e in &examples {
        let declared = e.event.declaration().is_some_and(|d| d.authorises.is_some());
        assert_eq!(Step::of(&e.event).is_some(), declared, "{}", e.event.kind());
    }
    assert_eq!(examples.iter().filter(|e| Step::of(&e.event).is_some()).count(), Step::ALL.len());
}

/// Whose trays the child's due `item` is on, on `as_of`, and when it is due.
fn on_tray(log: &[(u64, Recorded, ChildEvent)], as_of: NaiveDate, item: Item) -> Vec<(Owner, Option<NaiveDate>)> {
    let record = record(log);
    let dl = deadlines(&record, &Calendar::england_and_wales(), &TimescaleConfig::default(), as_of);
    due::child_items(&record, &dl, None, as_of)
        .into_iter()
        .filter(|i| i.target == Target::Meet { child: child_id(), item })
        .map(|i| (i.owner, i.due.map(|m| m.date)))
        .collect()
}

#[test]
fn a_request_for_social_care_advice_is_on_the_allocated_workers_tray_until_the_advice_is_given() {
    let mut log = log();
    let asked = ChildEvent::SendAdviceRequested { request: 1, date: d("2026-03-31") };
    log.push((4, rec("sw", "2026-03-31 10:00"), asked));
    let on_tray = |log: &[(u64, Recorded, ChildEvent)], as_of| on_tray(log, as_of, Item::SendAdvice);
    // Tue 31 Mar + 6 weeks = Tue 12 May; on W1's tray, not the team's queue.
    let worker = Owner::Worker(WorkerId::new("W1").unwrap());
    assert_eq!(on_tray(&log, d("2026-04-01")), [(worker.clone(), Some(d("2026-05-12")))]);
    assert_eq!(on_tray(&log, d("2026-05-13")), [(worker, Some(d("2026-05-12")))], "overdue, still there");
    log.push((5, rec("sw", "2026-05-11 10:00"), ChildEvent::SendAdviceGiven { request: 1, date: d("2026-05-11") }));
    assert!(on_tray(&log, d("2026-05-13")).is_empty());
}

#[test]
fn a_pep_is_on_the_virtual_school_officers_tray_else_their_queue_never_the_social_workers() {
    use carefile_domain::codes::{CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType};
    use carefile_domain::journey::Placement;
    let mut log = log();
    let placement = Placement {
        kind: PlacementType::U4,
        provider: Some(PlacementProvider::PR1),
        postcode: None,
        urn: None,
        carer: Some("F1".into()),
        household: None,
    };
    let care = ChildEvent::CareStarted {
        date: d("2026-03-31"),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement,
        previous_permanence: None,
    };
    log.push((4, rec("sw", "2026-03-31 10:00"), care));
    let on_tray = |log: &[(u64, Recorded, ChildEvent)], as_of| on_tray(log, as_of, Item::PepInitial);
    // Tue 31 Mar 2026 + 20 working days, Easter's Good Friday and Monday skipped: Thu 30 April.
    let queue = Owner::Role(due::VIRTUAL_SCHOOL_OFFICER.into());
    assert_eq!(on_tray(&log, d("2026-04-01")), [(queue, Some(d("2026-04-30")))]);
    let officer = WorkerId::new("VS1").unwrap();
    let assigned = ChildEvent::EducationOfficerAssigned { date: d("2026-04-02"), officer: officer.clone() };
    log.push((5, rec("vs", "2026-04-02 10:00"), assigned));
    assert_eq!(on_tray(&log, d("2026-04-02")), [(Owner::Worker(officer), Some(d("2026-04-30")))]);
}

#[test]
fn a_complaints_clock_is_on_the_officers_queue_until_handled_and_lessons_on_their_owners_trays() {
    use carefile_domain::complaints::*;
    use carefile_domain::timescales::{Moment, complaint_deadlines};
    let received = ComplaintEvent::Received {
        kind: ComplaintKind::Children,
        about: About::Child(child_id()),
        complainant: Complainant::Child,
        date: d("2026-03-02"),
        matter: Some(d("2025-01-10")),
        themes: vec![Theme::FamilyTime],
        summary: "My family time was cancelled three times.".into(),
        team: Some(team()),
        handler: None,
    };
    let fold = |events: &[ComplaintEvent]| {
        let r = rec("co", "2026-03-30 09:00");
        let id = ComplaintId::new("CM000001").unwrap();
        Complaint::replay(
            &id,
            events
                .iter()
                .enumerate()
                .map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e)),
        )
        .unwrap()
        .unwrap()
    };
    let items = |c: &Complaint| {
        let clocks =
            complaint_deadlines(c, &Calendar::england_and_wales(), &TimescaleConfig::default(), d("2026-03-10"));
        complaints::tray_items(c, &clocks)
    };
    let officers = Owner::Role(complaints::COMPLAINTS_OFFICER.into());
    let c = fold(std::slice::from_ref(&received));
    let open = items(&c);
    // Made 14 months after the matter: the officers decide whether to accept it; stage 1 is due Mon 16 Mar.
    assert_eq!(open.len(), 2);
    assert!(open.iter().all(|i| i.owner == officers && i.subject == Subject::Child(child_id())));
    assert_eq!(open.iter().find(|i| i.kind == Kind::Due).unwrap().due, Some(Moment::day(d("2026-03-16"))));

    let accepted = ComplaintEvent::LateAccepted { reason: "The child was abroad".into() };
    let answered = ComplaintEvent::Responded {
        date: d("2026-03-09"),
        finding: Finding::Upheld,
        summary: "Family time rebooked; apology".into(),
    };
    let lesson = ComplaintEvent::LessonAgreed {
        no: 1,
        what: "Cancel family time only with a manager's agreement".into(),
        owner: WorkerId::new("W9").unwrap(),
        by: Some(d("2026-04-30")),
    };
    let c = fold(&[received, accepted, answered, lesson]);
    let after: Vec<_> = items(&c).into_iter().map(|i| (i.owner, i.kind, i.due)).collect();
    assert_eq!(
        after,
        [(Owner::Worker(WorkerId::new("W9").unwrap()), Kind::Complaint, Some(Moment::day(d("2026-04-30"))))]
    );
}

/// Work waiting for anyone of a role reaches someone only if the shipped policy has the role.
#[test]
fn every_role_queue_is_a_role_of_the_shipped_policy() {
    use carefile_domain::access::{Policy, Role};
    let policy = Policy::default();
    for code in [
        households::AGENCY_DECISION_MAKER,
        households::SERVICE_MANAGER,
        households::PANEL_ADVISER,
        due::VIRTUAL_SCHOOL_OFFICER,
        complaints::COMPLAINTS_OFFICER,
    ] {
        assert!(Role::new(code).ok().is_some_and(|r| policy.role(&r).is_some()), "{code}");
    }
}
