use super::*;
use carefile_domain::Recorded;
use carefile_domain::fostering::examples::mainstream;
use carefile_domain::fostering::terms::{ReviewDecision, ReviewKind};
use carefile_domain::fostering::FosteringEvent;
use carefile_domain::panels::quorum::Quorum;
use carefile_domain::panels::{ActionSource, Attendee, Business, PanelEvent, PanelRole, Recommendation, SittingId};
use carefile_domain::stream::Stamp;
use chrono::TimeZone;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn carer(events: &[FosteringEvent]) -> CarerRecord {
    let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap(), "sw", None);
    let stamps = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e));
    CarerRecord::replay(&HouseholdId::new("H000001").unwrap(), stamps).unwrap().unwrap()
}

fn items_on(record: &CarerRecord, as_of: &str) -> Vec<TrayItem> {
    carer_items(record, &[], &cal(), &Config::default(), d(as_of))
}

#[test]
fn a_households_review_goes_from_its_worker_to_the_agency_decision_maker_and_escalates_when_overdue() {
    let (w, t) = (WorkerId::new("W1").unwrap(), TeamId::new("T1").unwrap());
    let mut events = vec![
        FosteringEvent::ExistingApproval { date: d("2024-01-08"), terms: mainstream() },
        FosteringEvent::WorkerAllocated { date: d("2024-01-08"), worker: w.clone(), team: t },
    ];
    let items = items_on(&carer(&events), "2025-03-03");
    let review = items.iter().find(|i| i.kind == Kind::Due && i.title.starts_with("Review of approval")).unwrap();
    assert_eq!(review.owner, Owner::Worker(w.clone()));
    assert_eq!(review.target, Target::Household { household: HouseholdId::new("H000001").unwrap(), stream: "fostering", form: "review_held" });
    let escalated: Vec<&TrayItem> = items.iter().filter(|i| i.kind == Kind::Escalation).collect();
    assert_eq!(escalated.len(), 1, "only the review escalates: {items:#?}");
    assert_eq!(escalated[0].owner, Owner::Role(SERVICE_MANAGER.into()));

    // Held without the panel: the decision is the agency decision maker's, and nothing escalates.
    events.push(FosteringEvent::ReviewHeld {
        review: 1,
        date: d("2025-03-03"),
        kind: ReviewKind::Annual,
        officer: WorkerId::new("RO1").unwrap(),
        recommendation: ReviewDecision::Continue,
        to_panel: false,
    });
    let items = items_on(&carer(&events), "2025-03-04");
    let decision = items.iter().find(|i| i.title.starts_with("Agency decision on the review")).unwrap();
    assert_eq!(decision.owner, Owner::Role(AGENCY_DECISION_MAKER.into()));
    assert!(!items.iter().any(|i| i.kind == Kind::Escalation));
    // Decided: off every tray.
    events.push(FosteringEvent::ReviewDecided { review: 1, date: d("2025-03-10"), decision: ReviewDecision::Continue, terms: None, panel: None, reasons: String::new() });
    assert!(!items_on(&carer(&events), "2025-03-11").iter().any(|i| i.title.contains("review 1")));
}

/// A sitting from `events`, each recorded by the named user.
fn fold(events: &[(String, PanelEvent)]) -> Result<Option<Sitting>, carefile_domain::stream::StreamError> {
    let recs: Vec<Recorded> =
        events.iter().map(|(by, _)| Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), by, None)).collect();
    let stamps =
        events.iter().zip(&recs).enumerate().map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e));
    Sitting::replay(&SittingId::new("S000001").unwrap(), stamps)
}

