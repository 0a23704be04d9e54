//! A child's record as it stands: the fold of the child's events, with the
//! invariants that every write must keep.

use super::events::*;
use super::order::{Breaches, Finding, LogEntry, Order, rule};
use crate::codes::*;
use crate::ids::{ChildId, ItemNo, TeamId, WorkerId};
use crate::virtual_school::{Attendance, Education, Exclusion, Pep, Roll};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A write that would break the record, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event} for child {child}: {message}")]
pub struct InvariantError {
    pub child: String,
    /// The event's kind (`care_started`…).
    pub event: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub no: ItemNo,
    pub at: NaiveDateTime,
    pub source: ReferralSource,
    pub decided: Option<(NaiveDateTime, ContactOutcome)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlyHelp {
    pub no: ItemNo,
    pub requested: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub no: ItemNo,
    pub start: NaiveDate,
    pub completed: Option<NaiveDate>,
    pub authorised: Option<NaiveDate>,
    pub factors: Vec<AssessmentFactor>,
    pub outcome: Option<AssessmentOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyDiscussion {
    pub no: ItemNo,
    pub at: NaiveDateTime,
    pub s47: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct S47 {
    pub no: ItemNo,
    pub start: NaiveDate,
    pub discussion: Option<ItemNo>,
    /// (date, ICPC required?)
    pub concluded: Option<(NaiveDate, bool)>,
    pub icpc: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Icpc {
    pub date: NaiveDate,
    pub s47: Option<ItemNo>,
    pub plan: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpPlan {
    pub no: ItemNo,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub initial_category: CategoryOfAbuse,
    pub latest_category: CategoryOfAbuse,
    pub reviews: Vec<NaiveDate>,
    pub transfer_in: bool,
    /// How many earlier CP plans the child had, as reported where the record may not hold them
    /// all (plans in another authority, or before the censuses imported: NumberOfPreviousCPP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_plans: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CinPlan {
    pub no: ItemNo,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// A referral and the CIN episode it opens (CIN census `CINdetails`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub no: ItemNo,
    pub at: NaiveDateTime,
    pub source: ReferralSource,
    pub contact: Option<ItemNo>,
    pub exploitation: Vec<Exploitation>,
    pub decided: Option<(NaiveDateTime, ReferralNext)>,
    pub primary_need: Option<PrimaryNeed>,
    pub assessments: Vec<Assessment>,
    pub discussions: Vec<StrategyDiscussion>,
    pub s47s: Vec<S47>,
    pub icpcs: Vec<Icpc>,
    pub cp_plans: Vec<CpPlan>,
    pub cin_plans: Vec<CinPlan>,
    pub closed: Option<(NaiveDate, ReasonForClosure)>,
}

impl Referral {
    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
    /// Referral with no further action (CIN census ReferralNFA).
    pub fn nfa(&self) -> bool {
        matches!(self.decided, Some((_, ReferralNext::NoFurtherAction)))
    }
    pub fn is_open_on(&self, d: NaiveDate) -> bool {
        self.date() <= d && self.closed.is_none_or(|(c, _)| c > d)
    }
}

/// One change within a period of care: the start, or a change of legal status and/or placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareChange {
    pub date: NaiveDate,
    pub legal_status: LegalStatus,
    pub placement: Placement,
    /// What changed: `S` for the start, else L/P/T/B/U.
    pub reason: ReasonNewEpisode,
    pub place_change_reason: Option<ReasonPlaceChange>,
}

/// A period of being looked after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarePeriod {
    pub start: NaiveDate,
    pub need: CategoryOfNeed,
    /// Every change in date order; the first is the start.
    pub changes: Vec<CareChange>,
    pub end: Option<(NaiveDate, ReasonEpisodeCeased)>,
    pub previous_permanence: Option<PreviousPermanenceRecord>,
}

impl CarePeriod {
    pub fn is_open_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|(e, _)| e > d)
    }
    pub fn end_date(&self) -> Option<NaiveDate> {
        self.end.map(|(d, _)| d)
    }
    pub fn current(&self) -> &CareChange {
        self.changes.last().expect("a period starts with a change")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingEpisode {
    pub no: ItemNo,
    pub kind: MissingType,
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
    /// (offered at, accepted)
    pub interview: Option<(NaiveDateTime, bool)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdqRecord {
    pub date: NaiveDate,
    pub score: Option<u8>,
    pub reason: Option<SdqReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareLeaverContactRecord {
    pub date: NaiveDate,
    pub in_touch: InTouch,
    pub activity: Option<Activity>,
    pub accommodation: Option<Accommodation>,
}

/// An independent reviewer assigned to the child from `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerAssignment {
    pub from: NaiveDate,
    pub worker: WorkerId,
    pub role: ReviewerRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub from: NaiveDate,
    /// `None` = unallocated from this date.
    pub worker: Option<WorkerId>,
    pub team: Option<TeamId>,
    pub reason: Option<SocialWorkerChangeReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Interval {
    pub fn is_open_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| e > d)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adoption {
    pub decision: NaiveDate,
    pub panel: Option<NaiveDate>,
    pub matched: Option<(NaiveDate, Adopters)>,
    pub reversed: Option<(NaiveDate, ReasonPlacedCeased)>,
    /// Who the child was matched with, where the match says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_with: Option<MatchedWith>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_finding: Option<NaiveDate>,
    /// Family-finding updates, by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<NaiveDate>,
    /// Service manager reviews when no placement was identified: (date, national search).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<(NaiveDate, bool)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disruptions: Vec<NaiveDate>,
}

/// The adopters a match names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedWith {
    pub household: Option<crate::people::HouseholdId>,
    pub agency: Option<crate::adopters::AdopterAgency>,
    pub panel: Option<crate::panels::CaseRef>,
}

/// A link with prospective adopters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub no: ItemNo,
    pub date: NaiveDate,
    pub household: Option<crate::people::HouseholdId>,
    pub agency: crate::adopters::AdopterAgency,
    pub ended: Option<(NaiveDate, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub no: ItemNo,
    pub received: NaiveDate,
    pub stage: u8,
    pub answered: Option<NaiveDate>,
}

/// A request from the SEND service for social care's advice to an EHC needs assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendAdvice {
    pub no: ItemNo,
    pub requested: NaiveDate,
    pub given: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated<T> {
    pub date: NaiveDate,
    pub value: T,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub by: Option<WorkerId>,
    pub panel: Option<Panel>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub seen: bool,
    pub seen_alone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proceedings {
    pub pre_start: Option<NaiveDate>,
    pub pre_end: Option<(NaiveDate, PreProceedingsOutcome)>,
    pub issued: Option<NaiveDate>,
    pub concluded: Option<(NaiveDate, ProceedingsOutcome)>,
}

/// The child's record as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildRecord {
    pub id: ChildId,
    pub details: ChildDetails,
    pub died: Option<NaiveDate>,
    pub uasc: Vec<Interval>,
    pub mother_of: Vec<NaiveDate>,
    pub contacts: Vec<Contact>,
    pub early_help: Vec<EarlyHelp>,
    pub referrals: Vec<Referral>,
    pub visits: Vec<Dated<Visit>>,
    pub proceedings: Vec<Proceedings>,
    pub care: Vec<CarePeriod>,
    pub lac_reviews: Vec<Dated<ReviewParticipation>>,
    pub permanence_plans: Vec<Dated<PermanencePlan>>,
    /// Care plans made (reg 4), by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub care_plans: Vec<NaiveDate>,
    /// Placement plans (reg 9): when made, for the placement starting on `value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_plans: Vec<Dated<NaiveDate>>,
    pub missing: Vec<MissingEpisode>,
    pub health_assessments: Vec<NaiveDate>,
    pub dental_checks: Vec<NaiveDate>,
    pub sdqs: Vec<SdqRecord>,
    pub health_outcomes: Vec<Dated<HealthOutcomes>>,
    pub dolos: Vec<Interval>,
    pub adoptions: Vec<Adoption>,
    pub pathway_plan_reviews: Vec<NaiveDate>,
    /// When the care leaver asked for a personal adviser's support to 25.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adviser_support_requested: Vec<NaiveDate>,
    pub care_leaver_contacts: Vec<CareLeaverContactRecord>,
    pub allocations: Vec<Allocation>,
    /// Reviewing officers and conference chairs, in the order assigned
    /// (absent from projections stored before reviewers were recorded).
    #[serde(default)]
    pub reviewers: Vec<ReviewerAssignment>,
    pub notes: Vec<Dated<Note>>,
    pub complaints: Vec<Complaint>,
    pub ehc: Vec<Interval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub send_advice: Vec<SendAdvice>,
    /// Annual reviews of the EHC plan social care attended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ehc_reviews: Vec<NaiveDate>,
    /// School, PEPs, attendance, exclusions and destination (the Virtual School, decision 008).
    #[serde(default, skip_serializing_if = "Education::is_empty")]
    pub education: Education,
}

/// The earliest date a record accepts: a date before it is a typing error (year 0000, 1066).
pub const EARLIEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");

/// Events that may be dated before birth, and the only ones an unborn child's record takes
/// (with the birth itself and amendments of details): the front door, assessment, child
/// protection (S47, conference, plan), a child in need plan, early help, pre-proceedings,
/// visits (to the expectant mother: never "seen alone"), allocation, oversight, panels and
/// complaints. Never care, a placement, or care proceedings, which need a child who is born.
fn may_precede_birth(e: &ChildEvent) -> bool {
    use ChildEvent::*;
    matches!(
        e,
        EarlyHelpRequested { .. }
            | EarlyHelpStarted { .. }
            | EarlyHelpEnded { .. }
            | ComplaintReceived { .. }
            | ComplaintAnswered { .. }
            | ContactReceived { .. }
            | ContactDecided { .. }
            | ReferralReceived { .. }
            | ReferralDecided { .. }
            | PrimaryNeedRecorded { .. }
            | AssessmentStarted { .. }
            | AssessmentAuthorised { .. }
            | StrategyDiscussionHeld { .. }
            | S47Started { .. }
            | S47Concluded { .. }
            | IcpcHeld { .. }
            | CpPlanStarted { .. }
            | CpCategoryChanged { .. }
            | CpReviewHeld { .. }
            | CpPlanEnded { .. }
            | CinPlanStarted { .. }
            | CinPlanEnded { .. }
            | CaseClosed { .. }
            | Visited { .. }
            | PreProceedingsStarted { .. }
            | PreProceedingsEnded { .. }
            | WorkerAllocated { .. }
            | WorkerDeallocated { .. }
            | ReviewerAssigned { .. }
            | ManagementOversight { .. }
            | PanelDecision { .. }
    )
}

/// Events that start something, which cannot happen after the child's death.
fn starts_something(e: &ChildEvent) -> bool {
    use ChildEvent::*;
    matches!(
        e,
        ContactReceived { .. }
            | ReferralReceived { .. }
            | AssessmentStarted { .. }
            | S47Started { .. }
            | CpPlanStarted { .. }
            | CinPlanStarted { .. }
            | CareStarted { .. }
            | PlacementChanged { .. }
            | LegalStatusAndPlacementChanged { .. }
            | MissingStarted { .. }
            | LacReviewHeld { .. }
            | CpReviewHeld { .. }
    )
}

macro_rules! find_mut {
    ($vec:expr, $no:expr, $what:literal, $fail:expr) => {
        match $vec.iter_mut().find(|x| x.no == $no) {
            Some(x) => x,
            None => return Err($fail(format!(concat!("no ", $what, " {}"), $no))),
        }
    };
}

impl ChildRecord {
    /// A record from its first event, which must be `Registered`.
    pub fn register(id: ChildId, e: &ChildEvent) -> Result<ChildRecord, InvariantError> {
        let ChildEvent::Registered { details } = e else {
            return Err(InvariantError {
                child: id.to_string(),
                event: e.kind(),
                message: "the child is not registered: the first event must be `registered`".into(),
            });
        };
        check_details(&id, details)?;
        Ok(ChildRecord {
            id,
            details: details.clone(),
            died: None,
            uasc: vec![],
            mother_of: vec![],
            contacts: vec![],
            early_help: vec![],
            referrals: vec![],
            visits: vec![],
            proceedings: vec![],
            care: vec![],
            lac_reviews: vec![],
            permanence_plans: vec![],
            care_plans: vec![],
            placement_plans: vec![],
            missing: vec![],
            health_assessments: vec![],
            dental_checks: vec![],
            sdqs: vec![],
            health_outcomes: vec![],
            dolos: vec![],
            adoptions: vec![],
            pathway_plan_reviews: vec![],
            adviser_support_requested: vec![],
            care_leaver_contacts: vec![],
            allocations: vec![],
            reviewers: vec![],
            notes: vec![],
            complaints: vec![],
            ehc: vec![],
            send_advice: vec![],
            ehc_reviews: vec![],
            education: Education::default(),
        })
    }

    /// Replays a child's whole log (`(seq, event)` in order), honouring
    /// corrections and retractions: each refers to an earlier event by its
    /// sequence number, and the record is the fold of the events as corrected.
    pub fn replay<L: LogEntry>(id: &ChildId, log: &[L]) -> Result<ChildRecord, InvariantError> {
        Self::replay_noting(id, log).map(|(record, _)| record)
    }

    /// Replays a log as [`replay`](Self::replay) does, keeping the entries recorded before the
    /// journey's order rules existed ([`Order::Noted`]) where they break one, each breach
    /// returned as a finding (in log order) to be put right through a correction.
    pub fn replay_noting<L: LogEntry>(id: &ChildId, log: &[L]) -> Result<(ChildRecord, Vec<Finding>), InvariantError> {
        let mut findings = Vec::new();
        let record = replay_log(id, &lines(log), &mut findings).map_err(|(_, e)| e)?;
        Ok((record, findings))
    }

    /// The record with `changes` (a correction, a withdrawal and what is recorded with it) after
    /// `log`, as [`replay_noting`](Self::replay_noting) gives it: changes bound by the order rules
    /// (every change made now) are refused where they break one, or would leave an earlier entry
    /// breaking a rule it did not break before (an S47 whose discussion is withdrawn), so only
    /// what was recorded before the rules stands with a finding.
    pub fn replay_changed<L: LogEntry, C: LogEntry>(
        id: &ChildId,
        log: &[L],
        changes: &[C],
    ) -> Result<(ChildRecord, Vec<Finding>), InvariantError> {
        let log = lines(log);
        let mut before = Vec::new();
        replay_log(id, &log, &mut before).map_err(|(_, e)| e)?;
        replay_changed(id, log, &lines(changes), &before).map_err(|(_, e)| e)
    }

    /// The reviewers assigned on `d`: the latest of each role.
    pub fn reviewers_on(&self, d: NaiveDate) -> Vec<&ReviewerAssignment> {
        let mut latest: Vec<&ReviewerAssignment> = Vec::new();
        for a in self.reviewers.iter().filter(|a| a.from <= d) {
            latest.retain(|l| l.role != a.role);
            latest.push(a);
        }
        latest
    }

    /// The allocation in force on `d`.
    pub fn allocation_on(&self, d: NaiveDate) -> Option<&Allocation> {
        self.allocations.iter().rev().find(|a| a.from <= d)
    }

    /// Applies one event (not `Registered`, `Corrected` or `Retracted`, which
    /// [`replay`](Self::replay) handles), or refuses it leaving `self` unchanged.
    pub fn apply(&mut self, e: &ChildEvent) -> Result<(), InvariantError> {
        self.apply_noting(e, Order::Enforced).map(drop)
    }

    /// Applies one event as [`apply`](Self::apply) does, under `order`: an entry recorded before
    /// the journey's order rules existed is kept where it breaks one, and each breach returned
    /// as `(rule, message)`.
    pub fn apply_noting(&mut self, e: &ChildEvent, order: Order) -> Result<Vec<(&'static str, String)>, InvariantError> {
        let mut noted = Vec::new();
        let mut next = self.clone();
        next.apply_in_place(e, &mut Breaches { order, noted: &mut noted })?;
        *self = next;
        Ok(noted)
    }

    fn apply_in_place(&mut self, e: &ChildEvent, b: &mut Breaches) -> Result<(), InvariantError> {
        use ChildEvent::*;
        let kind = e.kind();
        let child = self.id.to_string();
        let fail = |m: String| InvariantError { child: child.clone(), event: kind, message: m };
        if let Some(date) = dates_in(e).into_iter().find(|d| *d < EARLIEST_DATE) {
            b.breach(rule::FROM_1900, format!("{date} is before {EARLIEST_DATE}: check the year")).map_err(&fail)?;
        }
        if self.details.dob.is_none() {
            if !may_precede_birth(e) && !matches!(e, Born { .. } | DetailsAmended { .. }) {
                b.breach(
                    rule::UNBORN_STEPS,
                    "the child is not born yet: before the birth is recorded only pre-birth steps are (the front door, \
                     assessment, strategy discussion and S47, conference, CP or CIN plan, early help, pre-proceedings, \
                     visits)"
                        .into(),
                )
                .map_err(&fail)?;
            }
            if let Visited { seen_alone: true, .. } = e {
                b.breach(rule::UNBORN_SEEN_ALONE, "an unborn child cannot be seen alone".into()).map_err(&fail)?;
            }
        }
        if let Some(date) = e.effective_date() {
            if let Some(dob) = self.details.dob
                && date < dob
                && !may_precede_birth(e)
                && !matches!(e, BecameMother { .. })
            {
                b.breach(rule::AFTER_BIRTH, format!("{date} is before the child's date of birth {dob}")).map_err(&fail)?;
            }
            if let Some(death) = self.died
                && date > death
                && starts_something(e)
            {
                return Err(fail(format!("{date} is after the child's death on {death}")));
            }
        }
        match e {
            Registered { .. } => return Err(fail("the child is already registered".into())),
            Corrected { .. } | Retracted { .. } => {
                return Err(fail("corrections are applied by replaying the log".into()));
            }
            DetailsAmended { details } => {
                check_details(&self.id, details)?;
                if self.details.dob.is_some() && details.dob.is_none() {
                    return Err(fail("a child who is born keeps a date of birth: correct it instead".into()));
                }
                self.check_birth_date(details.dob).map_err(&fail)?;
                self.details = details.clone();
            }
            Born { date, forename, surname, sex, babies } => {
                if let Some(dob) = self.details.dob {
                    return Err(fail(format!("the child's birth is already recorded ({dob})")));
                }
                if !(1..=8).contains(babies) {
                    return Err(fail(format!("{babies} babies: 1 to 8 expected")));
                }
                self.check_birth_date(Some(*date)).map_err(&fail)?;
                let d = &mut self.details;
                d.dob = Some(*date);
                for (field, given) in [(&mut d.forename, forename), (&mut d.surname, surname)] {
                    if let Some(name) = given.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                        *field = name.to_string();
                    }
                }
                d.sex = sex.or(d.sex);
            }
            Died { date } => {
                if self.died.is_some() {
                    return Err(fail("the child's death is already recorded".into()));
                }
                self.died = Some(*date);
            }
            UascStarted { date } => {
                if self.uasc.iter().any(|u| u.end.is_none()) {
                    return Err(fail("UASC status is already open".into()));
                }
                self.uasc.push(Interval { start: *date, end: None });
            }
            UascEnded { date } => close_interval(&mut self.uasc, *date, "UASC status").map_err(fail)?,
            BecameMother { child_dob } => self.mother_of.push(*child_dob),
            ContactReceived { contact, at, source } => {
                if self.contacts.iter().any(|c| c.no == *contact) {
                    return Err(fail(format!("contact {contact} already exists")));
                }
                self.contacts.push(Contact { no: *contact, at: *at, source: *source, decided: None });
            }
            ContactDecided { contact, at, outcome } => {
                let c = find_mut!(self.contacts, *contact, "contact", fail);
                if c.decided.is_some() {
                    return Err(fail(format!("contact {contact} is already decided")));
                }
                if *at < c.at {
                    return Err(fail(format!("decision at {at} is before the contact at {}", c.at)));
                }
                c.decided = Some((*at, *outcome));
            }
            EarlyHelpRequested { episode, date } => {
                if self.early_help.iter().any(|h| h.no == *episode) {
                    return Err(fail(format!("early help episode {episode} already exists")));
                }
                self.early_help.push(EarlyHelp { no: *episode, requested: Some(*date), start: None, end: None });
            }
            EarlyHelpStarted { episode, date } => {
                if !self.early_help.iter().any(|h| h.no == *episode) {
                    self.early_help.push(EarlyHelp { no: *episode, requested: None, start: None, end: None });
                }
                let h = find_mut!(self.early_help, *episode, "early help episode", fail);
                if h.start.is_some() {
                    return Err(fail(format!("early help episode {episode} has already started")));
                }
                if h.requested.is_some_and(|r| r > *date) {
                    return Err(fail(format!("early help cannot start on {date}, before it was requested")));
                }
                h.start = Some(*date);
            }
            EarlyHelpEnded { episode, date } => {
                let h = find_mut!(self.early_help, *episode, "early help episode", fail);
                match h.start {
                    Some(s) if h.end.is_none() && s <= *date => h.end = Some(*date),
                    Some(_) if h.end.is_some() => {
                        return Err(fail(format!("early help episode {episode} has already ended")));
                    }
                    _ => {
                        return Err(fail(format!(
                            "early help episode {episode} cannot end on {date}: not started by then"
                        )));
                    }
                }
            }
            ReferralReceived { referral, at, source, contact, exploitation } => {
                if self.referrals.iter().any(|r| r.no == *referral) {
                    return Err(fail(format!("referral {referral} already exists")));
                }
                if let Some(open) = self.referrals.iter().find(|r| r.closed.is_none()) {
                    return Err(fail(format!(
                        "referral {} (received {}) is still open: record new concerns on it or close it first",
                        open.no,
                        open.date()
                    )));
                }
                // A new episode may start on the day the last one closed (CIN rule 8820).
                if let Some(last) = self.referrals.iter().filter_map(|r| r.closed.map(|c| c.0)).max()
                    && at.date() < last
                {
                    return Err(fail(format!(
                        "a referral on {} would overlap the episode closed on {last}",
                        at.date()
                    )));
                }
                if let Some(c) = contact {
                    let Some(x) = self.contacts.iter().find(|x| x.no == *c) else {
                        return Err(fail(format!("no contact {c}")));
                    };
                    if x.at > *at {
                        let message = format!("the referral at {at} is before contact {c} was received at {}", x.at);
                        b.breach(rule::REFERRAL_AFTER_CONTACT, message).map_err(&fail)?;
                    }
                }
                self.referrals.push(Referral {
                    no: *referral,
                    at: *at,
                    source: *source,
                    contact: *contact,
                    exploitation: exploitation.clone(),
                    decided: None,
                    primary_need: None,
                    assessments: vec![],
                    discussions: vec![],
                    s47s: vec![],
                    icpcs: vec![],
                    cp_plans: vec![],
                    cin_plans: vec![],
                    closed: None,
                });
            }
            ReferralDecided { referral, at, next } => {
                let r = self.open_referral(*referral, at.date()).map_err(&fail)?;
                if r.decided.is_some() {
                    return Err(fail(format!("referral {referral} is already decided")));
                }
                if *at < r.at {
                    return Err(fail(format!("decision at {at} is before the referral at {}", r.at)));
                }
                if *next == ReferralNext::NoFurtherAction && has_activity(r) {
                    return Err(fail(format!(
                        "referral {referral} already has assessment or S47 activity: it cannot be no further action"
                    )));
                }
                r.decided = Some((*at, *next));
            }
            PrimaryNeedRecorded { referral, need } => {
                let r = find_mut!(self.referrals, *referral, "referral", fail);
                r.primary_need = Some(*need);
            }
            AssessmentStarted { referral, assessment, date } => {
                let r = self.open_referral(*referral, *date).map_err(&fail)?;
                refuse_nfa(r).map_err(&fail)?;
                if r.assessments.iter().any(|a| a.no == *assessment) {
                    return Err(fail(format!("assessment {assessment} already exists")));
                }
                if let Some(open) = r.assessments.iter().find(|a| a.authorised.is_none()) {
                    return Err(fail(format!("assessment {} is still open in referral {referral}", open.no)));
                }
                r.assessments.push(Assessment {
                    no: *assessment,
                    start: *date,
                    completed: None,
                    authorised: None,
                    factors: vec![],
                    outcome: None,
                });
            }
            AssessmentAuthorised { assessment, date, completed, factors, outcome } => {
                let a = self
                    .referrals
                    .iter_mut()
                    .flat_map(|r| r.assessments.iter_mut())
                    .find(|a| a.no == *assessment)
                    .ok_or_else(|| fail(format!("no assessment {assessment}")))?;
                if a.authorised.is_some() {
                    return Err(fail(format!("assessment {assessment} is already authorised")));
                }
                if *date < a.start {
                    return Err(fail(format!("authorised on {date}, before the assessment started on {}", a.start)));
                }
                if completed.is_some_and(|c| c < a.start || c > *date) {
                    return Err(fail("the completion date must fall between the start and the authorisation".into()));
                }
                if factors.is_empty() {
                    return Err(fail(
                        "an authorised assessment records its factors (21 if none were identified)".into(),
                    ));
                }
                if factors.contains(&AssessmentFactor::F21) && factors.len() > 1 {
                    return Err(fail("factor 21 (no factors identified) cannot be combined with other factors".into()));
                }
                let mut uniq = factors.clone();
                uniq.sort();
                uniq.dedup();
                if uniq.len() != factors.len() {
                    return Err(fail("a factor is recorded twice".into()));
                }
                a.authorised = Some(*date);
                a.completed = *completed;
                a.factors = factors.clone();
                a.outcome = Some(*outcome);
            }
            StrategyDiscussionHeld { referral, discussion, at, s47 } => {
                let r = self.open_referral(*referral, at.date()).map_err(&fail)?;
                refuse_nfa(r).map_err(&fail)?;
                if *at < r.at {
                    let message =
                        format!("the strategy discussion at {at} is before referral {referral} was received at {}", r.at);
                    b.breach(rule::STRATEGY_AFTER_REFERRAL, message).map_err(&fail)?;
                }
                if r.discussions.iter().any(|d| d.no == *discussion) {
                    return Err(fail(format!("strategy discussion {discussion} already exists")));
                }
                r.discussions.push(StrategyDiscussion { no: *discussion, at: *at, s47: *s47 });
            }
            S47Started { referral, s47, date, discussion } => {
                let r = self.open_referral(*referral, *date).map_err(&fail)?;
                refuse_nfa(r).map_err(&fail)?;
                if r.s47s.iter().any(|s| s.no == *s47) {
                    return Err(fail(format!("S47 enquiry {s47} already exists")));
                }
                if let Some(open) = r.s47s.iter().find(|s| s.concluded.is_none() && s.icpc.is_none()) {
                    return Err(fail(format!("S47 enquiry {} is still open in referral {referral}", open.no)));
                }
                // Working Together: an S47 enquiry is started by a strategy discussion that decided on one.
                match discussion {
                    None => b
                        .breach(
                            rule::S47_AFTER_STRATEGY,
                            format!(
                                "an S47 enquiry follows a strategy discussion: record the discussion in referral {referral} first"
                            ),
                        )
                        .map_err(&fail)?,
                    Some(d) => {
                        let sd = r
                            .discussions
                            .iter()
                            .find(|x| x.no == *d)
                            .ok_or_else(|| fail(format!("no strategy discussion {d} in referral {referral}")))?;
                        if sd.at.date() > *date {
                            return Err(fail(format!("the S47 starts on {date}, before strategy discussion {d}")));
                        }
                        if !sd.s47 {
                            let message = format!("strategy discussion {d} decided against a section 47 enquiry");
                            b.breach(rule::S47_AFTER_STRATEGY, message).map_err(&fail)?;
                        }
                    }
                }
                r.s47s.push(S47 { no: *s47, start: *date, discussion: *discussion, concluded: None, icpc: None });
            }
            S47Concluded { s47, date, icpc_required } => {
                let s = self
                    .referrals
                    .iter_mut()
                    .flat_map(|r| r.s47s.iter_mut())
                    .find(|s| s.no == *s47)
                    .ok_or_else(|| fail(format!("no S47 enquiry {s47}")))?;
                if s.concluded.is_some() {
                    return Err(fail(format!("S47 enquiry {s47} is already concluded")));
                }
                if *date < s.start {
                    return Err(fail(format!("concluded on {date}, before the enquiry started on {}", s.start)));
                }
                s.concluded = Some((*date, *icpc_required));
            }
            IcpcHeld { referral, s47, date, plan } => {
                let r = self.open_referral(*referral, *date).map_err(&fail)?;
                refuse_nfa(r).map_err(&fail)?;
                if let Some(no) = s47 {
                    let s =
                        r.s47s.iter_mut().find(|s| s.no == *no).ok_or_else(|| fail(format!("no S47 enquiry {no}")))?;
                    if s.icpc.is_some() {
                        return Err(fail(format!("S47 enquiry {no} already has its initial conference")));
                    }
                    if *date < s.start {
                        return Err(fail(format!("the conference on {date} is before the S47 started on {}", s.start)));
                    }
                    if s.concluded.is_some_and(|(_, required)| !required) {
                        return Err(fail(format!("S47 enquiry {no} concluded that no conference was required")));
                    }
                    s.icpc = Some(*date);
                }
                r.icpcs.push(Icpc { date: *date, s47: *s47, plan: *plan });
            }
            CpPlanStarted { referral, plan, date, category, transfer_in, previous_plans } => {
                if self.referrals.iter().flat_map(|r| &r.cp_plans).any(|p| p.no == *plan) {
                    return Err(fail(format!("CP plan {plan} already exists")));
                }
                let r = self.open_referral(*referral, *date).map_err(&fail)?;
                refuse_nfa(r).map_err(&fail)?;
                if let Some(open) = r.cp_plans.iter().find(|p| p.end.is_none()) {
                    return Err(fail(format!("CP plan {} is still open", open.no)));
                }
                if let Some(open) = r.cin_plans.iter().find(|p| p.end.is_none_or(|e| e > *date)) {
                    return Err(fail(format!(
                        "CIN plan {} is still open on {date}: end it before the CP plan starts",
                        open.no
                    )));
                }
                let used = r.cp_plans.iter().filter(|p| !p.transfer_in).count();
                let conferences = r.icpcs.iter().filter(|c| c.plan && c.date <= *date).count();
                if !transfer_in && conferences <= used {
                    return Err(fail(format!(
                        "a CP plan needs an initial child protection conference that decided on a plan, on or before {date}, or a transfer-in"
                    )));
                }
                r.cp_plans.push(CpPlan {
                    no: *plan,
                    start: *date,
                    end: None,
                    initial_category: *category,
                    latest_category: *category,
                    reviews: vec![],
                    transfer_in: *transfer_in,
                    previous_plans: *previous_plans,
                });
            }
            CpCategoryChanged { plan, date, category } => {
                let p = self.open_cp_plan(*plan, *date).map_err(&fail)?;
                p.latest_category = *category;
            }
            CpReviewHeld { plan, date } => {
                let p = self.open_cp_plan(*plan, *date).map_err(&fail)?;
                if *date <= p.start {
                    return Err(fail(format!("a review on {date} must come after the plan started on {}", p.start)));
                }
                p.reviews.push(*date);
            }
            CpPlanEnded { plan, date } => {
                let p = self.open_cp_plan(*plan, *date).map_err(&fail)?;
                if *date <= p.start {
                    return Err(fail(format!("the plan cannot end on {date}: it started on {}", p.start)));
                }
                if p.reviews.last().is_some_and(|r| r > date) {
                    return Err(fail(format!("the plan cannot end on {date}, before its last review")));
                }
                p.end = Some(*date);
            }
            CinPlanStarted { referral, plan, date } => {
                if self.referrals.iter().flat_map(|r| &r.cin_plans).any(|p| p.no == *plan) {
                    return Err(fail(format!("CIN plan {plan} already exists")));
                }
                let r = self.open_referral(*referral, *date).map_err(&fail)?;
                refuse_nfa(r).map_err(&fail)?;
                if let Some(open) = r.cin_plans.iter().find(|p| p.end.is_none()) {
                    return Err(fail(format!("CIN plan {} is still open", open.no)));
                }
                if let Some(cp) = r.cp_plans.iter().find(|p| p.end.is_none_or(|e| e > *date)) {
                    return Err(fail(format!("CP plan {} is open on {date}: a CIN plan cannot run beside it", cp.no)));
                }
                r.cin_plans.push(CinPlan { no: *plan, start: *date, end: None });
            }
            CinPlanEnded { plan, date } => {
                let p = self
                    .referrals
                    .iter_mut()
                    .flat_map(|r| r.cin_plans.iter_mut())
                    .find(|p| p.no == *plan)
                    .ok_or_else(|| fail(format!("no CIN plan {plan}")))?;
                if p.end.is_some() {
                    return Err(fail(format!("CIN plan {plan} has already ended")));
                }
                if *date <= p.start {
                    return Err(fail(format!("the plan cannot end on {date}: it started on {}", p.start)));
                }
                p.end = Some(*date);
            }
            Visited { date, seen, seen_alone } => {
                if *seen_alone && !*seen {
                    return Err(fail("a child seen alone was seen".into()));
                }
                self.visits.push(Dated { date: *date, value: Visit { seen: *seen, seen_alone: *seen_alone } });
            }
            PreProceedingsStarted { date } => {
                if self.proceedings.last().is_some_and(|p| p.pre_start.is_some() && p.pre_end.is_none()) {
                    return Err(fail("pre-proceedings are already open".into()));
                }
                self.proceedings.push(Proceedings {
                    pre_start: Some(*date),
                    pre_end: None,
                    issued: None,
                    concluded: None,
                });
            }
            PreProceedingsEnded { date, outcome } => {
                let p = self
                    .proceedings
                    .last_mut()
                    .filter(|p| p.pre_start.is_some() && p.pre_end.is_none())
                    .ok_or_else(|| fail("no open pre-proceedings".into()))?;
                if p.pre_start.is_some_and(|s| s > *date) {
                    return Err(fail(format!("pre-proceedings cannot end on {date}, before they started")));
                }
                p.pre_end = Some((*date, *outcome));
            }
            CareProceedingsIssued { date } => {
                if self.proceedings.iter().any(|p| p.issued.is_some() && p.concluded.is_none()) {
                    return Err(fail("care proceedings are already open".into()));
                }
                match self.proceedings.last_mut() {
                    Some(p)
                        if p.issued.is_none()
                            && p.pre_end.is_some_and(|(_, o)| o == PreProceedingsOutcome::CareProceedingsIssued) =>
                    {
                        p.issued = Some(*date)
                    }
                    _ => self.proceedings.push(Proceedings {
                        pre_start: None,
                        pre_end: None,
                        issued: Some(*date),
                        concluded: None,
                    }),
                }
            }
            CareProceedingsConcluded { date, outcome } => {
                let p = self
                    .proceedings
                    .iter_mut()
                    .find(|p| p.issued.is_some() && p.concluded.is_none())
                    .ok_or_else(|| fail("no open care proceedings".into()))?;
                if p.issued.is_some_and(|i| i > *date) {
                    return Err(fail(format!("proceedings cannot conclude on {date}, before they were issued")));
                }
                p.concluded = Some((*date, *outcome));
            }
            CaseClosed { referral, date, reason } => {
                let r = self.open_referral(*referral, *date).map_err(&fail)?;
                if let Some(a) = r.assessments.iter().find(|a| a.authorised.is_none()) {
                    return Err(fail(format!("assessment {} is not yet authorised", a.no)));
                }
                if let Some(s) = r.s47s.iter().find(|s| s.icpc.is_none() && !s.concluded.is_some_and(|(_, req)| !req)) {
                    return Err(fail(format!(
                        "S47 enquiry {} has neither an initial conference nor a decision that none is required",
                        s.no
                    )));
                }
                if r.cp_plans.iter().any(|p| p.end.is_none()) || r.cin_plans.iter().any(|p| p.end.is_none()) {
                    return Err(fail("a plan is still open: end it before closing the case".into()));
                }
                let last = latest_date_in(r);
                if last > *date {
                    return Err(fail(format!("closing on {date} would leave activity on {last} outside the episode")));
                }
                if matches!(reason, ReasonForClosure::RC8 | ReasonForClosure::RC9)
                    && (!r.s47s.is_empty()
                        || !r.cp_plans.is_empty()
                        || !r.cin_plans.is_empty()
                        || r.assessments.is_empty())
                {
                    return Err(fail(format!(
                        "{reason} (closed after assessment) needs an assessment and no S47, CIN or CP plan"
                    )));
                }
                r.closed = Some((*date, *reason));
            }
            CareStarted { date, legal_status, need, placement, previous_permanence } => {
                if let Some(p) = self.care.last() {
                    match p.end {
                        None => return Err(fail(format!("the child is already looked after (since {})", p.start))),
                        Some((end, _)) if *date <= end => {
                            return Err(fail(format!(
                                "a period of care from {date} would overlap the one that ended on {end}"
                            )));
                        }
                        _ => {}
                    }
                }
                self.care.push(CarePeriod {
                    start: *date,
                    need: *need,
                    changes: vec![CareChange {
                        date: *date,
                        legal_status: *legal_status,
                        placement: placement.clone(),
                        reason: ReasonNewEpisode::Started,
                        place_change_reason: None,
                    }],
                    end: None,
                    previous_permanence: previous_permanence.clone(),
                });
            }
            LegalStatusChanged { date, legal_status } => {
                let p = self.open_care_after(*date).map_err(&fail)?;
                let cur = p.current().clone();
                if cur.legal_status == *legal_status {
                    return Err(fail(format!("the legal status is already {legal_status}")));
                }
                p.changes.push(CareChange {
                    date: *date,
                    legal_status: *legal_status,
                    placement: cur.placement,
                    reason: ReasonNewEpisode::LegalStatus,
                    place_change_reason: None,
                });
            }
            PlacementChanged { date, placement, reason } => {
                let p = self.open_care_after(*date).map_err(&fail)?;
                let cur = p.current().clone();
                let same_carer = placement.carer_identity().is_some() && placement.carer_identity() == cur.placement.carer_identity();
                p.changes.push(CareChange {
                    date: *date,
                    legal_status: cur.legal_status,
                    placement: placement.clone(),
                    reason: if same_carer {
                        ReasonNewEpisode::PlacementOnly
                    } else {
                        ReasonNewEpisode::PlacementAndCarer
                    },
                    place_change_reason: Some(*reason),
                });
            }
            LegalStatusAndPlacementChanged { date, legal_status, placement, reason } => {
                let p = self.open_care_after(*date).map_err(&fail)?;
                let cur = p.current().clone();
                if cur.legal_status == *legal_status {
                    return Err(fail(format!("the legal status is already {legal_status}: record a placement change")));
                }
                let same_carer = placement.carer_identity().is_some() && placement.carer_identity() == cur.placement.carer_identity();
                p.changes.push(CareChange {
                    date: *date,
                    legal_status: *legal_status,
                    placement: placement.clone(),
                    reason: if same_carer {
                        ReasonNewEpisode::LegalStatusAndPlacement
                    } else {
                        ReasonNewEpisode::LegalStatusPlacementAndCarer
                    },
                    place_change_reason: Some(*reason),
                });
            }
            CareEnded { date, reason } => {
                if *reason == ReasonEpisodeCeased::X1 {
                    return Err(fail("X1 is derived from changes within care: record the change instead".into()));
                }
                let p = self
                    .care
                    .last_mut()
                    .filter(|p| p.end.is_none())
                    .ok_or_else(|| fail("the child is not looked after".into()))?;
                let last = p.current().date;
                if *date < last {
                    return Err(fail(format!("care cannot end on {date}, before the last change on {last}")));
                }
                p.end = Some((*date, *reason));
            }
            LacReviewHeld { date, participation } => {
                if !self.care.iter().any(|p| p.start <= *date && p.end.is_none_or(|(e, _)| e >= *date)) {
                    return Err(fail(format!("the child was not looked after on {date}")));
                }
                self.lac_reviews.push(Dated { date: *date, value: *participation });
            }
            CarePlanMade { date } => self.care_plans.push(*date),
            PlacementPlanMade { date, placement } => {
                let starts = self.care.iter().flat_map(|p| &p.changes).filter(|c| c.reason != ReasonNewEpisode::LegalStatus);
                if !starts.map(|c| c.date).any(|d| d == *placement) {
                    return Err(fail(format!("no placement started on {placement}")));
                }
                self.placement_plans.push(Dated { date: *date, value: *placement });
            }
            PermanencePlanMade { date, plan } => self.permanence_plans.push(Dated { date: *date, value: *plan }),
            MissingStarted { episode, at, kind } => {
                if self.missing.iter().any(|m| m.no == *episode) {
                    return Err(fail(format!("missing episode {episode} already exists")));
                }
                if let Some(open) = self.missing.iter().find(|m| m.end.is_none()) {
                    return Err(fail(format!("missing episode {} has not ended", open.no)));
                }
                self.missing.push(MissingEpisode { no: *episode, kind: *kind, start: *at, end: None, interview: None });
            }
            MissingEnded { episode, at } => {
                let m = find_mut!(self.missing, *episode, "missing episode", fail);
                if m.end.is_some() {
                    return Err(fail(format!("missing episode {episode} has already ended")));
                }
                if *at < m.start {
                    return Err(fail(format!("the episode cannot end at {at}, before it started at {}", m.start)));
                }
                m.end = Some(*at);
            }
            ReturnInterview { episode, offered_at, accepted } => {
                let m = find_mut!(self.missing, *episode, "missing episode", fail);
                match m.end {
                    Some(end) if end <= *offered_at => {}
                    _ => {
                        return Err(fail(format!(
                            "a return interview follows the child's return from missing episode {episode}"
                        )));
                    }
                }
                m.interview = Some((*offered_at, *accepted));
            }
            HealthAssessment { date } => self.health_assessments.push(*date),
            DentalCheck { date } => self.dental_checks.push(*date),
            Sdq { date, score, reason } => {
                match (score, reason) {
                    (Some(s), None) if *s <= 40 => {}
                    (None, Some(_)) => {}
                    (Some(s), None) => return Err(fail(format!("an SDQ score is 0 to 40, not {s}"))),
                    _ => return Err(fail("an SDQ has either a score or a reason for none".into())),
                }
                self.sdqs.push(SdqRecord { date: *date, score: *score, reason: *reason });
            }
            HealthOutcomesRecorded { date, outcomes } => {
                if !outcomes.substance_misuse
                    && (outcomes.intervention_received.is_some() || outcomes.intervention_offered.is_some())
                {
                    return Err(fail("interventions are recorded only for a substance misuse problem".into()));
                }
                self.health_outcomes.push(Dated { date: *date, value: *outcomes });
            }
            DoloStarted { date } => {
                if self.dolos.iter().any(|d| d.end.is_none()) {
                    return Err(fail("a DoLO is already open".into()));
                }
                if self.dolos.iter().any(|d| d.end.is_some_and(|e| e > *date)) {
                    return Err(fail(format!("a DoLO from {date} would overlap an earlier one")));
                }
                self.dolos.push(Interval { start: *date, end: None });
            }
            DoloEnded { date } => close_interval(&mut self.dolos, *date, "DoLO").map_err(fail)?,
            AdoptionDecision { date } => {
                if self.adoptions.iter().any(|a| a.reversed.is_none() && a.matched.is_none()) {
                    return Err(fail("an adoption decision is already in force".into()));
                }
                self.adoptions.push(Adoption {
                    decision: *date,
                    panel: None,
                    matched: None,
                    reversed: None,
                    matched_with: None,
                    family_finding: None,
                    updates: vec![],
                    escalations: vec![],
                    links: vec![],
                    application: None,
                    disruptions: vec![],
                });
            }
            AdoptionPanel { date } => {
                let a = self.live_adoption(*date).map_err(&fail)?;
                a.panel = Some(*date);
            }
            MatchedWithAdopters { date, adopters, household, agency, panel } => {
                if !(1..=2).contains(&adopters.number) {
                    return Err(fail(format!("{} adopters: one or two expected", adopters.number)));
                }
                let a = self.live_adoption(*date).map_err(&fail)?;
                if a.matched.is_some() {
                    return Err(fail("the child is already matched".into()));
                }
                a.matched = Some((*date, *adopters));
                if household.is_some() || agency.is_some() || panel.is_some() {
                    a.matched_with =
                        Some(MatchedWith { household: household.clone(), agency: *agency, panel: panel.clone() });
                }
            }
            FamilyFindingStarted { date } => {
                let a = self.live_adoption(*date).map_err(&fail)?;
                if let Some(f) = a.family_finding {
                    return Err(fail(format!("family finding began on {f}")));
                }
                a.family_finding = Some(*date);
            }
            FamilyFindingUpdated { date, activity } => {
                if activity.trim().is_empty() || activity.chars().count() > 2_000 {
                    return Err(fail("the month's activity is 1 to 2,000 characters".into()));
                }
                let a = self.live_adoption(*date).map_err(&fail)?;
                match a.family_finding {
                    Some(f) if f <= *date => a.updates.push(*date),
                    Some(f) => return Err(fail(format!("{date} is before family finding began on {f}"))),
                    None => return Err(fail("family finding has not begun".into())),
                }
            }
            FamilyFindingEscalated { date, national_search } => {
                let a = self.live_adoption(*date).map_err(&fail)?;
                a.escalations.push((*date, *national_search));
            }
            AdopterLinked { link, date, household, agency } => {
                let a = self.live_adoption(*date).map_err(&fail)?;
                if a.matched.is_some() {
                    return Err(fail("the child is already matched".into()));
                }
                if a.links.iter().any(|l| l.no == *link) {
                    return Err(fail(format!("link {link} already exists")));
                }
                if household.is_some() && a.links.iter().any(|l| l.ended.is_none() && l.household == *household) {
                    return Err(fail("the child is already linked with this household".into()));
                }
                a.links.push(Link { no: *link, date: *date, household: household.clone(), agency: *agency, ended: None });
            }
            AdopterLinkEnded { link, date, reason } => {
                if reason.trim().is_empty() || reason.chars().count() > 500 {
                    return Err(fail("the reason is 1 to 500 characters".into()));
                }
                let a = self.live_adoption(*date).map_err(&fail)?;
                let l = a.links.iter_mut().find(|l| l.no == *link).ok_or_else(|| fail(format!("no link {link}")))?;
                if l.ended.is_some() {
                    return Err(fail(format!("link {link} has already ended")));
                }
                if *date < l.date {
                    return Err(fail(format!("{date} is before link {link} began on {}", l.date)));
                }
                l.ended = Some((*date, reason.trim().to_string()));
            }
            AdoptionApplicationMade { date } => {
                let placed = self
                    .care
                    .last()
                    .filter(|p| p.is_open_on(*date))
                    .and_then(|p| {
                        let i = p.changes.iter().rposition(|c| c.date <= *date && c.placement.kind.is_adoption())?;
                        // The start of the unbroken run of adoptive placements.
                        let mut first = i;
                        while first > 0 && p.changes[first - 1].placement.kind.is_adoption() {
                            first -= 1;
                        }
                        p.changes[i..].iter().all(|c| c.date > *date || c.placement.kind.is_adoption()).then(|| p.changes[first].date)
                    })
                    .ok_or_else(|| fail("an adoption application is made while the child is placed for adoption".into()))?;
                let ten_weeks = placed + chrono::Duration::weeks(10);
                if *date < ten_weeks {
                    return Err(fail(format!(
                        "placed for adoption on {placed}: the child must have lived with the adopters for ten weeks \
                         before they apply (Adoption and Children Act 2002 s 42(2)), so from {ten_weeks}"
                    )));
                }
                let a = self.live_adoption(*date).map_err(&fail)?;
                if a.application.is_some() {
                    return Err(fail("the adoption application is already made".into()));
                }
                a.application = Some(*date);
            }
            AdoptionDisrupted { date } => {
                let was_placed = self
                    .care
                    .iter()
                    .flat_map(|p| p.changes.iter())
                    .any(|c| c.date <= *date && c.placement.kind.is_adoption());
                if !was_placed {
                    return Err(fail("a disruption is of a placement for adoption".into()));
                }
                let a = self.live_adoption(*date).map_err(&fail)?;
                a.disruptions.push(*date);
            }
            AdoptionDecisionReversed { date, reason } => {
                let a = self
                    .adoptions
                    .iter_mut()
                    .rev()
                    .find(|a| a.reversed.is_none())
                    .ok_or_else(|| fail("no adoption decision to reverse".into()))?;
                if *date < a.decision {
                    return Err(fail(format!(
                        "the decision of {} cannot be reversed on {date}, before it was made",
                        a.decision
                    )));
                }
                a.reversed = Some((*date, *reason));
            }
            PathwayPlanReviewed { date } => self.pathway_plan_reviews.push(*date),
            AdviserSupportRequested { date } => {
                if self.care.is_empty() {
                    return Err(fail("the child has never been looked after".into()));
                }
                match self.details.dob.map(|dob| crate::calendar::age_on(dob, *date)) {
                    Some(18..=24) => self.adviser_support_requested.push(*date),
                    _ => return Err(fail(format!("support to 25 is asked for by a care leaver aged 18 to 24 on {date}"))),
                }
            }
            CareLeaverContact { date, in_touch, activity, accommodation } => {
                if self.care.is_empty() {
                    return Err(fail("the child has never been looked after".into()));
                }
                self.care_leaver_contacts.push(CareLeaverContactRecord {
                    date: *date,
                    in_touch: *in_touch,
                    activity: *activity,
                    accommodation: *accommodation,
                });
            }
            WorkerAllocated { date, worker, team, reason } => {
                self.check_allocation_order(*date).map_err(&fail)?;
                let reviewing = self.reviewers_on(*date).into_iter().chain(self.reviewers.iter().filter(|r| r.from > *date));
                if let Some(r) = reviewing.into_iter().find(|r| r.worker == *worker) {
                    return Err(fail(format!(
                        "{worker} is the child's {} from {}: a reviewer stays independent and is never the child's worker",
                        r.role.label().to_lowercase(),
                        r.from
                    )));
                }
                self.allocations.push(Allocation {
                    from: *date,
                    worker: Some(worker.clone()),
                    team: Some(team.clone()),
                    reason: *reason,
                });
            }
            ReviewerAssigned { date, worker, role } => {
                let allocated = self.allocation_on(*date).and_then(|a| a.worker.as_ref()) == Some(worker)
                    || self.allocations.iter().any(|a| a.from > *date && a.worker.as_ref() == Some(worker));
                if allocated {
                    return Err(fail(format!(
                        "{worker} is allocated as the child's worker: a {} stays independent of the case",
                        role.label().to_lowercase()
                    )));
                }
                self.reviewers.push(ReviewerAssignment { from: *date, worker: worker.clone(), role: *role })
            }
            WorkerDeallocated { date } => {
                self.check_allocation_order(*date).map_err(&fail)?;
                let team = self.allocations.last().and_then(|a| a.team.clone());
                self.allocations.push(Allocation { from: *date, worker: None, team, reason: None });
            }
            ManagementOversight { date, by, note } => self
                .notes
                .push(Dated { date: *date, value: Note { by: Some(by.clone()), panel: None, text: note.clone() } }),
            PanelDecision { date, panel, decision } => self
                .notes
                .push(Dated { date: *date, value: Note { by: None, panel: Some(*panel), text: decision.clone() } }),
            ComplaintReceived { complaint, date, stage } => {
                if !(1..=3).contains(stage) {
                    return Err(fail(format!("complaint stage {stage}: 1, 2 or 3 expected")));
                }
                if self.complaints.iter().any(|c| c.no == *complaint && c.stage == *stage) {
                    return Err(fail(format!("complaint {complaint} stage {stage} already exists")));
                }
                self.complaints.push(Complaint { no: *complaint, received: *date, stage: *stage, answered: None });
            }
            ComplaintAnswered { complaint, date } => {
                let c = self
                    .complaints
                    .iter_mut()
                    .rev()
                    .find(|c| c.no == *complaint && c.answered.is_none())
                    .ok_or_else(|| fail(format!("no unanswered complaint {complaint}")))?;
                if *date < c.received {
                    return Err(fail(format!("answered on {date}, before it was received on {}", c.received)));
                }
                c.answered = Some(*date);
            }
            EhcAssessmentRequested { date } => {
                if self.ehc.iter().any(|i| i.end.is_none()) {
                    return Err(fail("an EHC needs assessment is already open".into()));
                }
                self.ehc.push(Interval { start: *date, end: None });
            }
            EhcPlanIssued { date } => close_interval(&mut self.ehc, *date, "EHC needs assessment").map_err(fail)?,
            SendAdviceRequested { request, date } => {
                if self.send_advice.iter().any(|a| a.no == *request) {
                    return Err(fail(format!("request for advice {request} already exists")));
                }
                self.send_advice.push(SendAdvice { no: *request, requested: *date, given: None });
            }
            SendAdviceGiven { request, date } => {
                let a = self
                    .send_advice
                    .iter_mut()
                    .find(|a| a.no == *request)
                    .ok_or_else(|| fail(format!("no request for advice {request}")))?;
                if let Some(given) = a.given {
                    return Err(fail(format!("advice {request} was already given on {given}")));
                }
                if *date < a.requested {
                    return Err(fail(format!("advice given on {date}, before it was requested on {}", a.requested)));
                }
                a.given = Some(*date);
            }
            EhcReviewAttended { date } => {
                if !self.ehc.iter().any(|i| i.end.is_some_and(|issued| issued <= *date)) {
                    return Err(fail(format!("no EHC plan issued on or before {date} to review")));
                }
                self.ehc_reviews.push(*date);
            }
            SchoolStarted { date, school, urn, year_group } => {
                let roll = Roll::OnRoll { school: school.clone(), urn: urn.clone(), year_group: *year_group };
                self.education.school(*date, roll);
            }
            LeftSchoolRoll { date, missing_education } => {
                self.education.school(*date, Roll::NotOnRoll { missing_education: *missing_education })
            }
            EducationOfficerAssigned { date, officer } => self.education.officer(*date, officer.clone()),
            PepHeld { pep, date, phase, ratings, ppp_planned, ppp_spent, .. } => {
                if !self.care.iter().any(|p| p.is_open_on(*date)) {
                    return Err(fail(format!("a PEP is a looked-after child's: not looked after on {date}")));
                }
                let pep = Pep {
                    no: *pep,
                    date: *date,
                    phase: *phase,
                    ratings: *ratings,
                    ppp_planned: *ppp_planned,
                    ppp_spent: *ppp_spent,
                };
                self.education.pep(pep).map_err(fail)?;
            }
            AttendanceRecorded { from, to, possible, attended } => self
                .education
                .attendance(Attendance { from: *from, to: *to, possible: *possible, attended: *attended })
                .map_err(fail)?,
            ExclusionRecorded { date, kind, reason, sessions } => {
                self.education.exclusion(Exclusion { date: *date, kind: *kind, reason: *reason, sessions: *sessions })
            }
            DestinationRecorded { date, destination } => self.education.destination(*date, *destination),
        }
        Ok(())
    }

    fn open_referral(&mut self, no: ItemNo, date: NaiveDate) -> Result<&mut Referral, String> {
        let r = self.referrals.iter_mut().find(|r| r.no == no).ok_or_else(|| format!("no referral {no}"))?;
        if let Some((closed, _)) = r.closed {
            return Err(format!("referral {no} was closed on {closed}"));
        }
        if date < r.date() {
            return Err(format!("{date} is before referral {no} was received on {}", r.date()));
        }
        Ok(r)
    }

    fn open_cp_plan(&mut self, no: ItemNo, date: NaiveDate) -> Result<&mut CpPlan, String> {
        let p = self
            .referrals
            .iter_mut()
            .flat_map(|r| r.cp_plans.iter_mut())
            .find(|p| p.no == no)
            .ok_or_else(|| format!("no CP plan {no}"))?;
        if let Some(end) = p.end {
            return Err(format!("CP plan {no} ended on {end}"));
        }
        if date < p.start {
            return Err(format!("{date} is before CP plan {no} started on {}", p.start));
        }
        Ok(p)
    }

    /// The open period of care, for a change dated strictly after its last change.
    fn open_care_after(&mut self, date: NaiveDate) -> Result<&mut CarePeriod, String> {
        let p = self.care.last_mut().filter(|p| p.end.is_none()).ok_or("the child is not looked after")?;
        let last = p.current().date;
        if date <= last {
            return Err(format!(
                "a change on {date} must come after the last change on {last} (record simultaneous changes together)"
            ));
        }
        Ok(p)
    }

    fn live_adoption(&mut self, date: NaiveDate) -> Result<&mut Adoption, String> {
        let a =
            self.adoptions.iter_mut().rev().find(|a| a.reversed.is_none()).ok_or("no adoption decision is in force")?;
        if date < a.decision {
            return Err(format!("{date} is before the adoption decision on {}", a.decision));
        }
        Ok(a)
    }

    fn check_allocation_order(&self, date: NaiveDate) -> Result<(), String> {
        match self.allocations.last() {
            Some(a) if a.from > date => Err(format!("{date} is before the last allocation on {}", a.from)),
            _ => Ok(()),
        }
    }

    /// Whether a date of birth (now given, or changed) keeps every fact that cannot precede
    /// birth on or after it.
    fn check_birth_date(&self, dob: Option<NaiveDate>) -> Result<(), String> {
        match (dob, self.earliest_post_birth_date()) {
            (Some(dob), Some(first)) if first < dob => Err(format!(
                "the date of birth {dob} would fall after events already recorded (first on {first})"
            )),
            _ => Ok(()),
        }
    }

    /// The earliest date of anything that cannot precede birth.
    fn earliest_post_birth_date(&self) -> Option<NaiveDate> {
        let care = self.care.iter().map(|p| p.start);
        let reviews = self.lac_reviews.iter().map(|r| r.date);
        let missing = self.missing.iter().map(|m| m.start.date());
        let health = self.health_assessments.iter().chain(&self.dental_checks).copied();
        let uasc = self.uasc.iter().map(|u| u.start);
        let dolos = self.dolos.iter().map(|d| d.start);
        let plans = self.care_plans.iter().copied();
        care.chain(reviews).chain(missing).chain(health).chain(uasc).chain(dolos).chain(plans).min()
    }
}

fn check_details(id: &ChildId, d: &ChildDetails) -> Result<(), InvariantError> {
    let fail = |m: String| InvariantError { child: id.to_string(), event: "details", message: m };
    if d.dob.is_none() && d.expected_dob.is_none() {
        return Err(fail("a child needs a date of birth, or an expected date of birth if unborn".into()));
    }
    if let Some(date) = [d.dob, d.expected_dob].into_iter().flatten().find(|x| *x < EARLIEST_DATE) {
        return Err(fail(format!("{date} is before {EARLIEST_DATE}: check the year")));
    }
    if let Some(upn) = &d.upn
        && (upn.len() != 13 || !upn.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(fail(format!("UPN '{upn}' must be 13 letters and digits")));
    }
    if d.disabilities.contains(&Disability::None) && d.disabilities.len() > 1 {
        return Err(fail("NONE cannot be recorded with a disability".into()));
    }
    Ok(())
}

fn refuse_nfa(r: &Referral) -> Result<(), String> {
    if r.nfa() {
        return Err(format!("referral {} was decided as no further action", r.no));
    }
    Ok(())
}

fn has_activity(r: &Referral) -> bool {
    !r.assessments.is_empty()
        || !r.s47s.is_empty()
        || !r.cp_plans.is_empty()
        || !r.cin_plans.is_empty()
        || !r.icpcs.is_empty()
}

fn latest_date_in(r: &Referral) -> NaiveDate {
    let mut dates = vec![r.date()];
    for a in &r.assessments {
        dates.extend([Some(a.start), a.authorised].into_iter().flatten());
    }
    for s in &r.s47s {
        dates.extend([Some(s.start), s.icpc, s.concluded.map(|c| c.0)].into_iter().flatten());
    }
    dates.extend(r.icpcs.iter().map(|c| c.date));
    for p in &r.cp_plans {
        dates.extend([Some(p.start), p.end].into_iter().flatten());
        dates.extend(p.reviews.iter().copied());
    }
    for p in &r.cin_plans {
        dates.extend([Some(p.start), p.end].into_iter().flatten());
    }
    dates.into_iter().max().unwrap_or(r.date())
}

fn close_interval(v: &mut [Interval], date: NaiveDate, what: &str) -> Result<(), String> {
    let i = v.iter_mut().find(|i| i.end.is_none()).ok_or_else(|| format!("no open {what}"))?;
    if date < i.start {
        return Err(format!("the {what} cannot end on {date}, before it started on {}", i.start));
    }
    i.end = Some(date);
    Ok(())
}

/// An entry of a log as a replay reads it: its sequence number, the event, and whether the order
/// rules bind it.
type Line<'a> = (u64, &'a ChildEvent, Order);

fn lines<L: LogEntry>(log: &[L]) -> Vec<Line<'_>> {
    log.iter().map(|l| (l.seq(), l.event(), l.order())).collect()
}

/// The events of a log as corrected, each with its sequence number: corrections replace their
/// targets, withdrawals remove them. A correction keeps its entry's kind and numbers (a wrong kind
/// is withdrawn and recorded again); only earlier ordinary entries can be corrected or withdrawn,
/// a withdrawn entry is not corrected, and the registration is amended, never withdrawn. A
/// replacement is bound by the order rules as its correction was when recorded, and one recorded
/// before the rules existed that changed its entry's kind or numbers stands with a finding.
fn effective_events<'a>(
    id: &ChildId,
    log: &[Line<'a>],
    findings: &mut Vec<Finding>,
) -> Result<Vec<Line<'a>>, InvariantError> {
    use std::collections::HashMap;
    let is_change = |e: &ChildEvent| matches!(e, ChildEvent::Corrected { .. } | ChildEvent::Retracted { .. });
    let entries: HashMap<u64, &ChildEvent> =
        log.iter().filter(|(_, e, _)| !is_change(e)).map(|(s, e, _)| (*s, *e)).collect();
    let mut replaced: HashMap<u64, Option<(&'a ChildEvent, Order)>> = HashMap::new();
    for &(seq, e, order) in log {
        let fail = |m: String| InvariantError { child: id.to_string(), event: e.kind(), message: m };
        let target = |t: u64| match entries.get(&t) {
            Some(x) if t < seq => Ok(*x),
            _ => Err(fail(format!("event {t} is not an earlier entry of this child that can be changed"))),
        };
        match e {
            ChildEvent::Corrected { seq: t, replacement } => {
                let old = target(*t)?;
                if is_change(replacement) || matches!(**replacement, ChildEvent::Registered { .. }) {
                    return Err(fail(
                        "a correction replaces an event with an ordinary event (use details_amended for details)".into(),
                    ));
                }
                if replaced.get(t) == Some(&None) {
                    return Err(fail(format!("entry {t} was withdrawn: it cannot be corrected")));
                }
                let mut noted = Vec::new();
                let mut b = Breaches { order, noted: &mut noted };
                if replacement.kind() != old.kind() {
                    let message = format!(
                        "a correction keeps the entry's kind ({}): withdraw entry {t} and record the right kind instead",
                        old.kind()
                    );
                    b.breach(rule::CORRECTION_KEEPS_KIND, message).map_err(fail)?;
                }
                let (was, now) = (super::declarations::numbers(old), super::declarations::numbers(replacement));
                if was != now {
                    let words: Vec<String> = was.iter().map(|(n, v)| format!("{n} {v}")).collect();
                    let message = format!(
                        "a correction keeps the entry's numbers ({}): withdraw entry {t} and record it again instead",
                        words.join(", ")
                    );
                    b.breach(rule::CORRECTION_KEEPS_NUMBERS, message).map_err(fail)?;
                }
                findings.extend(noted.into_iter().map(|(rule, message)| Finding { seq, event: e.kind(), rule, message }));
                replaced.insert(*t, Some((replacement.as_ref(), order)));
            }
            ChildEvent::Retracted { seq: t, also } => {
                for t in std::iter::once(t).chain(also) {
                    if matches!(target(*t)?, ChildEvent::Registered { .. }) {
                        return Err(fail("the registration cannot be retracted".into()));
                    }
                    if replaced.insert(*t, None) == Some(None) {
                        return Err(fail(format!("entry {t} is already withdrawn")));
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(log.len());
    for &(seq, e, order) in log {
        match replaced.get(&seq) {
            _ if is_change(e) => {}
            Some(Some((r, by))) => out.push((seq, *r, *by)),
            Some(None) => {}
            None => out.push((seq, e, order)),
        }
    }
    Ok(out)
}

/// Why a replay failed: the refusal, and the entry it refused where one was.
type Refused = (Option<u64>, InvariantError);

fn replay_log(id: &ChildId, log: &[Line], findings: &mut Vec<Finding>) -> Result<ChildRecord, Refused> {
    let effective = effective_events(id, log, findings).map_err(|e| (None, e))?;
    let mut iter = effective.into_iter();
    let (first_seq, first, _) = iter
        .next()
        .ok_or_else(|| (None, InvariantError { child: id.to_string(), event: "registered", message: "the log is empty".into() }))?;
    let mut rec = ChildRecord::register(id.clone(), first).map_err(|e| (Some(first_seq), e))?;
    for (seq, e, order) in iter {
        let noted = rec.apply_noting(e, order).map_err(|err| (Some(seq), err))?;
        findings.extend(noted.into_iter().map(|(rule, message)| Finding { seq, event: e.kind(), rule, message }));
    }
    Ok(rec)
}

/// [`ChildRecord::replay_changed`] given the findings of `log` alone (`before`).
fn replay_changed<'a>(
    id: &ChildId,
    mut log: Vec<Line<'a>>,
    changes: &[Line<'a>],
    before: &[Finding],
) -> Result<(ChildRecord, Vec<Finding>), Refused> {
    let bound = changes.iter().any(|&(_, _, order)| order == Order::Enforced);
    log.extend_from_slice(changes);
    let mut after = Vec::new();
    let record = replay_log(id, &log, &mut after)?;
    let new = after.iter().filter(|_| bound).find(|f| !before.iter().any(|b| (b.seq, b.rule) == (f.seq, f.rule)));
    if let Some(f) = new {
        let refused = InvariantError { child: id.to_string(), event: f.event, message: f.message.clone() };
        return Err((Some(f.seq), refused));
    }
    Ok((record, after))
}

impl ChildRecord {
    /// The record as it stood before entry `seq` was made: the entries before it, with the
    /// corrections and withdrawals of those entries made at any time (what a correction of
    /// entry `seq` is checked against, and its form's lists drawn from).
    pub fn replay_before<L: LogEntry>(id: &ChildId, log: &[L], seq: u64) -> Result<ChildRecord, InvariantError> {
        let before = |t: &u64| *t < seq;
        let kept: Vec<Line> = lines(log)
            .into_iter()
            .filter(|(s, e, _)| match e {
                ChildEvent::Corrected { seq: t, .. } => before(t),
                ChildEvent::Retracted { seq: t, also } => before(t) && also.iter().all(before),
                _ => before(s),
            })
            .collect();
        replay_log(id, &kept, &mut Vec::new()).map_err(|(_, e)| e)
    }

    /// The entries that could not stand if entries `seqs` were withdrawn (a referral's
    /// assessment, an S47's conference…), transitively, in log order: withdrawing `seqs`
    /// needs them withdrawn in the same step.
    pub fn dependants<L: LogEntry>(id: &ChildId, log: &[L], seqs: &[u64]) -> Result<Vec<u64>, InvariantError> {
        let Some((&first, rest)) = seqs.split_first() else { return Ok(vec![]) };
        let next = log.iter().map(LogEntry::seq).max().unwrap_or(0) + 1;
        let log = lines(log);
        let mut before = Vec::new();
        replay_log(id, &log, &mut before).map_err(|(_, e)| e)?;
        let mut also: Vec<u64> = rest.to_vec();
        let mut found = Vec::new();
        loop {
            let withdrawal = ChildEvent::Retracted { seq: first, also: also.clone() };
            match replay_changed(id, log.clone(), &[(next, &withdrawal, Order::Enforced)], &before) {
                Ok(_) => break,
                Err((Some(s), _)) if s != first && !also.contains(&s) => {
                    also.push(s);
                    found.push(s);
                }
                Err((_, e)) => return Err(e),
            }
        }
        found.sort_unstable();
        Ok(found)
    }
}

/// Every date an event carries (the effective date and any other), for the bounds every date keeps.
fn dates_in(e: &ChildEvent) -> Vec<NaiveDate> {
    use ChildEvent::*;
    let mut out: Vec<NaiveDate> = e.effective_date().into_iter().collect();
    match e {
        Registered { details } | DetailsAmended { details } => out.extend(details.dob.into_iter().chain(details.expected_dob)),
        AssessmentAuthorised { completed, .. } => out.extend(*completed),
        CareStarted { previous_permanence: Some(p), .. } => out.extend(p.date),
        PlacementPlanMade { placement, .. } => out.push(*placement),
        AttendanceRecorded { from, .. } => out.push(*from),
        _ => {}
    }
    out
}

impl ChildEvent {
    /// Refuses an event dated after the moment it is recorded (`at`, UTC): the facts recorded
    /// are those that have happened. Times without a zone are the authority's local time
    /// (England: UTC or one hour ahead), so "after" allows for that hour. An expected date of
    /// birth is the one date that may lie ahead.
    pub fn check_recorded_at(&self, child: &ChildId, at: chrono::DateTime<chrono::Utc>) -> Result<(), InvariantError> {
        let e = match self {
            ChildEvent::Corrected { replacement, .. } => replacement.as_ref(),
            other => other,
        };
        let local = (at + chrono::Duration::hours(1)).naive_utc();
        let fail = |what: String| InvariantError {
            child: child.to_string(),
            event: self.kind(),
            message: format!("{what} is after the moment it was recorded ({}): record what has happened", at.format("%Y-%m-%d %H:%M UTC")),
        };
        let dated = match e {
            ChildEvent::Registered { details } | ChildEvent::DetailsAmended { details } => details.dob.into_iter().collect(),
            _ => dates_in(e),
        };
        if let Some(d) = dated.into_iter().find(|d| *d > local.date()) {
            return Err(fail(d.to_string()));
        }
        match super::chronology::timed(e) {
            Some(t) if t > local => Err(fail(t.format("%Y-%m-%d %H:%M").to_string())),
            _ => Ok(()),
        }
    }
}
