//! A panel sitting: its events and the projection that keeps its invariants.

use super::Panel;
use super::quorum::Quorum;
use crate::ids::{ItemNo, WorkerId};
use crate::people::HouseholdId;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use crate::ChildId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

crate::numbered_id!(
    /// A panel sitting (one meeting of a panel): `S` and digits.
    SittingId, "S", "panel sitting ID"
);

/// A case heard at a sitting, as the records it concerns name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CaseRef {
    pub sitting: SittingId,
    pub case: ItemNo,
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} case {}", self.sitting, self.case)
    }
}

crate::code_list! {
    /// A person's part at a sitting. Advisers, minute-takers and observers attend but are not
    /// members: they never count towards the quorum.
    pub enum PanelRole ("panel role") {
        Chair = "chair": "Chair",
        ViceChair = "vice_chair": "Vice chair",
        SocialWorker = "social_worker": "Social worker member (three years' post-qualifying experience)",
        Member = "member": "Member",
        MedicalAdviser = "medical_adviser": "Medical adviser",
        LegalAdviser = "legal_adviser": "Legal adviser",
        PanelAdviser = "panel_adviser": "Panel or agency adviser",
        MinuteTaker = "minute_taker": "Minute taker",
        Observer = "observer": "Observer",
    }
}

impl PanelRole {
    /// Whether the role sits on the panel (counts towards the quorum).
    pub fn is_member(self) -> bool {
        matches!(self, PanelRole::Chair | PanelRole::ViceChair | PanelRole::SocialWorker | PanelRole::Member)
    }
}

crate::code_list! {
    /// What a case asks of the panel. Each business is heard by some panels only, and concerns
    /// a household, a child, or both ([`Business::needs`]).
    pub enum Business ("panel business") {
        FosteringApproval = "fostering_approval": "Approval as foster carers",
        ConnectedPersonApproval = "connected_person_approval": "Approval as connected-person (kinship) foster carers",
        FirstReview = "first_review": "First review of a foster carer's approval",
        FosteringReview = "fostering_review": "Review of a foster carer's approval",
        ReviewFollowingConcerns = "review_following_concerns": "Review following concerns or an allegation",
        ChangeOfApproval = "change_of_approval": "Review for a change to the terms of approval",
        ChangeOfCircumstances = "change_of_circumstances": "Review following a change in circumstances",
        TemporaryApprovalExtension = "temporary_approval_extension": "Extension of a temporary approval (Care Planning Regulations 2010 reg 25)",
        FosteringClosure = "fostering_closure": "End of a foster carer's approval",
        InterimReport = "interim_report": "Interim report (delay, change in circumstances, allegation)",
        AdopterApproval = "adopter_approval": "Approval as prospective adopters",
        AdopterReview = "adopter_review": "Review of prospective adopters' approval",
        AdoptionMatch = "adoption_match": "Adoption match",
        RelinquishedChildPlan = "relinquished_child_plan": "Adoption plan for a relinquished child",
        LongTermMatch = "long_term_match": "Long-term fostering match",
        PermanencePlan = "permanence_plan": "Permanence plan",
        SpecialGuardianshipSupport = "special_guardianship_support": "Special guardianship support plan",
        PreProceedings = "pre_proceedings": "Pre-proceedings (Public Law Outline)",
        CareProceedings = "care_proceedings": "Issue care proceedings",
        Accommodation = "accommodation": "Become looked after",
        Other = "other": "Other business",
        Unspecified = "unspecified": "Not recorded (a free-text decision moved to its sitting)",
    }
}

/// Which record a business concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Household,
    Child,
    Both,
    /// A household, a child or both (other business).
    Either,
}