fn heard_sitting() -> Vec<(String, PanelEvent)> {
    let chair = Attendee { name: "Sue Tribe".into(), role: PanelRole::Chair, independent: true };
    let household = Some(HouseholdId::new("H000001").unwrap());
    vec![
        ("adviser".into(), PanelEvent::Scheduled { panel: carefile_domain::panels::Panel::Fostering, date: d("2026-03-03") }),
        ("adviser".into(), PanelEvent::CaseListed { case: 1, business: Business::FosteringApproval, household, child: None, about: Some(1) }),
        ("adviser".into(), PanelEvent::Held { attendees: vec![chair], quorum: Quorum { met: true, rule: "test".into(), shortfall: String::new() } }),
        (
            "chair".into(),
            PanelEvent::CaseHeard { case: 1, recommendation: Recommendation::Approve, reasons: "Heard".into(), quality: None, unanimous: None },
        ),
    ]
}

#[test]
fn a_case_heard_waits_on_the_agency_decision_makers_tray_seven_working_days() {
    let s = fold(&heard_sitting()).unwrap().unwrap();
    let items = sitting_items(&s, &cal(), &Config::default());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].owner, Owner::Role(AGENCY_DECISION_MAKER.into()));
    // Tuesday 3 March 2026 + 7 working days = Thursday 12 March.
    assert_eq!(items[0].due, Some(Moment::day(d("2026-03-12"))));
    assert_eq!(items[0].subject, Subject::Household(HouseholdId::new("H000001").unwrap()));
}

/// An action step, by one of three people.
#[derive(Debug, Clone)]
enum Op {
    Set(u32),
    Done(u32, usize),
    Verified(u32, usize),
    Reopened(u32, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..4).prop_map(Op::Set),
        (1u32..4, 0usize..3).prop_map(|(a, p)| Op::Done(a, p)),
        (1u32..4, 0usize..3).prop_map(|(a, p)| Op::Verified(a, p)),
        (1u32..4, 0usize..3).prop_map(|(a, p)| Op::Reopened(a, p)),
    ]
}

proptest! {
    /// Every panel action has an owner and a due date on some tray until it is verified, and is
    /// on no tray after.
    #[test]
    fn every_action_is_on_one_tray_with_a_due_date_until_verified(ops in proptest::collection::vec(op(), 1..30)) {
        const PEOPLE: [&str; 3] = ["sw", "adviser", "manager"];
        let mut events = heard_sitting();
        for (i, op) in ops.iter().enumerate() {
            let day = d("2026-03-04") + chrono::Days::new(i as u64);
            let (by, e) = match op {
                Op::Set(a) => ("adviser", PanelEvent::ActionSet {
                    action: *a, case: Some(1), from: ActionSource::Panel, what: format!("Action {a}"),
                    owner: WorkerId::new("W1").unwrap(), due: day + chrono::Days::new(28),
                }),
                Op::Done(a, p) => (PEOPLE[*p], PanelEvent::ActionDone { action: *a, date: day, note: "Done".into() }),
                Op::Verified(a, p) => (PEOPLE[*p], PanelEvent::ActionVerified { action: *a, date: day }),
                Op::Reopened(a, p) => (PEOPLE[*p], PanelEvent::ActionReopened { action: *a, date: day, reason: "Not done".into() }),
            };
            events.push((by.to_string(), e));
            if fold(&events).is_err() {
                events.pop();
            }
        }
        let s = fold(&events).unwrap().unwrap();
        let items = sitting_items(&s, &cal(), &Config::default());
        for a in &s.actions {
            let on: Vec<&TrayItem> = items.iter().filter(|i| matches!(&i.target, Target::Sitting { action: Some(n), .. } if *n == a.no)).collect();
            if matches!(a.status, ActionStatus::Verified { .. }) {
                prop_assert!(on.is_empty());
            } else {
                prop_assert_eq!(on.len(), 1);
                prop_assert_eq!(on[0].due, Some(Moment::day(a.due)));
                let owner_ok = match &a.status {
                    ActionStatus::Open => on[0].owner == Owner::Worker(a.owner.clone()),
                    _ => on[0].owner == Owner::Role(PANEL_ADVISER.into()),
                };
                prop_assert!(owner_ok, "{:?} on {:?}", a.status, on[0].owner);
            }
        }
    }
}
