use super::*;
use crate::fostering::examples::{case, mainstream};
use crate::fostering::record::FosteringEvent;
use crate::fostering::record::tests::fold;
use crate::ids::{TeamId, WorkerId};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn items(events: &[FosteringEvent], as_of: &str) -> Vec<Due> {
    let r = fold(events).unwrap().unwrap();
    due(&r, &[], &cal(), &Config::default(), d(as_of))
}

fn of(items: &[Due], item: Item) -> Vec<(NaiveDate, Option<NaiveDate>, Status)> {
    items.iter().filter(|x| x.item == item).map(|x| (x.due, x.met, x.status)).collect()
}

fn approved(on: &str) -> Vec<FosteringEvent> {
    use FosteringEvent::*;
    use crate::fostering::terms::*;
    let a = 1;
    vec![
        Enquired { application: a, date: d("2024-06-03"), route: CarerType::Mainstream, channel: None, child: None },
        InitialVisit { application: a, date: d("2024-06-10") },
        ProgressDecided { application: a, date: d("2024-06-17"), progress: true },
        StageStarted { application: a, stage: Stage::Stage1, date: d("2024-07-01") },
        StageCompleted { application: a, stage: Stage::Stage1, date: d("2024-09-02") },
        StageStarted { application: a, stage: Stage::Stage2, date: d("2024-09-02") },
        StageCompleted { application: a, stage: Stage::Stage2, date: d("2025-02-03") },
        Approved { application: a, date: d(on), terms: mainstream(), panel: case(), reasons: String::new() },
    ]
}

#[test]
fn the_first_review_is_due_a_year_after_approval_moved_back_from_good_friday() {
    // Approved on Thursday 3 April 2025: a year later is Good Friday 2026, so due on Thursday 2 April.
    let events = approved("2025-04-03");
    let got = items(&events, "2026-03-31");
    let reviews: Vec<&Due> = got.iter().filter(|x| x.item == Item::Review).collect();
    assert_eq!(reviews.len(), 1);
    assert_eq!((reviews[0].due, reviews[0].status), (d("2026-04-02"), Status::Due));
    assert_eq!(reviews[0].what, "first review, goes to the fostering panel");
    // The assessment (stage 1 on 2024-07-01, eight months) was decided late.
    assert_eq!(of(&got, Item::Assessment), [(d("2025-02-28"), Some(d("2025-04-03")), Status::MetLate)]);
    let r = fold(&events).unwrap().unwrap();
    assert_eq!(next_review(&r, &cal(), &Config::default()).unwrap(), NextReview { due: d("2026-04-02"), first: true, to_panel: true });
}

#[test]
fn a_review_held_for_the_panel_is_listed_within_twenty_working_days_across_easter() {
    use crate::fostering::terms::*;
    let mut events = approved("2025-04-03");
    events.push(FosteringEvent::ReviewHeld {
        review: 1,
        date: d("2026-03-31"),
        kind: ReviewKind::Annual,
        officer: WorkerId::new("W1").unwrap(),
        recommendation: ReviewDecision::Continue,
        to_panel: true,
    });
    let got = items(&events, "2026-03-31");
    // Twenty working days after Tuesday 31 March 2026, Good Friday and Easter Monday left out.
    assert_eq!(of(&got, Item::ListReview), [(d("2026-04-30"), None, Status::Due)]);
    let step = got.iter().find(|x| x.item == Item::ListReview).unwrap().step;
    assert_eq!(step, Step::Team);
    // The next review counts from this one.
    assert_eq!(of(&got, Item::Review).last().unwrap().0, d("2027-03-31"));
}

#[test]
fn expired_checks_block_the_review_and_a_later_review_goes_to_panel_on_the_cycle() {
    use crate::fostering::terms::*;
    use FosteringEvent::*;
    let mut events = vec![
        ExistingApproval { date: d("2019-05-01"), terms: mainstream() },
        CheckCompleted { kind: CheckKind::Dbs, who: "Jo Carer".into(), date: d("2022-06-01") },
        CheckCompleted { kind: CheckKind::Medical, who: "Jo Carer".into(), date: d("2025-01-10") },
    ];
    for (no, held) in [(1, "2020-04-20"), (2, "2021-04-20"), (3, "2022-04-20"), (4, "2023-04-20"), (5, "2024-04-20")] {
        events.push(ReviewHeld {
            review: no,
            date: d(held),
            kind: ReviewKind::Annual,
            officer: WorkerId::new("W1").unwrap(),
            recommendation: ReviewDecision::Continue,
            to_panel: no == 1,
        });
        events.push(ReviewDecided { review: no, date: d(held), decision: ReviewDecision::Continue, terms: None, panel: (no == 1).then(case), reasons: String::new() });
    }
    let got = items(&events, "2026-03-31");
    let next = got.iter().filter(|x| x.item == Item::Review).last().unwrap();
    // Held last on 2024-04-20: a year on is Sunday 20 April 2025, back past Easter Monday and
    // Good Friday to Thursday 17 April. The first review went to the panel; this is the fifth since.
    assert_eq!((next.due, next.status), (d("2025-04-17"), Status::Overdue));
    assert_eq!(next.what, "goes to the fostering panel (every 5 reviews)");
    assert_eq!(next.blockers, ["DBS of Jo Carer lapses 2025-05-30"], "the DBS lapsed; the medical is good until 2027");
    assert!(next.title().contains("(blocked: DBS of Jo Carer lapses 2025-05-30)"));
    assert_eq!(of(&got, Item::Dbs), [(d("2025-05-30"), None, Status::Overdue)]);
}

