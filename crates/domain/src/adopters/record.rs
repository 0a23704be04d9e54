//! An adoptive household's record: its events and the projection that keeps the adopters'
//! journey in order.

use super::{AdopterTerms, ApprovalEndReason, SupportKind, WithdrawalReason};
use crate::ChildId;
pub use crate::fostering::record::MAX_TEXT;
use crate::fostering::record::{Span, after, need_text};
use crate::fostering::terms::{EnquiryChannel, Stage};
use crate::ids::{ItemNo, TeamId, WorkerId};
use crate::panels::sitting::adm_reasons;
use crate::panels::{AdmDecision, CaseRef};
use crate::people::HouseholdId;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A fact about prospective adopters, on the `adopter` stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AdopterEvent {
    Enquired {
        application: ItemNo,
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<EnquiryChannel>,
    },
    InitialVisit { application: ItemNo, date: NaiveDate },
    /// The registration of interest: stage 1 starts when the agency accepts it.
    InterestRegistered { application: ItemNo, date: NaiveDate },
    /// Stage 1 or stage 2 begins; `fast_track` goes straight to stage 2 (second-time adopters,
    /// approved foster carers).
    StageStarted {
        application: ItemNo,
        stage: Stage,
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        fast_track: bool,
    },
    StageCompleted { application: ItemNo, stage: Stage, date: NaiveDate },
    /// A break between stage 1 and stage 2 at the applicants' request (up to six months).
    BreakStarted { application: ItemNo, date: NaiveDate, reason: String },
    BreakEnded { application: ItemNo, date: NaiveDate },
    Withdrew { application: ItemNo, date: NaiveDate, reason: WithdrawalReason },
    /// The agency decision maker approves, on the adoption panel's recommendation.
    Approved {
        application: ItemNo,
        date: NaiveDate,
        terms: AdopterTerms,
        panel: CaseRef,
        /// The agency decision maker's reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    /// A "not suitable" qualifying determination: the applicants may ask the Independent Review
    /// Mechanism to review it within 40 working days.
    NotSuitable {
        application: ItemNo,
        date: NaiveDate,
        panel: CaseRef,
        /// The agency decision maker's reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    IrmRequested { application: ItemNo, date: NaiveDate },
    IrmConcluded { application: ItemNo, date: NaiveDate, suitable: bool },
    /// The yearly review of an approval while no child is placed.
    ApprovalReviewed { date: NaiveDate, continue_approval: bool },
    ApprovalEnded { date: NaiveDate, reason: ApprovalEndReason },
    /// Approved adopters from before carefile kept the record.
    ExistingApproval { date: NaiveDate, terms: AdopterTerms },
    WorkerAllocated { date: NaiveDate, worker: WorkerId, team: TeamId },
    /// Support to the family after (or before) the order.
    SupportGiven {
        date: NaiveDate,
        kind: SupportKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        child: Option<ChildId>,
    },
}

impl StreamEvent for AdopterEvent {
    const CHANGED: bool = true;

    fn kind(&self) -> &'static str {
        use AdopterEvent::*;
        match self {
            Enquired { .. } => "enquired",
            InitialVisit { .. } => "initial_visit",
            InterestRegistered { .. } => "interest_registered",
            StageStarted { .. } => "stage_started",
            StageCompleted { .. } => "stage_completed",
            BreakStarted { .. } => "break_started",
            BreakEnded { .. } => "break_ended",
            Withdrew { .. } => "withdrew",
            Approved { .. } => "approved",
            NotSuitable { .. } => "not_suitable",
            IrmRequested { .. } => "irm_requested",
            IrmConcluded { .. } => "irm_concluded",
            ApprovalReviewed { .. } => "approval_reviewed",
            ApprovalEnded { .. } => "approval_ended",
            ExistingApproval { .. } => "existing_approval",
            WorkerAllocated { .. } => "worker_allocated",
            SupportGiven { .. } => "support_given",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        use AdopterEvent::*;
        Some(match self {
            Enquired { date, .. }
            | InitialVisit { date, .. }
            | InterestRegistered { date, .. }
            | StageStarted { date, .. }
            | StageCompleted { date, .. }
            | BreakStarted { date, .. }
            | BreakEnded { date, .. }
            | Withdrew { date, .. }
            | Approved { date, .. }
            | NotSuitable { date, .. }
            | IrmRequested { date, .. }
            | IrmConcluded { date, .. }
            | ApprovalReviewed { date, .. }
            | ApprovalEnded { date, .. }
            | ExistingApproval { date, .. }
            | WorkerAllocated { date, .. }
            | SupportGiven { date, .. } => *date,
        })
    }
}

impl AdopterEvent {
    /// The panel case this event decides, where it is an agency decision on one.
    pub fn decides(&self) -> Option<AdmDecision> {
        use crate::panels::Recommendation as R;
        let (panel, decision, date, reasons) = match self {
            AdopterEvent::Approved { panel, date, reasons, .. } => (panel, R::Approve, date, reasons),
            AdopterEvent::NotSuitable { panel, date, reasons, .. } => (panel, R::DoNotApprove, date, reasons),
            _ => return None,
        };
        Some(AdmDecision { case: panel.clone(), decision, date: *date, reasons: reasons.clone() })
    }

    /// The agency decision maker's reasons, on an entry that is their decision.
    pub fn adm_reasons(&self) -> Option<&str> {
        match self {
            AdopterEvent::Approved { reasons, .. } | AdopterEvent::NotSuitable { reasons, .. } => Some(reasons),
            _ => None,
        }
    }
}

/// How an application ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Approved { date: NaiveDate },
    NotSuitable { date: NaiveDate },
    Withdrew { date: NaiveDate, reason: WithdrawalReason },
}

impl Outcome {
    pub fn date(&self) -> NaiveDate {
        match self {
            Outcome::Approved { date } | Outcome::NotSuitable { date } | Outcome::Withdrew { date, .. } => *date,
        }
    }
}

/// One application to adopt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdopterApplication {
    pub no: ItemNo,
    pub enquired: NaiveDate,
    pub channel: Option<EnquiryChannel>,
    pub initial_visit: Option<NaiveDate>,
    pub registered: Option<NaiveDate>,
    pub stage1: Option<Span>,
    pub stage2: Option<Span>,
    pub fast_track: bool,
    /// Breaks between the stages, with their reasons.
    pub breaks: Vec<(Span, String)>,
    pub outcome: Option<Outcome>,
    pub irm: Option<(NaiveDate, Option<(NaiveDate, bool)>)>,
}

