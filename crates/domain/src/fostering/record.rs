//! A carer household's fostering record: its events and the projection that keeps its
//! invariants (the funnel's order, one approval at a time, the usual fostering limit, reviews
//! decided once and through the panel where they went to it).

use super::terms::*;
use crate::ChildId;
use crate::ids::{ItemNo, TeamId, WorkerId};
use crate::panels::sitting::adm_reasons;
use crate::panels::{AdmDecision, CaseRef};
use crate::people::HouseholdId;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest free text (a reason, a course's name, who was checked).
pub const MAX_TEXT: usize = 500;

/// A fact about a carer household, on the `fostering` stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FosteringEvent {
    // ---- the application: enquiry to decision ----
    /// A request for information, or a connected person put forward for a named child.
    Enquired {
        application: ItemNo,
        date: NaiveDate,
        route: CarerType,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<EnquiryChannel>,
        /// The child a connected person would care for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        child: Option<ChildId>,
    },
    InitialVisit { application: ItemNo, date: NaiveDate },
    /// A connected person's initial viability assessment.
    ViabilityAssessed { application: ItemNo, date: NaiveDate, positive: bool },
    /// The progress-to-assessment decision (PTAD).
    ProgressDecided { application: ItemNo, date: NaiveDate, progress: bool },
    StageStarted { application: ItemNo, stage: Stage, date: NaiveDate },
    StageCompleted { application: ItemNo, stage: Stage, date: NaiveDate },
    /// Closed in assessment, before a decision.
    ApplicationClosed { application: ItemNo, date: NaiveDate, reason: ClosureReason },
    /// The agency decision maker approves, on the panel's recommendation.
    Approved {
        application: ItemNo,
        date: NaiveDate,
        terms: Terms,
        panel: CaseRef,
        /// The agency decision maker's reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    /// The agency decision maker does not approve (a qualifying determination: the applicants
    /// may ask the Independent Review Mechanism to review it).
    NotApproved {
        application: ItemNo,
        date: NaiveDate,
        panel: CaseRef,
        /// The agency decision maker's reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    IrmRequested { application: ItemNo, date: NaiveDate },
    /// The Independent Review Mechanism's recommendation, for the agency decision maker to consider.
    IrmConcluded { application: ItemNo, date: NaiveDate, suitable: bool },
    // ---- approvals that did not start here ----
    /// An approval made before carefile kept the record (from the system it replaced).
    ExistingApproval { date: NaiveDate, terms: Terms },
    /// Carers approved by another fostering service transfer in.
    TransferredIn { date: NaiveDate, terms: Terms, from: String },
    // ---- the approval ----
    /// An exemption from the usual fostering limit (Children Act 1989 Sch 7 para 4).
    ExemptionGranted {
        exemption: ItemNo,
        date: NaiveDate,
        children: u32,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    ExemptionEnded { exemption: ItemNo, date: NaiveDate },
    /// A temporary approval for a named child (a connected person, reg 24; fostering for adoption, reg 25A).
    TemporarilyApproved { temporary: ItemNo, date: NaiveDate, child: ChildId, regulation: TemporaryRegulation, weeks: u32 },
    /// Extended under reg 25, on the panel's consideration.
    TemporaryApprovalExtended {
        temporary: ItemNo,
        date: NaiveDate,
        weeks: u32,
        panel: CaseRef,
        /// The agency decision maker's reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    TemporaryApprovalEnded { temporary: ItemNo, date: NaiveDate },
    /// No placements for a while (the carers' break), approval kept.
    PlacementsPaused { date: NaiveDate, reason: String },
    PlacementsResumed { date: NaiveDate },
    /// Resignation, retirement, transfer out or deregistration.
    ApprovalEnded { date: NaiveDate, reason: EndReason },
    // ---- supervision and support ----
    /// The social worker assessing or supervising the household.
    WorkerAllocated { date: NaiveDate, worker: WorkerId, team: TeamId },
    SupervisionVisit { date: NaiveDate, unannounced: bool },
    TrainingCompleted { date: NaiveDate, course: String, hours: u32 },
    /// The Training, Support and Development Standards for Foster Care completed.
    TsdCompleted { date: NaiveDate },
    /// A DBS check or medical of one member of the household.
    CheckCompleted { kind: CheckKind, who: String, date: NaiveDate },
    AllegationMade {
        allegation: ItemNo,
        date: NaiveDate,
        kind: AllegationKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        child: Option<ChildId>,
    },
    AllegationConcluded { allegation: ItemNo, date: NaiveDate, outcome: AllegationOutcome },
    // ---- reviews of approval (Fostering Services (England) Regulations 2011 reg 28) ----
    /// The fostering reviewing officer's review and its recommendation.
    ReviewHeld {
        review: ItemNo,
        date: NaiveDate,
        kind: ReviewKind,
        officer: WorkerId,
        recommendation: ReviewDecision,
        /// Goes to the fostering panel before the decision.
        to_panel: bool,
    },
    /// The agency decision maker's decision on a review.
    ReviewDecided {
        review: ItemNo,
        date: NaiveDate,
        decision: ReviewDecision,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms: Option<Terms>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        panel: Option<CaseRef>,
        /// The agency decision maker's reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    // ---- not fostering approvals ----
    ArrangementStarted {
        arrangement: ItemNo,
        kind: ArrangementKind,
        date: NaiveDate,
        places: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        young_person: Option<ChildId>,
    },
    ArrangementReviewed { arrangement: ItemNo, date: NaiveDate },
    ArrangementEnded { arrangement: ItemNo, date: NaiveDate },
    /// The fostering service's Ofsted URN, where it is not the authority's own (a partner agency's carers).
    AgencyUrnRecorded { urn: String },
}

impl StreamEvent for FosteringEvent {
    const CHANGED: bool = true;

    fn kind(&self) -> &'static str {
        use FosteringEvent::*;
        match self {
            Enquired { .. } => "enquired",
            InitialVisit { .. } => "initial_visit",
            ViabilityAssessed { .. } => "viability_assessed",
            ProgressDecided { .. } => "progress_decided",
            StageStarted { .. } => "stage_started",
            StageCompleted { .. } => "stage_completed",
            ApplicationClosed { .. } => "application_closed",
            Approved { .. } => "approved",
            NotApproved { .. } => "not_approved",
            IrmRequested { .. } => "irm_requested",
            IrmConcluded { .. } => "irm_concluded",
            ExistingApproval { .. } => "existing_approval",
            TransferredIn { .. } => "transferred_in",
            ExemptionGranted { .. } => "exemption_granted",
            ExemptionEnded { .. } => "exemption_ended",
            TemporarilyApproved { .. } => "temporarily_approved",
            TemporaryApprovalExtended { .. } => "temporary_approval_extended",
            TemporaryApprovalEnded { .. } => "temporary_approval_ended",
            PlacementsPaused { .. } => "placements_paused",
            PlacementsResumed { .. } => "placements_resumed",
            ApprovalEnded { .. } => "approval_ended",
            WorkerAllocated { .. } => "worker_allocated",
            SupervisionVisit { .. } => "supervision_visit",
            TrainingCompleted { .. } => "training_completed",
            TsdCompleted { .. } => "tsd_completed",
            CheckCompleted { .. } => "check_completed",
            AllegationMade { .. } => "allegation_made",
            AllegationConcluded { .. } => "allegation_concluded",
            ReviewHeld { .. } => "review_held",
            ReviewDecided { .. } => "review_decided",
            ArrangementStarted { .. } => "arrangement_started",
            ArrangementReviewed { .. } => "arrangement_reviewed",
            ArrangementEnded { .. } => "arrangement_ended",
            AgencyUrnRecorded { .. } => "agency_urn_recorded",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        use FosteringEvent::*;
        Some(match self {
            AgencyUrnRecorded { .. } => return None,
            Enquired { date, .. }
            | InitialVisit { date, .. }
            | ViabilityAssessed { date, .. }
            | ProgressDecided { date, .. }
            | StageStarted { date, .. }
            | StageCompleted { date, .. }
            | ApplicationClosed { date, .. }
            | Approved { date, .. }
            | NotApproved { date, .. }
            | IrmRequested { date, .. }
            | IrmConcluded { date, .. }
            | ExistingApproval { date, .. }
            | TransferredIn { date, .. }
            | ExemptionGranted { date, .. }
            | ExemptionEnded { date, .. }
            | TemporarilyApproved { date, .. }
            | TemporaryApprovalExtended { date, .. }
            | TemporaryApprovalEnded { date, .. }
            | PlacementsPaused { date, .. }
            | PlacementsResumed { date }
            | ApprovalEnded { date, .. }
            | WorkerAllocated { date, .. }
            | SupervisionVisit { date, .. }
            | TrainingCompleted { date, .. }
            | TsdCompleted { date }
            | CheckCompleted { date, .. }
            | AllegationMade { date, .. }
            | AllegationConcluded { date, .. }
            | ReviewHeld { date, .. }
            | ReviewDecided { date, .. }
            | ArrangementStarted { date, .. }
            | ArrangementReviewed { date, .. }
            | ArrangementEnded { date, .. } => *date,
        })
    }
}

impl FosteringEvent {
    /// The panel case this event decides, where it is an agency decision on one.
    pub fn decides(&self) -> Option<AdmDecision> {
        use crate::panels::Recommendation as R;
        let (panel, decision, date, reasons) = match self {
            FosteringEvent::Approved { panel, date, reasons, .. } => (panel, R::Approve, date, reasons),
            FosteringEvent::NotApproved { panel, date, reasons, .. } => (panel, R::DoNotApprove, date, reasons),
            FosteringEvent::TemporaryApprovalExtended { panel, date, reasons, .. } => (panel, R::Extend, date, reasons),
            FosteringEvent::ReviewDecided { panel: Some(panel), decision, date, reasons, .. } => {
                (panel, decision.recommendation(), date, reasons)
            }
            _ => return None,
        };
        Some(AdmDecision { case: panel.clone(), decision, date: *date, reasons: reasons.clone() })
    }

    /// The agency decision maker's reasons, on an entry that is their decision.
    pub fn adm_reasons(&self) -> Option<&str> {
        match self {
            FosteringEvent::Approved { reasons, .. }
            | FosteringEvent::NotApproved { reasons, .. }
            | FosteringEvent::TemporaryApprovalExtended { reasons, .. }
            | FosteringEvent::ReviewDecided { reasons, .. } => Some(reasons),
            _ => None,
        }
    }
}

/// How an application ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Approved { date: NaiveDate },
    NotApproved { date: NaiveDate },
    Closed { date: NaiveDate, reason: ClosureReason },
}

impl Outcome {
    pub fn date(&self) -> NaiveDate {
        match self {
            Outcome::Approved { date } | Outcome::NotApproved { date } | Outcome::Closed { date, .. } => *date,
        }
    }
}

/// A start and, when it has one, an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// One application, from enquiry to its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub no: ItemNo,
    pub route: CarerType,
    pub enquired: NaiveDate,
    pub channel: Option<EnquiryChannel>,
    pub child: Option<ChildId>,
    pub initial_visit: Option<NaiveDate>,
    /// (date, positive)
    pub viability: Option<(NaiveDate, bool)>,
    /// (date, progress to assessment)
    pub progress: Option<(NaiveDate, bool)>,
    pub stage1: Option<Span>,
    pub stage2: Option<Span>,
    pub full_assessment: Option<Span>,
    pub outcome: Option<Outcome>,
    /// (requested, concluded with "suitable"?)
    pub irm: Option<(NaiveDate, Option<(NaiveDate, bool)>)>,
}

impl Application {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    fn stage(&mut self, stage: Stage) -> &mut Option<Span> {
        match stage {
            Stage::Stage1 => &mut self.stage1,
            Stage::Stage2 => &mut self.stage2,
            Stage::FullAssessment => &mut self.full_assessment,
        }
    }

    /// The stage whose completion ends the assessment.
    pub fn final_stage(&self) -> Stage {
        if self.route == CarerType::ConnectedPerson { Stage::FullAssessment } else { Stage::Stage2 }
    }

    /// When the assessment proper began (stage 1, or a connected person's full assessment).
    pub fn assessment_start(&self) -> Option<NaiveDate> {
        self.stage1.or(self.full_assessment).map(|s| s.start)
    }
}

/// An exemption from the usual fostering limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub no: ItemNo,
    pub from: NaiveDate,
    pub children: u32,
    pub reason: String,
    pub until: Option<NaiveDate>,
}

impl Exemption {
    pub fn in_force(&self, d: NaiveDate) -> bool {
        self.from <= d && self.until.is_none_or(|u| d < u)
    }
}

/// How an approval began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum Began {
    /// On an application, by the agency decision maker on the panel's recommendation.
    Application { application: ItemNo, panel: CaseRef },
    /// Before carefile kept the record.
    Existing,
    TransferredIn { from: String },
}

/// An approval as a foster carer, with the terms it has had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub from: NaiveDate,
    pub began: Began,
    /// The terms from each date, in order; the last is in force.
    pub terms: Vec<(NaiveDate, Terms)>,
    pub ended: Option<(NaiveDate, EndReason)>,
}