#[test]
fn a_temporary_approval_is_due_by_the_day_it_lapses() {
    use crate::fostering::terms::*;
    use FosteringEvent::*;
    let child = crate::ChildId::new("C1").unwrap();
    let events = vec![
        Enquired { application: 1, date: d("2025-12-01"), route: CarerType::ConnectedPerson, channel: None, child: Some(child.clone()) },
        ViabilityAssessed { application: 1, date: d("2025-12-05"), positive: true },
        TemporarilyApproved { temporary: 1, date: d("2025-12-08"), child, regulation: TemporaryRegulation::Reg24, weeks: 16 },
    ];
    // Sixteen weeks from Monday 8 December 2025: Monday 30 March 2026.
    assert_eq!(of(&items(&events, "2026-03-31"), Item::TemporaryApproval), [(d("2026-03-30"), None, Status::Overdue)]);
}

/// One step in a household's life, applied when the record takes it.
#[derive(Debug, Clone)]
enum Op {
    Existing,
    Review { to_panel: bool, terminate: bool },
    Decide,
    Resign,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Existing),
        (any::<bool>(), any::<bool>()).prop_map(|(to_panel, terminate)| Op::Review { to_panel, terminate }),
        Just(Op::Decide),
        Just(Op::Resign),
    ]
}

proptest! {
    /// Whatever happens to a household, while an approval is in force it has a next review due
    /// (and the due list shows it), and without one it has none.
    #[test]
    fn an_approved_household_always_has_its_next_review_due(ops in proptest::collection::vec((op(), 1u32..400), 1..25)) {
        use crate::fostering::terms::*;
        let cfg = Config::default();
        let mut events: Vec<FosteringEvent> = Vec::new();
        let mut day = d("2015-01-05");
        let mut next_review = 1;
        for (op, gap) in ops {
            day += chrono::Duration::days(i64::from(gap));
            if day > d("2026-03-31") {
                break;
            }
            let held = |e: &Vec<FosteringEvent>| {
                fold(e).ok().flatten()?.reviews.iter().rev().find(|r| r.decided.is_none()).map(|r| (r.no, r.to_panel, r.recommendation))
            };
            let event = match op {
                Op::Existing => FosteringEvent::ExistingApproval { date: day, terms: mainstream() },
                Op::Review { to_panel, terminate } => {
                    next_review += 1;
                    FosteringEvent::ReviewHeld {
                        review: next_review,
                        date: day,
                        kind: ReviewKind::Annual,
                        officer: WorkerId::new("W1").unwrap(),
                        recommendation: if terminate { ReviewDecision::Terminate } else { ReviewDecision::Continue },
                        to_panel: to_panel || terminate,
                    }
                }
                Op::Decide => match held(&events) {
                    Some((review, to_panel, decision)) => FosteringEvent::ReviewDecided {
                        review,
                        date: day,
                        decision,
                        terms: None,
                        panel: to_panel.then(case),
                        reasons: String::new(),
                    },
                    _ => continue,
                },
                Op::Resign => FosteringEvent::ApprovalEnded { date: day, reason: EndReason::Resigned },
            };
            let mut tried = events.clone();
            tried.push(event);
            let Ok(Some(r)) = fold(&tried) else { continue };
            events = tried;
            let next = super::next_review(&r, &cal(), &cfg);
            prop_assert_eq!(next.is_some(), r.current_approval().is_some());
            let listed = due(&r, &[], &cal(), &cfg, day);
            let open = listed.iter().filter(|x| x.item == Item::Review && x.met.is_none()).last();
            prop_assert_eq!(open.map(|x| x.due), next.map(|n| n.due));
        }
    }
}

#[test]
fn worker_and_team_of_a_record() {
    let mut events = approved("2025-04-03");
    events.push(FosteringEvent::WorkerAllocated { date: d("2025-04-03"), worker: WorkerId::new("W7").unwrap(), team: TeamId::new("TAC").unwrap() });
    let r = fold(&events).unwrap().unwrap();
    assert_eq!(r.worker_on(d("2026-01-01")).map(|(w, _)| w.as_str()), Some("W7"));
}