impl AdopterApplication {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    /// Days in stage 1 and stage 2 (to the decision), breaks left out: the assessment's timeliness.
    pub fn assessment_days(&self) -> Option<i64> {
        let decided = match &self.outcome {
            Some(Outcome::Approved { date } | Outcome::NotSuitable { date }) => *date,
            _ => return None,
        };
        let s2 = self.stage2?;
        let stage1 = self.stage1.map_or(0, |s| (s.end.unwrap_or(s2.start) - s.start).num_days());
        Some(stage1 + (decided - s2.start).num_days())
    }

    fn stage(&mut self, stage: Stage) -> Result<&mut Option<Span>, String> {
        match stage {
            Stage::Stage1 => Ok(&mut self.stage1),
            Stage::Stage2 => Ok(&mut self.stage2),
            Stage::FullAssessment => Err("adopters are assessed in stage 1 and stage 2".into()),
        }
    }

    fn open_break(&mut self) -> Option<&mut Span> {
        self.breaks.iter_mut().map(|(s, _)| s).find(|s| s.end.is_none())
    }
}

/// An approval as prospective adopters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdopterApproval {
    pub from: NaiveDate,
    pub application: Option<ItemNo>,
    pub panel: Option<CaseRef>,
    pub terms: AdopterTerms,
    pub reviews: Vec<NaiveDate>,
    pub ended: Option<(NaiveDate, ApprovalEndReason)>,
}

impl AdopterApproval {
    pub fn in_force(&self, d: NaiveDate) -> bool {
        self.from <= d && self.ended.is_none_or(|(e, _)| d < e)
    }
}

/// Support given to the family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    pub date: NaiveDate,
    pub kind: SupportKind,
    pub child: Option<ChildId>,
}

/// Prospective adopters' record as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdopterRecord {
    pub id: HouseholdId,
    pub applications: Vec<AdopterApplication>,
    pub approvals: Vec<AdopterApproval>,
    pub workers: Vec<(NaiveDate, WorkerId, TeamId)>,
    pub support: Vec<Support>,
}

impl AdopterRecord {
    pub fn approval_on(&self, d: NaiveDate) -> Option<&AdopterApproval> {
        self.approvals.iter().rev().find(|a| a.in_force(d))
    }

    pub fn current_approval(&self) -> Option<&AdopterApproval> {
        self.approvals.last().filter(|a| a.ended.is_none())
    }

    pub fn open_application(&self) -> Option<&AdopterApplication> {
        self.applications.iter().find(|a| a.is_open())
    }

    pub fn worker_on(&self, d: NaiveDate) -> Option<(&WorkerId, &TeamId)> {
        self.workers.iter().rev().find(|(from, _, _)| *from <= d).map(|(_, w, t)| (w, t))
    }