impl Approval {
    pub fn terms(&self) -> &Terms {
        &self.terms.last().expect("an approval has terms").1
    }
    pub fn terms_on(&self, d: NaiveDate) -> Option<&Terms> {
        self.terms.iter().rev().find(|(from, _)| *from <= d).map(|(_, t)| t)
    }
    pub fn in_force(&self, d: NaiveDate) -> bool {
        self.from <= d && self.ended.is_none_or(|(e, _)| d < e)
    }
    /// A new approval (not an existing one or a transfer): it counts as an approval in the year.
    pub fn is_new(&self) -> bool {
        matches!(self.began, Began::Application { .. })
    }
}

/// A temporary approval for a named child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Temporary {
    pub no: ItemNo,
    pub from: NaiveDate,
    pub child: ChildId,
    pub regulation: TemporaryRegulation,
    /// Weeks approved, the extension included.
    pub weeks: u32,
    pub extended: Option<(NaiveDate, CaseRef)>,
    pub ended: Option<NaiveDate>,
}

impl Temporary {
    /// The day it lapses unless ended, extended or replaced by full approval.
    pub fn expires(&self) -> NaiveDate {
        self.from + chrono::Duration::weeks(i64::from(self.weeks))
    }
}

/// A review of approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub no: ItemNo,
    pub held: NaiveDate,
    pub kind: ReviewKind,
    pub officer: WorkerId,
    pub recommendation: ReviewDecision,
    pub to_panel: bool,
    /// (date, decision, the panel case where it went to panel)
    pub decided: Option<(NaiveDate, ReviewDecision, Option<CaseRef>)>,
}

