//! A valid example of every kind of [`FosteringEvent`], with what is recorded before it on the
//! household (`H000001`) and, for an agency decision on a panel's recommendation, the sitting
//! (`S000001`) that heard the case. Shown in the API's documentation and submitted through every
//! route by the tests; `setup` matches every variant, so no kind is left without an example.

use super::record::FosteringEvent;
use super::terms::*;
use crate::ChildId;
use crate::ids::{TeamId, WorkerId};
use crate::panels::{Attendee, Business, CaseRef, Panel, PanelEvent, PanelRole, Quorum, Recommendation, SittingId};
use crate::people::HouseholdId;
use chrono::NaiveDate;

/// One kind's example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Recorded on the household first.
    pub setup: Vec<FosteringEvent>,
    /// The sitting the event's decision refers to (empty when it needs none).
    pub sitting: Vec<PanelEvent>,
    pub event: FosteringEvent,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("an example date")
}

pub fn household() -> HouseholdId {
    HouseholdId::new("H000001").expect("a household ID")
}

pub fn child() -> ChildId {
    ChildId::new("C0000001").expect("a child ID")
}

pub fn case() -> CaseRef {
    CaseRef { sitting: SittingId::new("S000001").expect("a sitting ID"), case: 1 }
}

pub fn mainstream() -> Terms {
    Terms { carer_type: CarerType::Mainstream, age_from: 0, age_to: 18, children: 2, named_child: None }
}

/// A sitting of the fostering panel on 2025-12-10, quorate, that heard `business` about the
/// household (item `about`) and recommended `recommendation`.
pub fn sitting(business: Business, about: u32, recommendation: Recommendation, child: Option<ChildId>) -> Vec<PanelEvent> {
    let member = |name: &str, role, independent| Attendee { name: name.into(), role, independent };
    vec![
        PanelEvent::Scheduled { panel: Panel::Fostering, date: d("2025-12-10") },
        PanelEvent::CaseListed { case: 1, business, household: Some(household()), child, about: Some(about) },
        PanelEvent::Held {
            attendees: vec![
                member("Sue Tribe", PanelRole::Chair, true),
                member("Thure Johansen", PanelRole::ViceChair, true),
                member("A Social Worker", PanelRole::SocialWorker, false),
                member("A Member", PanelRole::Member, true),
                member("Another Member", PanelRole::Member, false),
            ],
            quorum: Quorum { met: true, rule: "5 members (example)".into(), shortfall: String::new() },
        },
        PanelEvent::CaseHeard { case: 1, recommendation, reasons: "As the report sets out".into(), quality: None, unanimous: Some(true) },
    ]
}

/// An application from enquiry to the end of stage 2 (mainstream).
fn assessed() -> Vec<FosteringEvent> {
    use FosteringEvent::*;
    let a = 1;
    vec![
        Enquired { application: a, date: d("2025-04-01"), route: CarerType::Mainstream, channel: Some(EnquiryChannel::Website), child: None },
        InitialVisit { application: a, date: d("2025-04-15") },
        ProgressDecided { application: a, date: d("2025-05-01"), progress: true },
        StageStarted { application: a, stage: Stage::Stage1, date: d("2025-05-10") },
        StageCompleted { application: a, stage: Stage::Stage1, date: d("2025-07-01") },
        StageStarted { application: a, stage: Stage::Stage2, date: d("2025-07-02") },
        StageCompleted { application: a, stage: Stage::Stage2, date: d("2025-11-30") },
    ]
}

fn enquired() -> Vec<FosteringEvent> {
    assessed()[..1].to_vec()
}

fn connected() -> Vec<FosteringEvent> {
    use FosteringEvent::*;
    vec![
        Enquired { application: 1, date: d("2025-10-01"), route: CarerType::ConnectedPerson, channel: None, child: Some(child()) },
        ViabilityAssessed { application: 1, date: d("2025-10-08"), positive: true },
    ]
}

fn approved() -> Vec<FosteringEvent> {
    vec![FosteringEvent::ExistingApproval { date: d("2020-01-06"), terms: mainstream() }]
}