impl Business {
    /// The panels that hear it.
    pub fn panels(self) -> &'static [Panel] {
        use Business::*;
        match self {
            FosteringApproval | ConnectedPersonApproval | FirstReview | FosteringReview | ReviewFollowingConcerns
            | ChangeOfApproval | ChangeOfCircumstances | TemporaryApprovalExtension | FosteringClosure
            | InterimReport => &[Panel::Fostering],
            AdopterApproval | AdopterReview | AdoptionMatch | RelinquishedChildPlan => &[Panel::Adoption],
            LongTermMatch => &[Panel::Fostering, Panel::Permanence],
            PermanencePlan | SpecialGuardianshipSupport => &[Panel::Permanence],
            PreProceedings | CareProceedings | Accommodation => &[Panel::ChildrensDecisionMeeting],
            Other | Unspecified => Panel::ALL,
        }
    }

    pub fn needs(self) -> Needs {
        use Business::*;
        match self {
            FosteringApproval | FirstReview | FosteringReview | ReviewFollowingConcerns | ChangeOfApproval
            | ChangeOfCircumstances | FosteringClosure | InterimReport | AdopterApproval | AdopterReview => {
                Needs::Household
            }
            ConnectedPersonApproval | TemporaryApprovalExtension | AdoptionMatch | LongTermMatch => Needs::Both,
            RelinquishedChildPlan | PermanencePlan | SpecialGuardianshipSupport | PreProceedings | CareProceedings
            | Accommodation => Needs::Child,
            Other | Unspecified => Needs::Either,
        }
    }

    /// The recommendations a panel may make on it (a deferral aside).
    pub fn recommendations(self) -> &'static [Recommendation] {
        use Business::*;
        use Recommendation as R;
        match self {
            FosteringApproval | ConnectedPersonApproval | AdopterApproval => &[R::Approve, R::DoNotApprove],
            FirstReview | FosteringReview | ReviewFollowingConcerns | ChangeOfApproval | ChangeOfCircumstances
            | AdopterReview => &[R::ContinueApproval, R::ChangeTerms, R::TerminateApproval],
            TemporaryApprovalExtension => &[R::Extend, R::DoNotExtend],
            FosteringClosure | InterimReport => &[R::Noted],
            AdoptionMatch | LongTermMatch => &[R::Match, R::DoNotMatch],
            RelinquishedChildPlan | PermanencePlan | SpecialGuardianshipSupport | PreProceedings | CareProceedings
            | Accommodation => &[R::Agree, R::DoNotAgree],
            Other => &[R::Agree, R::DoNotAgree, R::Noted],
            Unspecified => &[R::AsRecorded],
        }
    }

    /// Whether the agency decision maker decides on the panel's recommendation (the fostering
    /// and adoption panels recommend; the permanence panel and the children's decision meeting
    /// decide there and then). A noted report needs no decision.
    pub fn needs_decision(self) -> bool {
        use Business::*;
        match self {
            FosteringClosure | InterimReport | Unspecified => false,
            PermanencePlan | SpecialGuardianshipSupport | PreProceedings | CareProceedings | Accommodation
            | Other => false,
            _ => true,
        }
    }
}

crate::code_list! {
    /// What a panel recommends, or the agency decision maker decides.
    pub enum Recommendation ("recommendation") {
        Approve = "approve": "Approve",
        DoNotApprove = "do_not_approve": "Do not approve",
        ContinueApproval = "continue_approval": "Continue the approval",
        ChangeTerms = "change_terms": "Change the terms of approval",
        TerminateApproval = "terminate_approval": "End the approval",
        Extend = "extend": "Extend",
        DoNotExtend = "do_not_extend": "Do not extend",
        Match = "match": "Match",
        DoNotMatch = "do_not_match": "Do not match",
        Agree = "agree": "Agree",
        DoNotAgree = "do_not_agree": "Do not agree",
        Noted = "noted": "Noted",
        Deferred = "deferred": "Deferred (more information needed)",
        AsRecorded = "as_recorded": "As recorded in the text",
    }
}

crate::code_list! {
    /// The panel's grade of the main report presented (its quality-assurance role).
    pub enum Grade ("report grade") {
        Excellent = "excellent": "Excellent",
        Good = "good": "Good",
        Adequate = "adequate": "Adequate",
        Inadequate = "inadequate": "Inadequate",
    }
}

crate::code_list! {
    /// Where a recommendation or action came from.
    pub enum ActionSource ("source") {
        Panel = "panel": "The panel's recommendation",
        Adm = "adm": "The agency decision maker's recommendation",
        Chair = "chair": "The chair's advice to the service",
    }
}