/// A DBS check or medical.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub kind: CheckKind,
    pub who: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub date: NaiveDate,
    pub course: String,
    pub hours: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allegation {
    pub no: ItemNo,
    pub date: NaiveDate,
    pub kind: AllegationKind,
    pub child: Option<ChildId>,
    pub concluded: Option<(NaiveDate, AllegationOutcome)>,
}

/// Staying Put or a supported lodgings host: not a fostering approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrangement {
    pub no: ItemNo,
    pub kind: ArrangementKind,
    pub from: NaiveDate,
    pub places: u32,
    pub young_person: Option<ChildId>,
    pub reviews: Vec<NaiveDate>,
    pub ended: Option<NaiveDate>,
}

/// A carer household's fostering record as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerRecord {
    pub id: HouseholdId,
    pub applications: Vec<Application>,
    pub approvals: Vec<Approval>,
    pub exemptions: Vec<Exemption>,
    pub temporary: Vec<Temporary>,
    /// Breaks in placements: (from, to).
    pub paused: Vec<Span>,
    /// (from, worker, team)
    pub workers: Vec<(NaiveDate, WorkerId, TeamId)>,
    /// (date, unannounced)
    pub visits: Vec<(NaiveDate, bool)>,
    pub training: Vec<Training>,
    pub tsd: Option<NaiveDate>,
    pub checks: Vec<Check>,
    pub allegations: Vec<Allegation>,
    pub reviews: Vec<Review>,
    pub arrangements: Vec<Arrangement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_urn: Option<String>,
}

