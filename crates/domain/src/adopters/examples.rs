//! A valid example of every kind of [`AdopterEvent`], with what is recorded before it on the
//! household and, for an agency decision on the adoption panel's recommendation, the sitting
//! that heard the case. Submitted through every route by the web's tests; `setup` matches every
//! variant, so no kind is left without an example.

use super::record::AdopterEvent;
use super::{AdopterTerms, ApprovalEndReason, SupportKind, WithdrawalReason};
use crate::fostering::examples::{case, child};
use crate::fostering::terms::{EnquiryChannel, Stage};
use crate::ids::{TeamId, WorkerId};
use crate::panels::{Business, Panel, PanelEvent, Recommendation};
use chrono::NaiveDate;

/// One kind's example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Recorded on the household first.
    pub setup: Vec<AdopterEvent>,
    /// The sitting the event's decision refers to (empty when it needs none).
    pub sitting: Vec<PanelEvent>,
    pub event: AdopterEvent,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("an example date")
}

fn terms() -> AdopterTerms {
    AdopterTerms { children: 2, age_from: 0, age_to: 4, early_permanence: false }
}

/// An application from enquiry to the start of stage 2.
fn in_stage2() -> Vec<AdopterEvent> {
    use AdopterEvent::*;
    let a = 1;
    vec![
        Enquired { application: a, date: d("2025-04-01"), channel: Some(EnquiryChannel::Website) },
        InitialVisit { application: a, date: d("2025-04-15") },
        InterestRegistered { application: a, date: d("2025-05-01") },
        StageStarted { application: a, stage: Stage::Stage1, date: d("2025-05-02"), fast_track: false },
        StageCompleted { application: a, stage: Stage::Stage1, date: d("2025-07-01") },
        StageStarted { application: a, stage: Stage::Stage2, date: d("2025-07-02"), fast_track: false },
    ]
}

fn upto(events: Vec<AdopterEvent>, n: usize) -> Vec<AdopterEvent> {
    events.into_iter().take(n).collect()
}

fn not_suitable() -> Vec<AdopterEvent> {
    let mut e = in_stage2();
    e.push(AdopterEvent::NotSuitable { application: 1, date: d("2025-12-16"), panel: case(), reasons: String::new() });
    e
}

fn approved() -> Vec<AdopterEvent> {
    vec![AdopterEvent::ExistingApproval { date: d("2024-04-01"), terms: terms() }]
}

/// What is recorded before `e`, and the sitting it names.
fn setup(e: &AdopterEvent) -> (Vec<AdopterEvent>, Vec<PanelEvent>) {
    use AdopterEvent::*;
    // The adoption panel's sitting: the fostering example's, held by the adoption panel.
    let heard = |r| {
        let mut s = crate::fostering::examples::sitting(Business::AdopterApproval, 1, r, None);
        if let Some(PanelEvent::Scheduled { panel, .. }) = s.first_mut() {
            *panel = Panel::Adoption;
        }
        s
    };
    match e {
        Enquired { .. } | ExistingApproval { .. } | WorkerAllocated { .. } => (vec![], vec![]),
        InitialVisit { .. } => (upto(in_stage2(), 1), vec![]),
        InterestRegistered { .. } => (upto(in_stage2(), 2), vec![]),
        StageStarted { .. } => (upto(in_stage2(), 3), vec![]),
        StageCompleted { .. } | Withdrew { .. } => (upto(in_stage2(), 4), vec![]),
        BreakStarted { .. } => (upto(in_stage2(), 5), vec![]),
        BreakEnded { .. } => {
            let mut s = upto(in_stage2(), 5);
            s.push(BreakStarted { application: 1, date: d("2025-07-05"), reason: "A house move".into() });
            (s, vec![])
        }
        Approved { .. } => (in_stage2(), heard(Recommendation::Approve)),
        NotSuitable { .. } => (in_stage2(), heard(Recommendation::DoNotApprove)),
        IrmRequested { .. } => (not_suitable(), vec![]),
        IrmConcluded { .. } => {
            let mut s = not_suitable();
            s.push(IrmRequested { application: 1, date: d("2026-01-10") });
            (s, vec![])
        }
        ApprovalReviewed { .. } | ApprovalEnded { .. } | SupportGiven { .. } => (approved(), vec![]),
    }
}

/// Every kind's example.
pub fn examples(worker: &WorkerId, team: &TeamId) -> Vec<Example> {
    use AdopterEvent::*;
    let events = vec![
        Enquired { application: 1, date: d("2026-01-05"), channel: Some(EnquiryChannel::BookAChat) },
        InitialVisit { application: 1, date: d("2025-04-20") },
        InterestRegistered { application: 1, date: d("2025-05-01") },
        StageStarted { application: 1, stage: Stage::Stage1, date: d("2025-05-10"), fast_track: false },
        StageCompleted { application: 1, stage: Stage::Stage1, date: d("2025-07-01") },
        BreakStarted { application: 1, date: d("2025-07-10"), reason: "A house move".into() },
        BreakEnded { application: 1, date: d("2025-09-01") },
        Withdrew { application: 1, date: d("2025-06-01"), reason: WithdrawalReason::NotReady },
        Approved { application: 1, date: d("2025-12-16"), terms: terms(), panel: case(), reasons: "Well prepared, with strong support around them".into() },
        NotSuitable { application: 1, date: d("2025-12-16"), panel: case(), reasons: "Unresolved loss the assessment found would affect a child".into() },
        IrmRequested { application: 1, date: d("2026-01-10") },
        IrmConcluded { application: 1, date: d("2026-03-01"), suitable: true },
        ApprovalReviewed { date: d("2025-04-01"), continue_approval: true },
        ApprovalEnded { date: d("2026-03-01"), reason: ApprovalEndReason::Adopted },
        ExistingApproval { date: d("2019-04-01"), terms: terms() },
        WorkerAllocated { date: d("2026-01-05"), worker: worker.clone(), team: team.clone() },
        SupportGiven { date: d("2026-02-01"), kind: SupportKind::Therapy, child: Some(child()) },
    ];
    events
        .into_iter()
        .map(|event| {
            let (setup, sitting) = setup(&event);
            Example { setup, sitting, event }
        })
        .collect()
}