fn reviewed(to_panel: bool) -> Vec<FosteringEvent> {
    let mut v = approved();
    v.push(FosteringEvent::ReviewHeld {
        review: 1,
        date: d("2025-12-01"),
        kind: ReviewKind::Annual,
        officer: WorkerId::new("W000001").expect("a worker ID"),
        recommendation: ReviewDecision::Continue,
        to_panel,
    });
    v
}

/// What `e` needs recorded before it, and the sitting its decision refers to.
fn setup(e: &FosteringEvent) -> (Vec<FosteringEvent>, Vec<PanelEvent>) {
    use FosteringEvent::*;
    let none = |v| (v, vec![]);
    match e {
        Enquired { .. } | ExistingApproval { .. } | TransferredIn { .. } | WorkerAllocated { .. } => none(vec![]),
        ArrangementStarted { .. } | TrainingCompleted { .. } | CheckCompleted { .. } | AllegationMade { .. } => none(approved()),
        InitialVisit { .. } | ApplicationClosed { .. } => none(enquired()),
        ViabilityAssessed { .. } => none(connected()[..1].to_vec()),
        ProgressDecided { .. } => none(assessed()[..2].to_vec()),
        StageStarted { .. } => none(assessed()[..3].to_vec()),
        StageCompleted { .. } => none(assessed()[..4].to_vec()),
        Approved { .. } => (assessed(), sitting(Business::FosteringApproval, 1, Recommendation::Approve, None)),
        NotApproved { .. } => (assessed(), sitting(Business::FosteringApproval, 1, Recommendation::DoNotApprove, None)),
        IrmRequested { .. } => {
            let mut v = assessed();
            v.push(NotApproved { application: 1, date: d("2025-12-15"), panel: case(), reasons: String::new() });
            none(v)
        }
        IrmConcluded { .. } => {
            let mut v = assessed();
            v.push(NotApproved { application: 1, date: d("2025-12-15"), panel: case(), reasons: String::new() });
            v.push(IrmRequested { application: 1, date: d("2026-01-10") });
            none(v)
        }
        ExemptionGranted { .. } | PlacementsPaused { .. } | SupervisionVisit { .. } | TsdCompleted { .. } => none(approved()),
        ApprovalEnded { .. } | AgencyUrnRecorded { .. } => none(approved()),
        ExemptionEnded { .. } => {
            let mut v = approved();
            v.push(ExemptionGranted { exemption: 1, date: d("2025-06-01"), children: 4, reason: "A sibling group of four".into(), until: None });
            none(v)
        }
        TemporarilyApproved { .. } => none(connected()),
        TemporaryApprovalExtended { .. } | TemporaryApprovalEnded { .. } => {
            let mut v = connected();
            v.push(TemporarilyApproved { temporary: 1, date: d("2026-01-05"), child: child(), regulation: TemporaryRegulation::Reg24, weeks: 16 });
            let sitting = if matches!(e, TemporaryApprovalExtended { .. }) {
                sitting(Business::TemporaryApprovalExtension, 1, Recommendation::Extend, Some(child()))
            } else {
                vec![]
            };
            (v, sitting)
        }
        PlacementsResumed { .. } => {
            let mut v = approved();
            v.push(PlacementsPaused { date: d("2025-09-01"), reason: "A family bereavement".into() });
            none(v)
        }
        AllegationConcluded { .. } => {
            let mut v = approved();
            v.push(AllegationMade { allegation: 1, date: d("2026-01-10"), kind: AllegationKind::StandardsOfCare, child: None });
            none(v)
        }
        ReviewHeld { .. } => none(approved()),
        ReviewDecided { panel, .. } => match panel {
            Some(_) => (reviewed(true), sitting(Business::FosteringReview, 1, Recommendation::ContinueApproval, None)),
            None => none(reviewed(false)),
        },
        ArrangementReviewed { .. } | ArrangementEnded { .. } => {
            let mut v = approved();
            v.push(ArrangementStarted { arrangement: 1, kind: ArrangementKind::SupportedLodgings, date: d("2025-06-01"), places: 2, young_person: None });
            none(v)
        }
    }
}