impl CarerRecord {
    pub(crate) fn new(id: &HouseholdId) -> CarerRecord {
        CarerRecord {
            id: id.clone(),
            applications: vec![],
            approvals: vec![],
            exemptions: vec![],
            temporary: vec![],
            paused: vec![],
            workers: vec![],
            visits: vec![],
            training: vec![],
            tsd: None,
            checks: vec![],
            allegations: vec![],
            reviews: vec![],
            arrangements: vec![],
            agency_urn: None,
        }
    }

    /// The approval in force on `d`.
    pub fn approval_on(&self, d: NaiveDate) -> Option<&Approval> {
        self.approvals.iter().rev().find(|a| a.in_force(d))
    }

    /// The approval not yet ended.
    pub fn current_approval(&self) -> Option<&Approval> {
        self.approvals.last().filter(|a| a.ended.is_none())
    }

    pub fn open_application(&self) -> Option<&Application> {
        self.applications.iter().find(|a| a.is_open())
    }

    /// The allocated social worker on `d`.
    pub fn worker_on(&self, d: NaiveDate) -> Option<(&WorkerId, &TeamId)> {
        self.workers.iter().rev().find(|(from, _, _)| *from <= d).map(|(_, w, t)| (w, t))
    }

    pub fn is_paused_on(&self, d: NaiveDate) -> bool {
        self.paused.iter().any(|p| p.start <= d && p.end.is_none_or(|e| d < e))
    }

    /// Children the household may care for at once on `d` (0 when not approved or paused).
    pub fn capacity_on(&self, d: NaiveDate) -> u32 {
        match self.approval_on(d).and_then(|a| a.terms_on(d)) {
            Some(t) if !self.is_paused_on(d) => t.children,
            _ => 0,
        }
    }

    /// Training hours completed in `[from, to]`.
    pub fn training_hours(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        self.training.iter().filter(|t| t.date >= from && t.date <= to).map(|t| t.hours).sum()
    }

    /// Reviews held since the current approval began.
    pub fn reviews_of(&self, approval: &Approval) -> impl Iterator<Item = &Review> {
        let from = approval.from;
        let until = approval.ended.map(|e| e.0);
        self.reviews.iter().filter(move |r| r.held >= from && until.is_none_or(|u| r.held <= u))
    }

    fn application_mut(&mut self, no: ItemNo) -> Result<&mut Application, String> {
        let a = self.applications.iter_mut().find(|a| a.no == no).ok_or_else(|| format!("no application {no}"))?;
        if let Some(o) = &a.outcome {
            return Err(format!("application {no} was decided or closed on {}", o.date()));
        }
        Ok(a)
    }

    /// The terms are in order on `d`: within the usual fostering limit unless an exemption
    /// covers them.
    fn check_terms(&self, terms: &Terms, d: NaiveDate) -> Result<(), String> {
        terms.check()?;
        if terms.children > USUAL_FOSTERING_LIMIT
            && !self.exemptions.iter().any(|e| e.in_force(d) && e.children >= terms.children)
        {
            return Err(format!(
                "approval for {} children is over the usual fostering limit of {USUAL_FOSTERING_LIMIT}: record the \
                 exemption first (Children Act 1989 Sch 7)",
                terms.children
            ));
        }
        Ok(())
    }

    fn start_approval(&mut self, date: NaiveDate, began: Began, terms: &Terms) -> Result<(), String> {
        if let Some(a) = self.current_approval() {
            return Err(format!("the household is approved since {}: change the terms through a review", a.from));
        }
        if let Some(a) = self.approvals.last().and_then(|a| a.ended).filter(|e| e.0 > date) {
            return Err(format!("{date} is before the last approval ended on {}", a.0));
        }
        self.check_terms(terms, date)?;
        self.approvals.push(Approval { from: date, began, terms: vec![(date, terms.clone())], ended: None });
        Ok(())
    }

