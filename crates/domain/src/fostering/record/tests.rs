use super::*;
use crate::Recorded;
use crate::fostering::examples::{self, case, child, household, mainstream};
use chrono::TimeZone;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Folds `events`, recorded on 2026-03-31.
pub(crate) fn fold(events: &[FosteringEvent]) -> Result<Option<CarerRecord>, crate::stream::StreamError> {
    let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), "sw", None);
    CarerRecord::replay(
        &household(),
        events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e)),
    )
}

fn refused(events: &[FosteringEvent]) -> String {
    fold(events).unwrap_err().message
}

#[test]
fn every_example_applies_to_its_setup() {
    let (w, t) = (WorkerId::new("W1").unwrap(), TeamId::new("T1").unwrap());
    for x in examples::examples(&w, &t) {
        let mut events = x.setup.clone();
        events.push(x.event.clone());
        fold(&events).unwrap_or_else(|e| panic!("{}: {e}", x.event.kind()));
    }
}

/// The mainstream funnel: enquiry → initial visit → PTAD → stage 1 → stage 2 → approval.
fn funnel() -> Vec<FosteringEvent> {
    use FosteringEvent::*;
    vec![
        Enquired { application: 1, date: d("2025-04-01"), route: CarerType::Mainstream, channel: None, child: None },
        InitialVisit { application: 1, date: d("2025-04-15") },
        ProgressDecided { application: 1, date: d("2025-05-01"), progress: true },
        StageStarted { application: 1, stage: Stage::Stage1, date: d("2025-05-10") },
        StageCompleted { application: 1, stage: Stage::Stage1, date: d("2025-07-01") },
        StageStarted { application: 1, stage: Stage::Stage2, date: d("2025-07-02") },
        StageCompleted { application: 1, stage: Stage::Stage2, date: d("2025-11-30") },
        Approved { application: 1, date: d("2025-12-16"), terms: mainstream(), panel: case(), reasons: String::new() },
    ]
}

#[test]
fn the_funnel_runs_in_order_and_each_step_needs_the_one_before() {
    let r = fold(&funnel()).unwrap().unwrap();
    let a = &r.applications[0];
    assert_eq!(a.outcome, Some(Outcome::Approved { date: d("2025-12-16") }));
    assert_eq!(r.approval_on(d("2026-01-01")).unwrap().terms().children, 2);
    assert!(r.approval_on(d("2025-12-15")).is_none());
    assert_eq!(r.capacity_on(d("2026-01-01")), 2);

    let f = funnel();
    // Stage 1 without a decision to progress.
    assert!(refused(&[f[0].clone(), f[1].clone(), f[3].clone()]).contains("follows a decision to progress"));
    // A decision not to progress stops the application there.
    let no = FosteringEvent::ProgressDecided { application: 1, date: d("2025-05-01"), progress: false };
    assert!(refused(&[f[0].clone(), f[1].clone(), no, f[3].clone()]).contains("follows a decision to progress"));
    // Approval before the assessment is complete.
    let mut early = f[..6].to_vec();
    early.push(f[7].clone());
    assert!(refused(&early).contains("follows the completed assessment"));
    // An initial visit dated before the enquiry.
    let before = FosteringEvent::InitialVisit { application: 1, date: d("2025-03-01") };
    assert!(refused(&[f[0].clone(), before]).contains("before the enquiry"));
    // Nothing more once closed.
    let closed = FosteringEvent::ApplicationClosed { application: 1, date: d("2025-04-20"), reason: ClosureReason::Withdrew };
    assert!(refused(&[f[0].clone(), closed, f[1].clone()]).contains("was decided or closed"));
}

#[test]
fn the_usual_fostering_limit_needs_an_exemption() {
    use FosteringEvent::*;
    let four = Terms { children: 4, ..mainstream() };
    assert!(refused(&[ExistingApproval { date: d("2020-01-06"), terms: four.clone() }]).contains("usual fostering limit of 3"));
    let exempt = ExemptionGranted { exemption: 1, date: d("2019-12-01"), children: 4, reason: "Siblings".into(), until: None };
    let r = fold(&[WorkerAllocated { date: d("2019-11-01"), worker: WorkerId::new("W1").unwrap(), team: TeamId::new("T1").unwrap() }, exempt, ExistingApproval { date: d("2020-01-06"), terms: four }]).unwrap().unwrap();
    assert_eq!(r.capacity_on(d("2021-01-01")), 4);
}