/// One example of every kind. `worker` of `team` is the member of staff
/// the examples allocate and whose reviews they record.
pub fn examples(worker: &WorkerId, team: &TeamId) -> Vec<Example> {
    use FosteringEvent::*;
    let events = vec![
        Enquired { application: 1, date: d("2026-01-05"), route: CarerType::Mainstream, channel: Some(EnquiryChannel::BookAChat), child: None },
        InitialVisit { application: 1, date: d("2025-04-20") },
        ViabilityAssessed { application: 1, date: d("2025-10-08"), positive: true },
        ProgressDecided { application: 1, date: d("2025-05-02"), progress: true },
        StageStarted { application: 1, stage: Stage::Stage1, date: d("2025-05-10") },
        StageCompleted { application: 1, stage: Stage::Stage1, date: d("2025-07-01") },
        ApplicationClosed { application: 1, date: d("2025-05-01"), reason: ClosureReason::Withdrew },
        Approved { application: 1, date: d("2025-12-16"), terms: mainstream(), panel: case(), reasons: "The assessment shows the capacity to care safely; I agree with the panel".into() },
        NotApproved { application: 1, date: d("2025-12-16"), panel: case(), reasons: "Safer-care concerns the assessment could not resolve".into() },
        IrmRequested { application: 1, date: d("2026-01-10") },
        IrmConcluded { application: 1, date: d("2026-03-01"), suitable: false },
        TemporarilyApproved { temporary: 1, date: d("2025-10-10"), child: child(), regulation: TemporaryRegulation::Reg24, weeks: 16 },
        TemporaryApprovalExtended { temporary: 1, date: d("2026-01-20"), weeks: 8, panel: case(), reasons: "The full assessment needs eight more weeks".into() },
        TemporaryApprovalEnded { temporary: 1, date: d("2026-03-01") },
        ExistingApproval { date: d("2019-04-01"), terms: mainstream() },
        TransferredIn { date: d("2025-09-01"), terms: mainstream(), from: "An independent fostering agency".into() },
        ExemptionGranted { exemption: 1, date: d("2026-01-05"), children: 4, reason: "A sibling group of four".into(), until: None },
        ExemptionEnded { exemption: 1, date: d("2026-03-01") },
        PlacementsPaused { date: d("2026-01-05"), reason: "A family bereavement".into() },
        PlacementsResumed { date: d("2026-03-01") },
        ApprovalEnded { date: d("2026-03-01"), reason: EndReason::Retired },
        WorkerAllocated { date: d("2026-01-05"), worker: worker.clone(), team: team.clone() },
        SupervisionVisit { date: d("2026-03-02"), unannounced: true },
        TrainingCompleted { date: d("2026-02-10"), course: "Therapeutic parenting".into(), hours: 6 },
        TsdCompleted { date: d("2026-02-20") },
        CheckCompleted { kind: CheckKind::Dbs, who: "Jo Carer".into(), date: d("2026-01-20") },
        AllegationMade { allegation: 1, date: d("2026-02-01"), kind: AllegationKind::Allegation, child: Some(child()) },
        AllegationConcluded { allegation: 1, date: d("2026-03-01"), outcome: AllegationOutcome::Unsubstantiated },
        ReviewHeld {
            review: 1,
            date: d("2026-01-15"),
            kind: ReviewKind::Annual,
            officer: worker.clone(),
            recommendation: ReviewDecision::Continue,
            to_panel: true,
        },
        ReviewDecided { review: 1, date: d("2025-12-17"), decision: ReviewDecision::Continue, terms: None, panel: Some(case()), reasons: "A stable year; checks and training up to date".into() },
        ArrangementStarted {
            arrangement: 1,
            kind: ArrangementKind::StayingPut,
            date: d("2026-01-05"),
            places: 1,
            young_person: Some(ChildId::new("C0000002").expect("a child ID")),
        },
        ArrangementReviewed { arrangement: 1, date: d("2026-03-01") },
        ArrangementEnded { arrangement: 1, date: d("2026-03-20") },
        AgencyUrnRecorded { urn: "SC123456".into() },
    ];
    events
        .into_iter()
        .map(|event| {
            let (setup, sitting) = setup(&event);
            Example { setup, sitting, event }
        })
        .collect()
}