    fn end_approval(&mut self, date: NaiveDate, reason: EndReason) -> Result<(), String> {
        let a = self.approvals.last_mut().filter(|a| a.ended.is_none()).ok_or("the household is not approved")?;
        if date < a.from {
            return Err(format!("{date} is before the approval began on {}", a.from));
        }
        a.ended = Some((date, reason));
        for p in self.paused.iter_mut().filter(|p| p.end.is_none()) {
            p.end = Some(date);
        }
        Ok(())
    }
}

pub(crate) fn need_text(what: &str, s: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        return Err(format!("{what} is needed"));
    }
    if s.chars().count() > MAX_TEXT {
        return Err(format!("{what} is at most {MAX_TEXT} characters"));
    }
    Ok(())
}

pub(crate) fn after(what: &str, d: NaiveDate, earlier: NaiveDate, earlier_what: &str) -> Result<(), String> {
    if d < earlier {
        return Err(format!("{what} on {d} is before {earlier_what} on {earlier}"));
    }
    Ok(())
}

impl Projection for CarerRecord {
    const STREAM: &'static str = "fostering";
    type Id = HouseholdId;
    type Event = FosteringEvent;

    fn start(id: &HouseholdId, at: Stamp, event: &FosteringEvent) -> Result<Self, String> {
        use FosteringEvent::*;
        match event {
            Enquired { .. } | ExistingApproval { .. } | TransferredIn { .. } | ArrangementStarted { .. } | WorkerAllocated { .. } => {
                let mut r = CarerRecord::new(id);
                r.apply(at, event)?;
                Ok(r)
            }
            _ => Err("a household's fostering record starts with an enquiry, an existing approval, a transfer in, an \
                      arrangement or an allocated worker"
                .into()),
        }
    }