    fn application_mut(&mut self, no: ItemNo) -> Result<&mut AdopterApplication, String> {
        let a = self.applications.iter_mut().find(|a| a.no == no).ok_or_else(|| format!("no application {no}"))?;
        if let Some(o) = &a.outcome {
            return Err(format!("application {no} was decided or withdrawn on {}", o.date()));
        }
        Ok(a)
    }

    fn any_application_mut(&mut self, no: ItemNo) -> Result<&mut AdopterApplication, String> {
        self.applications.iter_mut().find(|a| a.no == no).ok_or_else(|| format!("no application {no}"))
    }

    fn start_approval(&mut self, approval: AdopterApproval) -> Result<(), String> {
        if let Some(a) = self.current_approval() {
            return Err(format!("the household is approved since {}", a.from));
        }
        approval.terms.check()?;
        self.approvals.push(approval);
        Ok(())
    }
}

impl Projection for AdopterRecord {
    const STREAM: &'static str = "adopter";
    type Id = HouseholdId;
    type Event = AdopterEvent;

    fn start(id: &HouseholdId, at: Stamp, event: &AdopterEvent) -> Result<Self, String> {
        use AdopterEvent::*;
        if !matches!(event, Enquired { .. } | ExistingApproval { .. } | WorkerAllocated { .. }) {
            return Err("prospective adopters' record starts with an enquiry, an existing approval or an allocated worker".into());
        }
        let mut r = AdopterRecord { id: id.clone(), applications: vec![], approvals: vec![], workers: vec![], support: vec![] };
        r.apply(at, event)?;
        Ok(r)
    }