#[test]
fn reviews_go_to_panel_first_and_are_decided_once() {
    use FosteringEvent::*;
    let mut f = funnel();
    let officer = WorkerId::new("W9").unwrap();
    let review = |to_panel, recommendation| ReviewHeld {
        review: 1,
        date: d("2026-03-01"),
        kind: ReviewKind::Annual,
        officer: officer.clone(),
        recommendation,
        to_panel,
    };
    let mut not_to_panel = f.clone();
    not_to_panel.push(review(false, ReviewDecision::Continue));
    assert!(refused(&not_to_panel).contains("first review after approval goes to the fostering panel"));

    f.push(review(true, ReviewDecision::Continue));
    let without_panel = ReviewDecided { review: 1, date: d("2026-03-10"), decision: ReviewDecision::Continue, terms: None, panel: None, reasons: String::new() };
    let mut g = f.clone();
    g.push(without_panel);
    assert!(refused(&g).contains("decide it on the panel's recommendation"));

    let change = ReviewDecided {
        review: 1,
        date: d("2026-03-20"),
        decision: ReviewDecision::ChangeTerms,
        terms: Some(Terms { children: 3, age_from: 5, ..mainstream() }),
        panel: Some(case()),
        reasons: "The household's circumstances have changed".into(),
    };
    f.push(change.clone());
    let r = fold(&f).unwrap().unwrap();
    assert_eq!(r.approval_on(d("2026-03-25")).unwrap().terms().children, 3);
    assert_eq!(r.approval_on(d("2026-03-19")).unwrap().terms_on(d("2026-03-19")).unwrap().children, 2);
    f.push(change);
    assert!(refused(&f).contains("already been decided"));
}

#[test]
fn an_approval_ends_by_resignation_or_by_the_decision_on_a_review() {
    use FosteringEvent::*;
    let mut f = funnel();
    let dereg = ApprovalEnded { date: d("2026-03-01"), reason: EndReason::Deregistered };
    let mut g = f.clone();
    g.push(dereg);
    assert!(refused(&g).contains("through a review's decision"));
    f.push(ReviewHeld {
        review: 1,
        date: d("2026-02-01"),
        kind: ReviewKind::FollowingConcerns,
        officer: WorkerId::new("W9").unwrap(),
        recommendation: ReviewDecision::Terminate,
        to_panel: true,
    });
    f.push(ReviewDecided { review: 1, date: d("2026-02-20"), decision: ReviewDecision::Terminate, terms: None, panel: Some(case()), reasons: String::new() });
    let r = fold(&f).unwrap().unwrap();
    assert_eq!(r.approvals[0].ended, Some((d("2026-02-20"), EndReason::Deregistered)));
    assert!(r.current_approval().is_none());
}

#[test]
fn temporary_approvals_last_sixteen_weeks_extendable_once_by_eight() {
    use FosteringEvent::*;
    let mut f = vec![
        Enquired { application: 1, date: d("2025-10-01"), route: CarerType::ConnectedPerson, channel: None, child: Some(child()) },
    ];
    let temp = TemporarilyApproved { temporary: 1, date: d("2025-10-10"), child: child(), regulation: TemporaryRegulation::Reg24, weeks: 16 };
    let mut g = f.clone();
    g.push(temp.clone());
    assert!(refused(&g).contains("follows a positive viability assessment"));
    f.push(ViabilityAssessed { application: 1, date: d("2025-10-08"), positive: true });
    f.push(temp);
    let r = fold(&f).unwrap().unwrap();
    assert_eq!(r.temporary[0].expires(), d("2026-01-30"));
    f.push(TemporaryApprovalExtended { temporary: 1, date: d("2026-01-20"), weeks: 8, panel: case(), reasons: String::new() });
    let r = fold(&f).unwrap().unwrap();
    assert_eq!(r.temporary[0].expires(), d("2026-03-27"));
    f.push(TemporaryApprovalExtended { temporary: 1, date: d("2026-02-20"), weeks: 1, panel: case(), reasons: String::new() });
    assert!(refused(&f).contains("extended once"));
}