    fn apply(&mut self, at: Stamp, event: &FosteringEvent) -> Result<(), String> {
        use FosteringEvent::*;
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
        }
        match event {
            Enquired { application, date, route, channel, child } => {
                if self.applications.iter().any(|a| a.no == *application) {
                    return Err(format!("application {application} already exists"));
                }
                if let Some(a) = self.open_application() {
                    return Err(format!("application {} is still open", a.no));
                }
                if let Some(a) = self.current_approval() {
                    return Err(format!("the household is approved since {}: change the terms through a review", a.from));
                }
                match (route, child) {
                    (CarerType::ConnectedPerson, None) => return Err("a connected person is put forward for a named child".into()),
                    (CarerType::ConnectedPerson, Some(_)) | (_, None) => {}
                    (_, Some(_)) => return Err("only a connected person's application names a child".into()),
                }
                self.applications.push(Application {
                    no: *application,
                    route: *route,
                    enquired: *date,
                    channel: *channel,
                    child: child.clone(),
                    initial_visit: None,
                    viability: None,
                    progress: None,
                    stage1: None,
                    stage2: None,
                    full_assessment: None,
                    outcome: None,
                    irm: None,
                });
            }
            InitialVisit { application, date } => {
                let a = self.application_mut(*application)?;
                if a.route == CarerType::ConnectedPerson {
                    return Err("a connected person has a viability assessment, not an initial visit".into());
                }
                if a.initial_visit.is_some() {
                    return Err(format!("application {application} already had its initial visit"));
                }
                after("the initial visit", *date, a.enquired, "the enquiry")?;
                a.initial_visit = Some(*date);
            }
            ViabilityAssessed { application, date, positive } => {
                let a = self.application_mut(*application)?;
                if a.route != CarerType::ConnectedPerson {
                    return Err("a viability assessment is of a connected person".into());
                }
                if a.viability.is_some() {
                    return Err(format!("application {application} already had its viability assessment"));
                }
                after("the viability assessment", *date, a.enquired, "the referral")?;
                a.viability = Some((*date, *positive));
            }
            ProgressDecided { application, date, progress } => {
                let a = self.application_mut(*application)?;
                let Some(visit) = a.initial_visit else {
                    return Err("the progress-to-assessment decision follows the initial visit".into());
                };
                if a.progress.is_some() {
                    return Err(format!("application {application} already has its progress decision"));
                }
                after("the decision", *date, visit, "the initial visit")?;
                a.progress = Some((*date, *progress));
            }
            StageStarted { application, stage, date } => {
                let a = self.application_mut(*application)?;
                match (a.route, stage) {
                    (CarerType::ConnectedPerson, Stage::FullAssessment) => match a.viability {
                        Some((v, true)) => after("the full assessment", *date, v, "the viability assessment")?,
                        _ => return Err("a full assessment follows a positive viability assessment".into()),
                    },
                    (CarerType::ConnectedPerson, _) => {
                        return Err("a connected person's assessment is the full assessment".into());
                    }
                    (_, Stage::FullAssessment) => return Err("a full assessment is of a connected person".into()),
                    (_, Stage::Stage1) => match a.progress {
                        Some((p, true)) => after("stage 1", *date, p, "the progress-to-assessment decision")?,
                        _ => return Err("stage 1 follows a decision to progress to assessment".into()),
                    },
                    (_, Stage::Stage2) => match a.stage1 {
                        Some(s) => after("stage 2", *date, s.start, "stage 1's start")?,
                        None => return Err("stage 2 follows stage 1".into()),
                    },
                }
                let slot = a.stage(*stage);
                if slot.is_some() {
                    return Err(format!("{} has already started", stage.label()));
                }
                *slot = Some(Span { start: *date, end: None });
            }
            StageCompleted { application, stage, date } => {
                let a = self.application_mut(*application)?;
                let Some(s) = a.stage(*stage) else {
                    return Err(format!("{} has not started", stage.label()));
                };
                if s.end.is_some() {
                    return Err(format!("{} is already complete", stage.label()));
                }
                after("its completion", *date, s.start, "its start")?;
                s.end = Some(*date);
            }
            ApplicationClosed { application, date, reason } => {
                let a = self.application_mut(*application)?;
                after("the closure", *date, a.enquired, "the enquiry")?;
                a.outcome = Some(Outcome::Closed { date: *date, reason: *reason });
            }
            Approved { application, date, terms, panel, reasons } => {
                adm_reasons(reasons)?;
                let a = self.application_mut(*application)?;
                let stage = a.final_stage();
                match a.stage(stage) {
                    Some(Span { end: Some(done), .. }) => after("the approval", *date, *done, "the assessment's completion")?,
                    _ => return Err(format!("approval follows the completed assessment ({})", stage.label().to_lowercase())),
                }
                if a.route != terms.carer_type {
                    return Err(format!("the application is for {}", a.route.label().to_lowercase()));
                }
                if terms.named_child.is_some() && terms.named_child != a.child {
                    return Err("a connected person is approved for the child the application names".into());
                }
                a.outcome = Some(Outcome::Approved { date: *date });
                let began = Began::Application { application: *application, panel: panel.clone() };
                self.start_approval(*date, began, terms)?;
                // Full approval replaces a temporary approval for the same child.
                for t in self.temporary.iter_mut().filter(|t| t.ended.is_none() && Some(&t.child) == terms.named_child.as_ref()) {
                    t.ended = Some(*date);
                }
            }
            NotApproved { application, date, reasons, .. } => {
                adm_reasons(reasons)?;
                let a = self.application_mut(*application)?;
                let stage = a.final_stage();
                if !matches!(a.stage(stage), Some(Span { end: Some(_), .. })) {
                    return Err(format!("a decision follows the completed assessment ({})", stage.label().to_lowercase()));
                }
                a.outcome = Some(Outcome::NotApproved { date: *date });
            }
            IrmRequested { application, date } => {
                let a = self.applications.iter_mut().find(|a| a.no == *application).ok_or_else(|| format!("no application {application}"))?;
                let Some(Outcome::NotApproved { date: decided }) = a.outcome else {
                    return Err("the Independent Review Mechanism reviews a decision not to approve".into());
                };
                if a.irm.is_some() {
                    return Err("a review by the Independent Review Mechanism is already recorded".into());
                }
                after("the request", *date, decided, "the decision")?;
                a.irm = Some((*date, None));
            }
            IrmConcluded { application, date, suitable } => {
                let a = self.applications.iter_mut().find(|a| a.no == *application).ok_or_else(|| format!("no application {application}"))?;
                match &mut a.irm {
                    Some((asked, done @ None)) => {
                        after("the outcome", *date, *asked, "the request")?;
                        *done = Some((*date, *suitable));
                    }
                    Some(_) => return Err("the Independent Review Mechanism has already concluded".into()),
                    None => return Err("no review by the Independent Review Mechanism was asked for".into()),
                }
            }
            ExistingApproval { date, terms } => self.start_approval(*date, Began::Existing, terms)?,
            TransferredIn { date, terms, from } => {
                need_text("the service they came from", from)?;
                self.start_approval(*date, Began::TransferredIn { from: from.trim().to_string() }, terms)?;
            }
            ExemptionGranted { exemption, date, children, reason, until } => {
                if self.exemptions.iter().any(|e| e.no == *exemption) {
                    return Err(format!("exemption {exemption} already exists"));
                }
                need_text("the reason", reason)?;
                if *children <= USUAL_FOSTERING_LIMIT || *children > 10 {
                    return Err(format!("an exemption is for {} to 10 children", USUAL_FOSTERING_LIMIT + 1));
                }
                if until.is_some_and(|u| u <= *date) {
                    return Err("an exemption ends after it begins".into());
                }
                self.exemptions.push(Exemption {
                    no: *exemption,
                    from: *date,
                    children: *children,
                    reason: reason.trim().to_string(),
                    until: *until,
                });
            }
            ExemptionEnded { exemption, date } => {
                let e = self.exemptions.iter_mut().find(|e| e.no == *exemption).ok_or_else(|| format!("no exemption {exemption}"))?;
                if e.until.is_some_and(|u| u <= *date) {
                    return Err(format!("exemption {exemption} has already ended"));
                }
                after("its end", *date, e.from, "its start")?;
                e.until = Some(*date);
                if let Some(a) = self.current_approval()
                    && a.terms().children > USUAL_FOSTERING_LIMIT
                    && !self.exemptions.iter().any(|e| e.in_force(*date) && e.children >= a.terms().children)
                {
                    return Err("the approval's terms need this exemption: change them through a review first".into());
                }
            }
            TemporarilyApproved { temporary, date, child, regulation, weeks } => {
                if self.temporary.iter().any(|t| t.no == *temporary) {
                    return Err(format!("temporary approval {temporary} already exists"));
                }
                if !(1..=16).contains(weeks) {
                    return Err(format!("a temporary approval lasts up to 16 weeks (reg 24(2)), not {weeks}"));
                }
                if self.temporary.iter().any(|t| t.ended.is_none() && t.child == *child && t.expires() > *date) {
                    return Err(format!("{child} is already placed under a temporary approval"));
                }
                if *regulation == TemporaryRegulation::Reg24
                    && !self.applications.iter().any(|a| a.child.as_ref() == Some(child) && a.viability.is_some_and(|v| v.1))
                {
                    return Err(format!("a temporary approval under reg 24 follows a positive viability assessment for {child}"));
                }
                self.temporary.push(Temporary {
                    no: *temporary,
                    from: *date,
                    child: child.clone(),
                    regulation: *regulation,
                    weeks: *weeks,
                    extended: None,
                    ended: None,
                });
            }
            TemporaryApprovalExtended { temporary, date, weeks, panel, reasons } => {
                adm_reasons(reasons)?;
                let t = self.temporary.iter_mut().find(|t| t.no == *temporary).ok_or_else(|| format!("no temporary approval {temporary}"))?;
                if t.ended.is_some() {
                    return Err(format!("temporary approval {temporary} has ended"));
                }
                if t.extended.is_some() {
                    return Err("a temporary approval is extended once (reg 25)".into());
                }
                if !(1..=8).contains(weeks) {
                    return Err(format!("an extension is up to 8 weeks (reg 25), not {weeks}"));
                }
                if *date > t.expires() {
                    return Err(format!("temporary approval {temporary} lapsed on {}: it cannot be extended after", t.expires()));
                }
                after("the extension", *date, t.from, "the temporary approval")?;
                t.weeks += weeks;
                t.extended = Some((*date, panel.clone()));
            }
            TemporaryApprovalEnded { temporary, date } => {
                let t = self.temporary.iter_mut().find(|t| t.no == *temporary).ok_or_else(|| format!("no temporary approval {temporary}"))?;
                if t.ended.is_some() {
                    return Err(format!("temporary approval {temporary} has already ended"));
                }
                after("its end", *date, t.from, "its start")?;
                t.ended = Some(*date);
            }
            PlacementsPaused { date, reason } => {
                need_text("the reason", reason)?;
                let a = self.current_approval().ok_or("only an approved household pauses placements")?;
                after("the pause", *date, a.from, "the approval")?;
                if self.paused.iter().any(|p| p.end.is_none()) {
                    return Err("placements are already paused".into());
                }
                self.paused.push(Span { start: *date, end: None });
            }
            PlacementsResumed { date } => {
                let p = self.paused.iter_mut().find(|p| p.end.is_none()).ok_or("placements are not paused")?;
                after("the resumption", *date, p.start, "the pause")?;
                p.end = Some(*date);
            }
            ApprovalEnded { date, reason } => {
                if *reason == EndReason::Deregistered {
                    return Err("an approval is ended by the agency decision maker through a review's decision".into());
                }
                self.end_approval(*date, *reason)?;
            }
            WorkerAllocated { date, worker, team } => {
                if let Some((from, _, _)) = self.workers.last() {
                    after("the allocation", *date, *from, "the last allocation")?;
                }
                self.workers.push((*date, worker.clone(), team.clone()));
            }
            SupervisionVisit { date, unannounced } => {
                if self.approval_on(*date).is_none() && !self.temporary.iter().any(|t| t.from <= *date) {
                    return Err(format!("the household was not approved on {date}"));
                }
                self.visits.push((*date, *unannounced));
            }
            TrainingCompleted { date, course, hours } => {
                need_text("the course", course)?;
                if !(1..=100).contains(hours) {
                    return Err(format!("{hours} hours: 1 to 100 expected"));
                }
                self.training.push(Training { date: *date, course: course.trim().to_string(), hours: *hours });
            }
            TsdCompleted { date } => {
                if self.tsd.is_some() {
                    return Err("the Training, Support and Development Standards are already completed".into());
                }
                self.tsd = Some(*date);
            }
            CheckCompleted { kind, who, date } => {
                need_text("who was checked", who)?;
                self.checks.push(Check { kind: *kind, who: who.trim().to_string(), date: *date });
            }
            AllegationMade { allegation, date, kind, child } => {
                if self.allegations.iter().any(|a| a.no == *allegation) {
                    return Err(format!("allegation {allegation} already exists"));
                }
                self.allegations.push(Allegation { no: *allegation, date: *date, kind: *kind, child: child.clone(), concluded: None });
            }
            AllegationConcluded { allegation, date, outcome } => {
                let a = self.allegations.iter_mut().find(|a| a.no == *allegation).ok_or_else(|| format!("no allegation {allegation}"))?;
                if a.concluded.is_some() {
                    return Err(format!("allegation {allegation} has already concluded"));
                }
                after("the conclusion", *date, a.date, "the allegation")?;
                if *outcome == AllegationOutcome::Resolved && a.kind != AllegationKind::StandardsOfCare {
                    return Err("'resolved with support' concludes a standards of care concern".into());
                }
                a.concluded = Some((*date, *outcome));
            }
            ReviewHeld { review, date, kind, officer, recommendation, to_panel } => {
                if self.reviews.iter().any(|r| r.no == *review) {
                    return Err(format!("review {review} already exists"));
                }
                let a = self.current_approval().ok_or("a review is of an approval in force")?;
                after("the review", *date, a.from, "the approval")?;
                if let Some(r) = self.reviews.iter().find(|r| r.decided.is_none()) {
                    return Err(format!("review {} is waiting for its decision", r.no));
                }
                let first = self.reviews_of(a).next().is_none();
                if first && !*to_panel && a.is_new() {
                    return Err("the first review after approval goes to the fostering panel".into());
                }
                if *recommendation == ReviewDecision::Terminate && !*to_panel {
                    return Err("a review recommending that the approval end goes to the fostering panel".into());
                }
                self.reviews.push(Review {
                    no: *review,
                    held: *date,
                    kind: *kind,
                    officer: officer.clone(),
                    recommendation: *recommendation,
                    to_panel: *to_panel,
                    decided: None,
                });
            }
            ReviewDecided { review, date, decision, terms, panel, reasons } => {
                adm_reasons(reasons)?;
                let r = self.reviews.iter().find(|r| r.no == *review).ok_or_else(|| format!("no review {review}"))?;
                if r.decided.is_some() {
                    return Err(format!("review {review} has already been decided"));
                }
                after("the decision", *date, r.held, "the review")?;
                if r.to_panel && panel.is_none() {
                    return Err(format!("review {review} went to the fostering panel: decide it on the panel's recommendation"));
                }
                if !r.to_panel && panel.is_some() {
                    return Err(format!("review {review} did not go to the panel"));
                }
                match (decision, terms) {
                    (ReviewDecision::ChangeTerms, Some(t)) => {
                        self.check_terms(t, *date)?;
                        let a = self.approvals.last_mut().filter(|a| a.ended.is_none()).ok_or("the approval has ended")?;
                        if a.terms() == t {
                            return Err("the new terms are the same as the old".into());
                        }
                        a.terms.push((*date, t.clone()));
                    }
                    (ReviewDecision::ChangeTerms, None) => return Err("a change of terms gives the new terms".into()),
                    (_, Some(_)) => return Err("terms are given only when they change".into()),
                    (ReviewDecision::Terminate, None) => self.end_approval(*date, EndReason::Deregistered)?,
                    (ReviewDecision::Continue, None) => {}
                }
                let r = self.reviews.iter_mut().find(|r| r.no == *review).expect("found above");
                r.decided = Some((*date, *decision, panel.clone()));
            }
            ArrangementStarted { arrangement, kind, date, places, young_person } => {
                if self.arrangements.iter().any(|a| a.no == *arrangement) {
                    return Err(format!("arrangement {arrangement} already exists"));
                }
                if !(1..=6).contains(places) {
                    return Err(format!("{places} places: 1 to 6 expected"));
                }
                match (kind, young_person) {
                    (ArrangementKind::StayingPut, None) => return Err("Staying Put names the young person".into()),
                    (ArrangementKind::StayingPut, Some(_)) if *places != 1 => return Err("Staying Put is for one young person".into()),
                    _ => {}
                }
                self.arrangements.push(Arrangement {
                    no: *arrangement,
                    kind: *kind,
                    from: *date,
                    places: *places,
                    young_person: young_person.clone(),
                    reviews: vec![],
                    ended: None,
                });
            }
            ArrangementReviewed { arrangement, date } => {
                let a = self.arrangements.iter_mut().find(|a| a.no == *arrangement).ok_or_else(|| format!("no arrangement {arrangement}"))?;
                if let Some(e) = a.ended {
                    return Err(format!("arrangement {arrangement} ended on {e}"));
                }
                after("the review", *date, a.from, "its start")?;
                a.reviews.push(*date);
            }
            ArrangementEnded { arrangement, date } => {
                let a = self.arrangements.iter_mut().find(|a| a.no == *arrangement).ok_or_else(|| format!("no arrangement {arrangement}"))?;
                if a.ended.is_some() {
                    return Err(format!("arrangement {arrangement} has already ended"));
                }
                after("its end", *date, a.from, "its start")?;
                a.ended = Some(*date);
            }
            AgencyUrnRecorded { urn } => {
                let ok = (6..=8).contains(&urn.len()) && urn.bytes().all(|b| b.is_ascii_alphanumeric());
                if !ok {
                    return Err(format!("'{urn}' is not an Ofsted URN (6 to 8 letters and digits, e.g. SC123456)"));
                }
                self.agency_urn = Some(urn.clone());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