    fn apply(&mut self, at: Stamp, event: &AdopterEvent) -> Result<(), String> {
        use AdopterEvent::*;
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
        }
        match event {
            Enquired { application, date, channel } => {
                if self.applications.iter().any(|a| a.no == *application) {
                    return Err(format!("application {application} already exists"));
                }
                if let Some(a) = self.open_application() {
                    return Err(format!("application {} is still open", a.no));
                }
                if let Some(a) = self.current_approval() {
                    return Err(format!("the household is approved since {}", a.from));
                }
                self.applications.push(AdopterApplication {
                    no: *application,
                    enquired: *date,
                    channel: *channel,
                    initial_visit: None,
                    registered: None,
                    stage1: None,
                    stage2: None,
                    fast_track: false,
                    breaks: vec![],
                    outcome: None,
                    irm: None,
                });
            }
            InitialVisit { application, date } => {
                let a = self.application_mut(*application)?;
                if a.initial_visit.is_some() {
                    return Err(format!("application {application} already had its initial visit"));
                }
                after("the initial visit", *date, a.enquired, "the enquiry")?;
                a.initial_visit = Some(*date);
            }
            InterestRegistered { application, date } => {
                let a = self.application_mut(*application)?;
                if a.registered.is_some() {
                    return Err(format!("application {application} already has its registration of interest"));
                }
                after("the registration of interest", *date, a.enquired, "the enquiry")?;
                a.registered = Some(*date);
            }
            StageStarted { application, stage, date, fast_track } => {
                let a = self.application_mut(*application)?;
                match (stage, fast_track) {
                    (Stage::Stage1, true) => return Err("fast track goes straight to stage 2".into()),
                    (Stage::Stage1, false) => match a.registered {
                        Some(r) => after("stage 1", *date, r, "the registration of interest")?,
                        None => return Err("stage 1 follows the registration of interest".into()),
                    },
                    (Stage::Stage2, true) => {
                        if a.stage1.is_some() {
                            return Err("fast track skips stage 1, which has started".into());
                        }
                        after("stage 2", *date, a.enquired, "the enquiry")?;
                        a.fast_track = true;
                    }
                    (Stage::Stage2, false) => match a.stage1 {
                        Some(Span { end: Some(done), .. }) => after("stage 2", *date, done, "stage 1's completion")?,
                        _ => return Err("stage 2 follows the completed stage 1 (or fast track)".into()),
                    },
                    (Stage::FullAssessment, _) => return Err("adopters are assessed in stage 1 and stage 2".into()),
                }
                if let Some(b) = a.open_break() {
                    return Err(format!("the break that began on {} has not ended", b.start));
                }
                let slot = a.stage(*stage)?;
                if slot.is_some() {
                    return Err(format!("{} has already started", stage.label()));
                }
                *slot = Some(Span { start: *date, end: None });
            }
            StageCompleted { application, stage, date } => {
                let a = self.application_mut(*application)?;
                if *stage == Stage::Stage2 {
                    return Err("stage 2 ends with the agency decision maker's decision".into());
                }
                let Some(s) = a.stage(*stage)? else {
                    return Err(format!("{} has not started", stage.label()));
                };
                if s.end.is_some() {
                    return Err(format!("{} is already complete", stage.label()));
                }
                after("its completion", *date, s.start, "its start")?;
                s.end = Some(*date);
            }
            BreakStarted { application, date, reason } => {
                need_text("the reason", reason)?;
                let a = self.application_mut(*application)?;
                let Some(Span { end: Some(done), .. }) = a.stage1 else {
                    return Err("a break comes between the stages: after stage 1 is complete".into());
                };
                if a.stage2.is_some() {
                    return Err("stage 2 has started: a break comes between the stages".into());
                }
                if a.open_break().is_some() {
                    return Err("a break is already open".into());
                }
                after("the break", *date, done, "stage 1's completion")?;
                a.breaks.push((Span { start: *date, end: None }, reason.trim().to_string()));
            }
            BreakEnded { application, date } => {
                let a = self.application_mut(*application)?;
                let b = a.open_break().ok_or("no break is open")?;
                after("its end", *date, b.start, "its start")?;
                b.end = Some(*date);
            }
            Withdrew { application, date, reason } => {
                let a = self.application_mut(*application)?;
                after("the withdrawal", *date, a.enquired, "the enquiry")?;
                if let Some(b) = a.open_break() {
                    b.end = Some(*date);
                }
                a.outcome = Some(Outcome::Withdrew { date: *date, reason: *reason });
            }
            Approved { application, date, terms, panel, reasons } => {
                adm_reasons(reasons)?;
                let a = self.application_mut(*application)?;
                match a.stage2 {
                    Some(s) => after("the approval", *date, s.start, "stage 2's start")?,
                    None => return Err("approval follows stage 2".into()),
                }
                if let Some(s) = a.stage2.as_mut() {
                    s.end = Some(*date);
                }
                a.outcome = Some(Outcome::Approved { date: *date });
                self.start_approval(AdopterApproval {
                    from: *date,
                    application: Some(*application),
                    panel: Some(panel.clone()),
                    terms: terms.clone(),
                    reviews: vec![],
                    ended: None,
                })?;
            }
            NotSuitable { application, date, reasons, .. } => {
                adm_reasons(reasons)?;
                let a = self.application_mut(*application)?;
                match a.stage2 {
                    Some(s) => after("the determination", *date, s.start, "stage 2's start")?,
                    None => return Err("a determination follows stage 2".into()),
                }
                if let Some(s) = a.stage2.as_mut() {
                    s.end = Some(*date);
                }
                a.outcome = Some(Outcome::NotSuitable { date: *date });
            }
            IrmRequested { application, date } => {
                let a = self.any_application_mut(*application)?;
                let Some(Outcome::NotSuitable { date: decided }) = a.outcome else {
                    return Err("the Independent Review Mechanism reviews a 'not suitable' determination".into());
                };
                if a.irm.is_some() {
                    return Err("a review by the Independent Review Mechanism is already recorded".into());
                }
                after("the request", *date, decided, "the determination")?;
                a.irm = Some((*date, None));
            }
            IrmConcluded { application, date, suitable } => {
                let a = self.any_application_mut(*application)?;
                match &mut a.irm {
                    Some((asked, done @ None)) => {
                        after("the outcome", *date, *asked, "the request")?;
                        *done = Some((*date, *suitable));
                    }
                    Some(_) => return Err("the Independent Review Mechanism has already concluded".into()),
                    None => return Err("no review by the Independent Review Mechanism was asked for".into()),
                }
            }
            ApprovalReviewed { date, continue_approval } => {
                let a = self.approvals.last_mut().filter(|a| a.ended.is_none()).ok_or("the household is not approved")?;
                after("the review", *date, a.from, "the approval")?;
                a.reviews.push(*date);
                if !continue_approval {
                    a.ended = Some((*date, ApprovalEndReason::NotSuitableOnReview));
                }
            }
            ApprovalEnded { date, reason } => {
                let a = self.approvals.last_mut().filter(|a| a.ended.is_none()).ok_or("the household is not approved")?;
                after("its end", *date, a.from, "the approval")?;
                a.ended = Some((*date, *reason));
            }
            ExistingApproval { date, terms } => self.start_approval(AdopterApproval {
                from: *date,
                application: None,
                panel: None,
                terms: terms.clone(),
                reviews: vec![],
                ended: None,
            })?,
            WorkerAllocated { date, worker, team } => {
                if let Some((from, _, _)) = self.workers.last() {
                    after("the allocation", *date, *from, "the last allocation")?;
                }
                self.workers.push((*date, worker.clone(), team.clone()));
            }
            SupportGiven { date, kind, child } => {
                self.support.push(Support { date: *date, kind: *kind, child: child.clone() });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