super::own_choices!(PanelRole, Business, Recommendation, Grade, ActionSource);

/// Someone at a sitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub role: PanelRole,
    /// Not employed by the agency (an independent member or chair).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub independent: bool,
}

/// Longest name, reason or action text.
pub const MAX_TEXT: usize = 2_000;

/// A fact about a panel sitting, on the `panel` stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PanelEvent {
    /// A sitting is arranged (the first event of a sitting).
    Scheduled { panel: Panel, date: NaiveDate },
    /// Moved to another day, before it is held.
    Rescheduled { date: NaiveDate, reason: String },
    /// Called off: none of its cases is heard.
    Cancelled { reason: String },
    /// A case put on the agenda.
    CaseListed {
        case: ItemNo,
        business: Business,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        household: Option<HouseholdId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        child: Option<ChildId>,
        /// The item of the household's record the case is about (its application, review or
        /// temporary approval, by number).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<ItemNo>,
    },
    /// Taken off the agenda before it was heard.
    CaseWithdrawn { case: ItemNo, reason: String },
    /// The sitting took place with these people; `quorum` is the check made when it was recorded.
    Held { attendees: Vec<Attendee>, quorum: Quorum },
    /// The panel's recommendation on a case.
    CaseHeard {
        case: ItemNo,
        recommendation: Recommendation,
        reasons: String,
        /// The panel's grade of the main report presented.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quality: Option<Grade>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unanimous: Option<bool>,
    },
    /// The agency decision maker's decision on a case heard.
    AdmDecided {
        case: ItemNo,
        date: NaiveDate,
        decision: Recommendation,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    /// A recommendation or action for the service, with its owner and due date.
    ActionSet {
        action: ItemNo,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<ItemNo>,
        from: ActionSource,
        what: String,
        owner: WorkerId,
        due: NaiveDate,
    },
    ActionDone { action: ItemNo, date: NaiveDate, note: String },
    /// Checked as done by someone other than who said it was.
    ActionVerified { action: ItemNo, date: NaiveDate },
    /// Not done after all.
    ActionReopened { action: ItemNo, date: NaiveDate, reason: String },
    /// A decision recorded as free text on a child's record before sittings were kept (moved here
    /// by `legacy`): the child's entry `seq`, and its text.
    LegacyDecision { case: ItemNo, child: ChildId, seq: u64, text: String },
}

impl StreamEvent for PanelEvent {
    const CHANGED: bool = true;

    fn kind(&self) -> &'static str {
        match self {
            PanelEvent::Scheduled { .. } => "scheduled",
            PanelEvent::Rescheduled { .. } => "rescheduled",
            PanelEvent::Cancelled { .. } => "cancelled",
            PanelEvent::CaseListed { .. } => "case_listed",
            PanelEvent::CaseWithdrawn { .. } => "case_withdrawn",
            PanelEvent::Held { .. } => "held",
            PanelEvent::CaseHeard { .. } => "case_heard",
            PanelEvent::AdmDecided { .. } => "adm_decided",
            PanelEvent::ActionSet { .. } => "action_set",
            PanelEvent::ActionDone { .. } => "action_done",
            PanelEvent::ActionVerified { .. } => "action_verified",
            PanelEvent::ActionReopened { .. } => "action_reopened",
            PanelEvent::LegacyDecision { .. } => "legacy_decision",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            PanelEvent::Scheduled { date, .. }
            | PanelEvent::Rescheduled { date, .. }
            | PanelEvent::AdmDecided { date, .. }
            | PanelEvent::ActionDone { date, .. }
            | PanelEvent::ActionVerified { date, .. }
            | PanelEvent::ActionReopened { date, .. } => Some(*date),
            PanelEvent::ActionSet { .. }
            | PanelEvent::Cancelled { .. }
            | PanelEvent::CaseListed { .. }
            | PanelEvent::CaseWithdrawn { .. }
            | PanelEvent::Held { .. }
            | PanelEvent::CaseHeard { .. }
            | PanelEvent::LegacyDecision { .. } => None,
        }
    }
}

/// The panel's recommendation on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heard {
    pub recommendation: Recommendation,
    pub reasons: String,
    pub quality: Option<Grade>,
    pub unanimous: Option<bool>,
}

/// The agency decision maker's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    pub date: NaiveDate,
    pub decision: Recommendation,
    pub reasons: String,
    /// Who recorded it.
    pub by: String,
}

/// An agency decision on a case, made on the record it concerns (the household's or the child's)
/// and mirrored by the sitting's [`PanelEvent::AdmDecided`], written with it (decision 007).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmDecision {
    pub case: CaseRef,
    pub decision: Recommendation,
    pub date: NaiveDate,
    pub reasons: String,
}

impl AdmDecision {
    /// The sitting's entry for it.
    pub fn entry(&self) -> PanelEvent {
        PanelEvent::AdmDecided { case: self.case.case, date: self.date, decision: self.decision, reasons: self.reasons.trim().to_string() }
    }
}

/// The agency decision maker's reasons, as any record that keeps a decision takes them.
pub(crate) fn adm_reasons(reasons: &str) -> Result<(), String> {
    text("the agency decision maker's reasons", reasons, false)
}

/// A case on a sitting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub no: ItemNo,
    pub business: Business,
    pub household: Option<HouseholdId>,
    pub child: Option<ChildId>,
    pub about: Option<ItemNo>,
    pub withdrawn: Option<String>,
    pub heard: Option<Heard>,
    pub decided: Option<Decided>,
    /// Moved from a child's free-text entry (its `seq`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<u64>,
}

impl Case {
    /// Heard, not deferred, and waiting for the agency decision maker.
    pub fn awaits_decision(&self) -> bool {
        self.business.needs_decision()
            && self.decided.is_none()
            && self.heard.as_ref().is_some_and(|h| h.recommendation != Recommendation::Deferred)
    }

    /// The outcome as it stands: the decision where there is one, else the recommendation.
    pub fn outcome(&self) -> Option<Recommendation> {
        self.decided.as_ref().map(|d| d.decision).or(self.heard.as_ref().map(|h| h.recommendation))
    }
}

/// Where an action stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done { date: NaiveDate, by: String, note: String },
    Verified { date: NaiveDate, by: String, done: NaiveDate },
}

/// A recommendation or action for the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub no: ItemNo,
    pub case: Option<ItemNo>,
    pub from: ActionSource,
    pub what: String,
    pub owner: WorkerId,
    pub due: NaiveDate,
    pub set_by: String,
    pub status: ActionStatus,
    /// Reopened this many times.
    #[serde(default)]
    pub reopened: u32,
}

/// A sitting as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sitting {
    pub id: SittingId,
    pub panel: Panel,
    /// The day it is (or was) held.
    pub date: NaiveDate,
    pub cancelled: Option<String>,
    pub attendees: Vec<Attendee>,
    /// Set once held.
    pub quorum: Option<Quorum>,
    pub cases: Vec<Case>,
    pub actions: Vec<Action>,
}

impl Sitting {
    pub fn held(&self) -> bool {
        self.quorum.is_some()
    }

    pub fn case(&self, no: ItemNo) -> Option<&Case> {
        self.cases.iter().find(|c| c.no == no)
    }

    pub fn case_ref(&self, no: ItemNo) -> CaseRef {
        CaseRef { sitting: self.id.clone(), case: no }
    }

    /// Cases heard (a legacy decision counts as heard).
    pub fn heard(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().filter(|c| c.heard.is_some())
    }

    /// Whether the sitting was made from free-text decisions rather than kept as a sitting.
    pub fn is_legacy(&self) -> bool {
        !self.cases.is_empty() && self.cases.iter().all(|c| c.legacy.is_some())
    }

    fn case_mut(&mut self, no: ItemNo) -> Result<&mut Case, String> {
        self.cases.iter_mut().find(|c| c.no == no).ok_or_else(|| format!("no case {no} on this sitting"))
    }

    fn action_mut(&mut self, no: ItemNo) -> Result<&mut Action, String> {
        self.actions.iter_mut().find(|a| a.no == no).ok_or_else(|| format!("no action {no}"))
    }
}

fn text(what: &str, s: &str, required: bool) -> Result<(), String> {
    if required && s.trim().is_empty() {
        return Err(format!("{what} is needed"));
    }
    if s.chars().count() > MAX_TEXT {
        return Err(format!("{what} is at most {MAX_TEXT} characters"));
    }
    Ok(())
}

impl Projection for Sitting {
    const STREAM: &'static str = "panel";
    type Id = SittingId;
    type Event = PanelEvent;

    /// A sitting may be scheduled ahead, so its date is not bound by the day it was recorded.
    fn start(id: &SittingId, _at: Stamp, event: &PanelEvent) -> Result<Self, String> {
        let PanelEvent::Scheduled { panel, date } = event else {
            return Err("a sitting starts when it is scheduled".into());
        };
        if *date < crate::journey::EARLIEST_DATE {
            return Err(format!("{date} is before 1900"));
        }
        Ok(Sitting {
            id: id.clone(),
            panel: *panel,
            date: *date,
            cancelled: None,
            attendees: Vec::new(),
            quorum: None,
            cases: Vec::new(),
            actions: Vec::new(),
        })
    }

    fn apply(&mut self, at: Stamp, event: &PanelEvent) -> Result<(), String> {
        use PanelEvent::*;
        if let Some(d) = event.effective_date().filter(|_| !matches!(event, Rescheduled { .. })) {
            check_date(d, at)?;
        }
        if let Some(reason) = &self.cancelled {
            return Err(format!("the sitting was cancelled ({reason})"));
        }
        let recorded = at.recorded.at.date_naive();
        match event {
            Scheduled { .. } => return Err("the sitting is already scheduled".into()),
            Rescheduled { date, reason } => {
                if self.held() {
                    return Err("the sitting has been held".into());
                }
                text("the reason", reason, true)?;
                if *date < crate::journey::EARLIEST_DATE {
                    return Err(format!("{date} is before 1900"));
                }
                self.date = *date;
            }
            Cancelled { reason } => {
                if self.held() {
                    return Err("the sitting has been held: it cannot be cancelled".into());
                }
                text("the reason", reason, true)?;
                self.cancelled = Some(reason.trim().to_string());
            }
            CaseListed { case, business, household, child, about } => {
                if self.cases.iter().any(|c| c.no == *case) {
                    return Err(format!("case {case} is already listed"));
                }
                if !business.panels().contains(&self.panel) || *business == Business::Unspecified {
                    return Err(format!("a {} does not hear: {}", self.panel.label().to_lowercase(), business.label()));
                }
                let ok = match business.needs() {
                    Needs::Household => household.is_some() && child.is_none(),
                    Needs::Child => child.is_some() && household.is_none(),
                    Needs::Both => household.is_some() && child.is_some(),
                    Needs::Either => household.is_some() || child.is_some(),
                };
                if !ok {
                    let needed = match business.needs() {
                        Needs::Household => "a household (and no child)",
                        Needs::Child => "a child (and no household)",
                        Needs::Both => "a household and a child",
                        Needs::Either => "a household or a child",
                    };
                    return Err(format!("{} concerns {needed}", business.label()));
                }
                if let (Some(h), Some(c)) = (household, child) {
                    if self.cases.iter().any(|x| {
                        x.withdrawn.is_none()
                            && x.business == *business
                            && x.household.as_ref() == Some(h)
                            && x.child.as_ref() == Some(c)
                    }) {
                        return Err(format!("{h} and {c} are already listed for {}", business.label()));
                    }
                }
                self.cases.push(Case {
                    no: *case,
                    business: *business,
                    household: household.clone(),
                    child: child.clone(),
                    about: *about,
                    withdrawn: None,
                    heard: None,
                    decided: None,
                    legacy: None,
                });
            }
            CaseWithdrawn { case, reason } => {
                text("the reason", reason, true)?;
                let c = self.case_mut(*case)?;
                if c.heard.is_some() {
                    return Err(format!("case {case} has been heard"));
                }
                if c.withdrawn.is_some() {
                    return Err(format!("case {case} is already withdrawn"));
                }
                c.withdrawn = Some(reason.trim().to_string());
            }
            Held { attendees, quorum } => {
                if self.held() {
                    return Err("the sitting's attendance is already recorded".into());
                }
                if self.date > recorded.succ_opt().unwrap_or(recorded) {
                    return Err(format!("the sitting is on {}: record it when it has been held", self.date));
                }
                if attendees.is_empty() {
                    return Err("a sitting needs the people who attended".into());
                }
                for a in attendees {
                    text("an attendee's name", &a.name, true)?;
                }
                self.attendees = attendees.clone();
                self.quorum = Some(quorum.clone());
            }
            CaseHeard { case, recommendation, reasons, quality, unanimous } => {
                let Some(q) = &self.quorum else {
                    return Err("record who attended the sitting before the cases it heard".into());
                };
                if !q.met {
                    return Err(format!("the sitting was not quorate ({}): it could not conduct business", q.shortfall));
                }
                text("the reasons", reasons, true)?;
                let c = self.case_mut(*case)?;
                if c.withdrawn.is_some() {
                    return Err(format!("case {case} was withdrawn"));
                }
                if c.heard.is_some() {
                    return Err(format!("case {case} has already been heard"));
                }
                if *recommendation != Recommendation::Deferred && !c.business.recommendations().contains(recommendation)
                {
                    let allowed: Vec<&str> = c.business.recommendations().iter().map(|r| r.label()).collect();
                    return Err(format!(
                        "a recommendation on {} is one of: {}, or deferred",
                        c.business.label().to_lowercase(),
                        allowed.join(", ")
                    ));
                }
                c.heard = Some(Heard {
                    recommendation: *recommendation,
                    reasons: reasons.trim().to_string(),
                    quality: *quality,
                    unanimous: *unanimous,
                });
            }
            AdmDecided { case, date, decision, reasons } => {
                let sitting = self.date;
                text("the reasons", reasons, false)?;
                let c = self.case_mut(*case)?;
                if !c.business.needs_decision() {
                    return Err(format!("{} needs no agency decision", c.business.label()));
                }
                match &c.heard {
                    None => return Err(format!("case {case} has not been heard")),
                    Some(h) if h.recommendation == Recommendation::Deferred => {
                        return Err(format!("case {case} was deferred: list it again for the panel to hear"));
                    }
                    Some(_) => {}
                }
                if c.decided.is_some() {
                    return Err(format!("case {case} has already been decided"));
                }
                if *date < sitting {
                    return Err(format!("{date} is before the panel heard case {case} on {sitting}"));
                }
                if !c.business.recommendations().contains(decision) {
                    let allowed: Vec<&str> = c.business.recommendations().iter().map(|r| r.label()).collect();
                    return Err(format!("a decision on {} is one of: {}", c.business.label().to_lowercase(), allowed.join(", ")));
                }
                c.decided = Some(Decided {
                    date: *date,
                    decision: *decision,
                    reasons: reasons.trim().to_string(),
                    by: at.recorded.by.clone(),
                });
            }
            ActionSet { action, case, from, what, owner, due } => {
                if self.actions.iter().any(|a| a.no == *action) {
                    return Err(format!("action {action} already exists"));
                }
                if let Some(c) = case {
                    self.case_mut(*c)?;
                }
                if !self.held() && !self.is_legacy() {
                    return Err("actions come from a sitting that has been held".into());
                }
                text("what is to be done", what, true)?;
                if *due < self.date {
                    return Err(format!("the action is due on {due}, before the sitting on {}", self.date));
                }
                self.actions.push(Action {
                    no: *action,
                    case: *case,
                    from: *from,
                    what: what.trim().to_string(),
                    owner: owner.clone(),
                    due: *due,
                    set_by: at.recorded.by.clone(),
                    status: ActionStatus::Open,
                    reopened: 0,
                });
            }
            ActionDone { action, date, note } => {
                text("the note", note, true)?;
                let a = self.action_mut(*action)?;
                if a.status != ActionStatus::Open {
                    return Err(format!("action {action} is not open"));
                }
                a.status = ActionStatus::Done { date: *date, by: at.recorded.by.clone(), note: note.trim().to_string() };
            }
            ActionVerified { action, date } => {
                let a = self.action_mut(*action)?;
                let ActionStatus::Done { date: done, by, .. } = &a.status else {
                    return Err(format!("action {action} is not done yet"));
                };
                if *by == at.recorded.by {
                    return Err("whoever said the action was done cannot also verify it".into());
                }
                if date < done {
                    return Err(format!("{date} is before the action was done on {done}"));
                }
                let done = *done;
                a.status = ActionStatus::Verified { date: *date, by: at.recorded.by.clone(), done };
            }
            ActionReopened { action, date, reason } => {
                text("the reason", reason, true)?;
                let a = self.action_mut(*action)?;
                let since = match &a.status {
                    ActionStatus::Open => return Err(format!("action {action} is open")),
                    ActionStatus::Done { date, .. } | ActionStatus::Verified { date, .. } => *date,
                };
                if *date < since {
                    return Err(format!("{date} is before the action's last change on {since}"));
                }
                a.status = ActionStatus::Open;
                a.reopened += 1;
            }
            LegacyDecision { case, child, seq, text: t } => {
                if self.held() {
                    return Err("a sitting kept as one takes its cases as heard, not as moved text".into());
                }
                if self.cases.iter().any(|c| c.no == *case) {
                    return Err(format!("case {case} is already listed"));
                }
                if self.cases.iter().any(|c| c.legacy == Some(*seq) && c.child.as_ref() == Some(child)) {
                    return Err(format!("{child}'s entry {seq} is already moved here"));
                }
                self.cases.push(Case {
                    no: *case,
                    business: Business::Unspecified,
                    household: None,
                    child: Some(child.clone()),
                    about: None,
                    withdrawn: None,
                    heard: Some(Heard {
                        recommendation: Recommendation::AsRecorded,
                        reasons: t.clone(),
                        quality: None,
                        unanimous: None,
                    }),
                    decided: None,
                    legacy: Some(*seq),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Folds `events`, each recorded by the named user on 2026-03-31.
    fn fold(events: &[(&str, PanelEvent)]) -> Result<Option<Sitting>, crate::stream::StreamError> {
        let recs: Vec<Recorded> = events
            .iter()
            .map(|(by, _)| Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), *by, None))
            .collect();
        let id = SittingId::new("S000001").unwrap();
        Sitting::replay(
            &id,
            events.iter().zip(&recs).enumerate().map(|(i, ((_, e), r))| {
                (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)
            }),
        )
    }

    fn h(s: &str) -> HouseholdId {
        HouseholdId::new(s).unwrap()
    }

    fn quorate() -> PanelEvent {
        PanelEvent::Held {
            attendees: vec![Attendee { name: "Sue Tribe".into(), role: PanelRole::Chair, independent: true }],
            quorum: Quorum { met: true, rule: "test".into(), shortfall: String::new() },
        }
    }

    fn listed(case: ItemNo, business: Business) -> PanelEvent {
        PanelEvent::CaseListed { case, business, household: Some(h("H000001")), child: None, about: Some(1) }
    }

    fn base() -> Vec<(&'static str, PanelEvent)> {
        vec![
            ("adviser", PanelEvent::Scheduled { panel: Panel::Fostering, date: d("2026-03-10") }),
            ("adviser", listed(1, Business::FosteringApproval)),
            ("adviser", quorate()),
        ]
    }

    #[test]
    fn a_case_is_heard_then_decided_by_the_agency_decision_maker() {
        let mut events = base();
        events.push((
            "chair",
            PanelEvent::CaseHeard {
                case: 1,
                recommendation: Recommendation::Approve,
                reasons: "Strong assessment".into(),
                quality: Some(Grade::Good),
                unanimous: Some(true),
            },
        ));
        let s = fold(&events).unwrap().unwrap();
        assert!(s.case(1).unwrap().awaits_decision());
        events.push((
            "adm",
            PanelEvent::AdmDecided { case: 1, date: d("2026-03-16"), decision: Recommendation::Approve, reasons: String::new() },
        ));
        let s = fold(&events).unwrap().unwrap();
        let c = s.case(1).unwrap();
        assert!(!c.awaits_decision());
        assert_eq!(c.outcome(), Some(Recommendation::Approve));
        assert_eq!(c.decided.as_ref().unwrap().by, "adm");
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let refused = |extra: Vec<(&'static str, PanelEvent)>| {
            let mut events = base();
            events.extend(extra);
            fold(&events).unwrap_err().message
        };
        let heard = |r| ("chair", PanelEvent::CaseHeard { case: 1, recommendation: r, reasons: "x".into(), quality: None, unanimous: None });
        assert!(refused(vec![heard(Recommendation::Match)]).contains("one of: Approve, Do not approve"));
        assert!(
            refused(vec![("adviser", listed(2, Business::AdoptionMatch))]).contains("fostering panel does not hear")
        );
        let decide = ("adm", PanelEvent::AdmDecided { case: 1, date: d("2026-03-16"), decision: Recommendation::Approve, reasons: String::new() });
        assert!(refused(vec![decide.clone()]).contains("has not been heard"));
        assert!(refused(vec![heard(Recommendation::Deferred), decide]).contains("deferred"));
        let early = ("adm", PanelEvent::AdmDecided { case: 1, date: d("2026-03-09"), decision: Recommendation::Approve, reasons: String::new() });
        assert!(refused(vec![heard(Recommendation::Approve), early]).contains("before the panel heard"));

        // Not quorate: no business.
        let events = vec![
            ("adviser", PanelEvent::Scheduled { panel: Panel::Fostering, date: d("2026-03-10") }),
            ("adviser", listed(1, Business::FosteringApproval)),
            (
                "adviser",
                PanelEvent::Held {
                    attendees: vec![Attendee { name: "A".into(), role: PanelRole::Member, independent: false }],
                    quorum: Quorum { met: false, rule: "five members".into(), shortfall: "4 members of 5".into() },
                },
            ),
            heard(Recommendation::Approve),
        ];
        assert!(fold(&events).unwrap_err().message.contains("not quorate (4 members of 5)"));
    }

    #[test]
    fn actions_go_open_done_verified_and_the_verifier_is_someone_else() {
        let mut events = base();
        events.push((
            "chair",
            PanelEvent::ActionSet {
                action: 1,
                case: Some(1),
                from: ActionSource::Adm,
                what: "Medical update before the first review".into(),
                owner: WorkerId::new("W1").unwrap(),
                due: d("2026-04-30"),
            },
        ));
        events.push(("ssw", PanelEvent::ActionDone { action: 1, date: d("2026-03-20"), note: "Booked".into() }));
        let mut same = events.clone();
        same.push(("ssw", PanelEvent::ActionVerified { action: 1, date: d("2026-03-21") }));
        assert!(fold(&same).unwrap_err().message.contains("cannot also verify"));
        events.push(("adviser", PanelEvent::ActionVerified { action: 1, date: d("2026-03-21") }));
        let s = fold(&events).unwrap().unwrap();
        assert!(matches!(s.actions[0].status, ActionStatus::Verified { done, .. } if done == d("2026-03-20")));
        events.push(("adviser", PanelEvent::ActionReopened { action: 1, date: d("2026-03-25"), reason: "Not booked after all".into() }));
        let s = fold(&events).unwrap().unwrap();
        assert_eq!((&s.actions[0].status, s.actions[0].reopened), (&ActionStatus::Open, 1));
    }

    #[test]
    fn every_business_is_heard_by_some_panel_and_has_recommendations() {
        for b in Business::ALL {
            assert!(!b.panels().is_empty(), "{b:?}");
            assert!(!b.recommendations().is_empty(), "{b:?}");
            assert!(!b.recommendations().contains(&Recommendation::Deferred), "{b:?}: deferral is always allowed");
        }
    }
}
