//! What can be recorded about a child: one event per fact, each with the date
//! it took effect. The log of these events is the record; everything else
//! (current state, due dates, returns, indicators) is derived from it.
//!
//! Looked-after care is recorded as its underlying facts (care starts, legal
//! status changes, placement changes, care ends); SSDA903 episodes are derived
//! from them, so superseded or duplicated episodes cannot exist.

use crate::adopters::AdopterAgency;
use crate::codes::*;
use crate::ids::{ItemNo, TeamId, WorkerId};
use crate::panels::CaseRef;
use crate::people::HouseholdId;
use crate::virtual_school::{Destination, ExclusionKind, ExclusionReason, PepPhase, PepRatings, YearGroup};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Who the child is. Recorded when the child is first known, replaced whole by `DetailsAmended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ChildDetails {
    pub forename: String,
    pub surname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Date of birth; `None` for an unborn child.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dob: Option<NaiveDate>,
    /// Expected date of birth of an unborn child.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_dob: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Ethnicity>,
    /// Unique pupil number (13 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_upn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn_unknown: Option<UpnUnknown>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabilities: Vec<Disability>,
    /// Home postcode (for distance-from-home of placements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_postcode: Option<String>,
    /// A restricted record (e.g. a staff member's relative): seen only with an explicit grant.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restricted: bool,
}

/// The manager's decision on a contact at the front door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    InformationAndAdvice,
    EarlyHelp,
    Referral,
    NoFurtherAction,
}

/// What a referral goes on to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralNext {
    Assessment,
    StrategyDiscussion,
    /// Referral with no further action (CIN census ReferralNFA).
    NoFurtherAction,
}

/// Exploitation concerns flagged at referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exploitation {
    /// Child sexual exploitation.
    Cse,
    /// Child criminal exploitation.
    Cce,
}

/// Where an assessment leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    NoFurtherAction,
    EarlyHelp,
    ChildInNeedPlan,
    StrategyDiscussion,
    LookedAfter,
    /// Already open under another plan; the assessment informs it.
    ContinueExistingPlan,
}

/// A placement as recorded when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub kind: PlacementType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<PlacementProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Ofsted unique reference number of the setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<String>,
    /// The carer(s): a change of placement with the same carer is a different 903 RNE (T/U) from one with a new carer (P/B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carer: Option<String>,
    /// The carer household on carefile's record (the authority's own foster carers or adopters,
    /// decision 002): where present, it is the carer's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<HouseholdId>,
}

impl Placement {
    /// Who the carer is, for telling a change of placement with the same carer from one with a
    /// new carer (903 RNE): the household where the placement names one, else the recorded carer.
    pub fn carer_identity(&self) -> Option<&str> {
        self.household.as_ref().map(|h| h.as_str()).or(self.carer.as_deref())
    }
}

/// Care proceedings' outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProceedingsOutcome {
    CareOrder,
    SupervisionOrder,
    PlacementOrder,
    SpecialGuardianshipOrder,
    ChildArrangementsOrder,
    NoOrder,
    Withdrawn,
}

/// Outcome of pre-proceedings (the Public Law Outline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreProceedingsOutcome {
    ConcernsAddressed,
    CareProceedingsIssued,
    OtherOutcome,
}

/// The permanence plan for a looked-after child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermanencePlan {
    ReturnHome,
    Adoption,
    SpecialGuardianship,
    ChildArrangementsOrder,
    LongTermFostering,
    ResidentialCare,
    IndependentLiving,
    Other,
}

/// Who adopted (AD1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adopters {
    /// Whether the adopters were the child's foster carers.
    pub foster_carers: bool,
    /// One or two adopters.
    pub number: u8,
    pub sex: AdopterSex,
    pub legal_status: AdopterLegalStatus,
}

/// Named panels and meetings whose decisions are recorded (service.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    EarlyHelpTransition,
    FamilyCareAndProtect,
    ChildrensDecisionMeeting,
    Permanence,
    AdditionalResource,
    ShortBreaks,
    Adoption,
    Fostering,
    Ehcp,
}

/// Health items of the OC2 table recorded for the year (besides SDQ and checks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthOutcomes {
    pub immunisations_up_to_date: bool,
    pub substance_misuse: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervention_received: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervention_offered: Option<bool>,
    /// Convicted of an offence during the year.
    pub convicted: bool,
    /// The year's checks and SDQ as a return reports them, undated (SSDA903 OC2: HEALTH_ASSESSMENT,
    /// TEETH_CHECK, HEALTH_CHECK for under-fives, SDQ_SCORE, SDQ_REASON), for a record built from
    /// returns; a record kept in carefile dates each check instead and leaves these empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_assessment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dental_check: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub development_check: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdq_score: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdq_reason: Option<SdqReason>,
}

/// Who reviews a child's plan independently of the allocated worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewerRole {
    /// The independent reviewing officer of a looked-after child.
    ReviewingOfficer,
    /// The chair of a child's child protection conferences.
    ConferenceChair,
}

/// One fact about a child. Every variant but `Registered` needs the child to exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChildEvent {
    // ---- who the child is ----
    Registered {
        details: ChildDetails,
    },
    DetailsAmended {
        details: ChildDetails,
    },
    Died {
        date: NaiveDate,
    },
    /// Unaccompanied asylum-seeking child status starts.
    UascStarted {
        date: NaiveDate,
    },
    /// UASC status ends (903 DUC).
    UascEnded {
        date: NaiveDate,
    },
    /// The child (a young woman) became a mother (903 MOTHER, MC_DOB).
    BecameMother {
        child_dob: NaiveDate,
    },
    /// An unborn child is born: the record becomes the child's (date of birth, and the name and
    /// sex where they are now known). One record per baby: a twin is registered on their own.
    Born {
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        forename: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        surname: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sex: Option<Sex>,
        /// Babies born of this pregnancy (1 when not said).
        #[serde(default = "one", skip_serializing_if = "is_one")]
        babies: u8,
    },

    // ---- front door ----
    ContactReceived {
        contact: ItemNo,
        at: NaiveDateTime,
        source: ReferralSource,
    },
    ContactDecided {
        contact: ItemNo,
        at: NaiveDateTime,
        outcome: ContactOutcome,
    },
    EarlyHelpRequested {
        episode: ItemNo,
        date: NaiveDate,
    },
    EarlyHelpStarted {
        episode: ItemNo,
        date: NaiveDate,
    },
    EarlyHelpEnded {
        episode: ItemNo,
        date: NaiveDate,
    },
    ReferralReceived {
        referral: ItemNo,
        at: NaiveDateTime,
        source: ReferralSource,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contact: Option<ItemNo>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        exploitation: Vec<Exploitation>,
    },
    /// The manager's decision on a referral (24-hour timescale).
    ReferralDecided {
        referral: ItemNo,
        at: NaiveDateTime,
        next: ReferralNext,
    },
    PrimaryNeedRecorded {
        referral: ItemNo,
        need: PrimaryNeed,
    },

    // ---- assessment and child protection ----
    AssessmentStarted {
        referral: ItemNo,
        assessment: ItemNo,
        date: NaiveDate,
    },
    AssessmentAuthorised {
        assessment: ItemNo,
        date: NaiveDate,
        /// When the worker completed it, before the manager's authorisation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        completed: Option<NaiveDate>,
        factors: Vec<AssessmentFactor>,
        outcome: AssessmentOutcome,
    },
    StrategyDiscussionHeld {
        referral: ItemNo,
        discussion: ItemNo,
        at: NaiveDateTime,
        s47: bool,
    },
    S47Started {
        referral: ItemNo,
        s47: ItemNo,
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        discussion: Option<ItemNo>,
    },
    /// The S47 enquiry's conclusion: whether an initial conference is needed.
    S47Concluded {
        s47: ItemNo,
        date: NaiveDate,
        icpc_required: bool,
    },
    /// An initial conference after the S47 enquiry `s47`; without one, a transfer-in
    /// conference for a child on another authority's plan (CIN census: the episode's
    /// DateOfInitialCPC).
    IcpcHeld {
        referral: ItemNo,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        s47: Option<ItemNo>,
        date: NaiveDate,
        plan: bool,
    },
    CpPlanStarted {
        referral: ItemNo,
        plan: ItemNo,
        date: NaiveDate,
        category: CategoryOfAbuse,
        /// Transferred in from another authority's plan: needs no ICPC here.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        transfer_in: bool,
        /// How many earlier CP plans the child had, where the record may not hold them all
        /// (another authority's plans; a census's NumberOfPreviousCPP).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        previous_plans: Option<u32>,
    },
    CpCategoryChanged {
        plan: ItemNo,
        date: NaiveDate,
        category: CategoryOfAbuse,
    },
    CpReviewHeld {
        plan: ItemNo,
        date: NaiveDate,
    },
    CpPlanEnded {
        plan: ItemNo,
        date: NaiveDate,
    },
    CinPlanStarted {
        referral: ItemNo,
        plan: ItemNo,
        date: NaiveDate,
    },
    CinPlanEnded {
        plan: ItemNo,
        date: NaiveDate,
    },
    /// A statutory visit (CP, CIN or looked after).
    Visited {
        date: NaiveDate,
        seen: bool,
        seen_alone: bool,
    },
    PreProceedingsStarted {
        date: NaiveDate,
    },
    PreProceedingsEnded {
        date: NaiveDate,
        outcome: PreProceedingsOutcome,
    },
    CareProceedingsIssued {
        date: NaiveDate,
    },
    CareProceedingsConcluded {
        date: NaiveDate,
        outcome: ProceedingsOutcome,
    },
    /// The CIN episode the referral opened is closed.
    CaseClosed {
        referral: ItemNo,
        date: NaiveDate,
        reason: ReasonForClosure,
    },

    // ---- looked after ----
    /// Starts a period of care with its first legal status and placement.
    CareStarted {
        date: NaiveDate,
        legal_status: LegalStatus,
        need: CategoryOfNeed,
        placement: Placement,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        previous_permanence: Option<PreviousPermanenceRecord>,
    },
    LegalStatusChanged {
        date: NaiveDate,
        legal_status: LegalStatus,
    },
    PlacementChanged {
        date: NaiveDate,
        placement: Placement,
        reason: ReasonPlaceChange,
    },
    /// Legal status and placement change on the same day (903 RNE B/U).
    LegalStatusAndPlacementChanged {
        date: NaiveDate,
        legal_status: LegalStatus,
        placement: Placement,
        reason: ReasonPlaceChange,
    },
    CareEnded {
        date: NaiveDate,
        reason: ReasonEpisodeCeased,
    },
    /// A looked-after review (while placed for adoption, the adoption placement review).
    LacReviewHeld {
        date: NaiveDate,
        participation: ReviewParticipation,
    },
    /// The care plan for the period of care (Care Planning Regulations 2010 reg 4).
    CarePlanMade {
        date: NaiveDate,
    },
    /// The placement plan for the placement that started on `placement` (reg 9).
    PlacementPlanMade {
        date: NaiveDate,
        placement: NaiveDate,
    },
    PermanencePlanMade {
        date: NaiveDate,
        plan: PermanencePlan,
    },
    MissingStarted {
        episode: ItemNo,
        at: NaiveDateTime,
        kind: MissingType,
    },
    MissingEnded {
        episode: ItemNo,
        at: NaiveDateTime,
    },
    ReturnInterview {
        episode: ItemNo,
        offered_at: NaiveDateTime,
        accepted: bool,
    },
    HealthAssessment {
        date: NaiveDate,
    },
    DentalCheck {
        date: NaiveDate,
    },
    Sdq {
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<SdqReason>,
    },
    HealthOutcomesRecorded {
        date: NaiveDate,
        outcomes: HealthOutcomes,
    },
    DoloStarted {
        date: NaiveDate,
    },
    DoloEnded {
        date: NaiveDate,
    },

    // ---- adoption ----
    /// The agency decision that the child should be placed for adoption.
    AdoptionDecision {
        date: NaiveDate,
    },
    AdoptionPanel {
        date: NaiveDate,
    },
    /// The agency decision maker's decision on the match (A2 counts to this date).
    MatchedWithAdopters {
        date: NaiveDate,
        adopters: Adopters,
        /// The adoptive household, where it is on carefile's record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        household: Option<HouseholdId>,
        /// Where the adopters were approved (the authority's own, the regional agency…).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agency: Option<AdopterAgency>,
        /// The adoption panel's case it decides.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        panel: Option<CaseRef>,
    },
    /// Family finding begins (from about four weeks before the placement order).
    FamilyFindingStarted {
        date: NaiveDate,
    },
    /// The month's family-finding activity.
    FamilyFindingUpdated {
        date: NaiveDate,
        activity: String,
    },
    /// No placement identified twelve weeks after the placement order: the service manager's
    /// review, and whether to search nationally (interagency).
    FamilyFindingEscalated {
        date: NaiveDate,
        national_search: bool,
    },
    /// A link with prospective adopters being explored.
    AdopterLinked {
        link: ItemNo,
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        household: Option<HouseholdId>,
        agency: AdopterAgency,
    },
    AdopterLinkEnded {
        link: ItemNo,
        date: NaiveDate,
        reason: String,
    },
    /// The adopters apply to court for the adoption order (at least ten weeks after the placement:
    /// Adoption and Children Act 2002 s 42(2)).
    AdoptionApplicationMade {
        date: NaiveDate,
    },
    /// A placement for adoption broke down before the order.
    AdoptionDisrupted {
        date: NaiveDate,
    },
    /// The decision to place for adoption is reversed.
    AdoptionDecisionReversed {
        date: NaiveDate,
        reason: ReasonPlacedCeased,
    },

    // ---- care leaver ----
    PathwayPlanReviewed {
        date: NaiveDate,
    },
    /// A former relevant child asked for a personal adviser's support to 25 (Children and
    /// Social Work Act 2017 s 3): the pathway plan is kept under review until then.
    AdviserSupportRequested {
        date: NaiveDate,
    },
    CareLeaverContact {
        date: NaiveDate,
        in_touch: InTouch,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        activity: Option<Activity>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        accommodation: Option<Accommodation>,
    },

    // ---- who works with the child ----
    WorkerAllocated {
        date: NaiveDate,
        worker: WorkerId,
        team: TeamId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<SocialWorkerChangeReason>,
    },
    /// The child is left with no allocated worker (the team still holds the case).
    WorkerDeallocated {
        date: NaiveDate,
    },
    /// An independent reviewing officer (looked after) or a child protection
    /// conference chair is assigned to the child, replacing any earlier one in
    /// that role. They may open the record while the child is on a child
    /// protection plan or looked after (the access policy's `reviewing` scope).
    ReviewerAssigned {
        date: NaiveDate,
        worker: WorkerId,
        role: ReviewerRole,
    },
    ManagementOversight {
        date: NaiveDate,
        by: WorkerId,
        note: String,
    },
    PanelDecision {
        date: NaiveDate,
        panel: Panel,
        decision: String,
    },

    // ---- beside the journey ----
    ComplaintReceived {
        complaint: ItemNo,
        date: NaiveDate,
        stage: u8,
    },
    ComplaintAnswered {
        complaint: ItemNo,
        date: NaiveDate,
    },
    EhcAssessmentRequested {
        date: NaiveDate,
    },
    EhcPlanIssued {
        date: NaiveDate,
    },
    /// The SEND service asks social care for its advice to an EHC needs assessment
    /// (SEND Regulations 2014 reg 6): due within 6 weeks of the request, on the worker's tray.
    SendAdviceRequested {
        request: ItemNo,
        date: NaiveDate,
    },
    /// Social care's advice sent to the SEND service.
    SendAdviceGiven {
        request: ItemNo,
        date: NaiveDate,
    },
    /// Social care attended an annual review of the child's EHC plan.
    EhcReviewAttended {
        date: NaiveDate,
    },

    // ---- the Virtual School (decision 008) ----
    /// On the roll of a school, early years setting or college from this date (a change of
    /// school is a new one); the year group where the child is taught out of their age's.
    SchoolStarted {
        date: NaiveDate,
        school: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        urn: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year_group: Option<YearGroup>,
    },
    /// Taken off a school's roll with no other school: not on roll until the next school;
    /// `missing_education` where no suitable education is known at all.
    LeftSchoolRoll {
        date: NaiveDate,
        missing_education: bool,
    },
    /// The Virtual School officer who follows the child's education from this date.
    EducationOfficerAssigned {
        date: NaiveDate,
        officer: WorkerId,
    },
    /// A Personal Education Plan meeting, with the Virtual School's ratings, the SMART targets,
    /// the Pupil Premium Plus plan and spend, and progress against the last targets.
    PepHeld {
        pep: ItemNo,
        date: NaiveDate,
        phase: PepPhase,
        #[serde(default)]
        ratings: PepRatings,
        targets: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ppp_planned: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ppp_spent: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        progress: Option<String>,
    },
    /// Attendance from one day to another, in sessions (half days), as the school reports it.
    AttendanceRecorded {
        from: NaiveDate,
        to: NaiveDate,
        possible: u32,
        attended: u32,
    },
    /// A suspension or permanent exclusion from school.
    ExclusionRecorded {
        date: NaiveDate,
        kind: ExclusionKind,
        reason: ExclusionReason,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sessions: Option<u32>,
    },
    /// A post-16 young person's education, employment or training from this date.
    DestinationRecorded {
        date: NaiveDate,
        destination: Destination,
    },

    // ---- corrections ----
    /// Replaces an earlier event (by its sequence number) with a corrected one.
    Corrected {
        seq: u64,
        replacement: Box<ChildEvent>,
    },
    /// Withdraws an earlier event recorded in error, and with it `also`: the entries that
    /// depend on it, withdrawn in the same step.
    Retracted {
        seq: u64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        also: Vec<u64>,
    },
}

/// How the child was previously permanent before entering care (903 PrevPerm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousPermanenceRecord {
    pub kind: PreviousPermanence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub la: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl ChildEvent {
    /// The event's name as it is stored (`care_started`…).
    pub fn kind(&self) -> &'static str {
        use ChildEvent::*;
        match self {
            Registered { .. } => "registered",
            DetailsAmended { .. } => "details_amended",
            Died { .. } => "died",
            UascStarted { .. } => "uasc_started",
            UascEnded { .. } => "uasc_ended",
            BecameMother { .. } => "became_mother",
            Born { .. } => "born",
            ContactReceived { .. } => "contact_received",
            ContactDecided { .. } => "contact_decided",
            EarlyHelpRequested { .. } => "early_help_requested",
            EarlyHelpStarted { .. } => "early_help_started",
            EarlyHelpEnded { .. } => "early_help_ended",
            ReferralReceived { .. } => "referral_received",
            ReferralDecided { .. } => "referral_decided",
            PrimaryNeedRecorded { .. } => "primary_need_recorded",
            AssessmentStarted { .. } => "assessment_started",
            AssessmentAuthorised { .. } => "assessment_authorised",
            StrategyDiscussionHeld { .. } => "strategy_discussion_held",
            S47Started { .. } => "s47_started",
            S47Concluded { .. } => "s47_concluded",
            IcpcHeld { .. } => "icpc_held",
            CpPlanStarted { .. } => "cp_plan_started",
            CpCategoryChanged { .. } => "cp_category_changed",
            CpReviewHeld { .. } => "cp_review_held",
            CpPlanEnded { .. } => "cp_plan_ended",
            CinPlanStarted { .. } => "cin_plan_started",
            CinPlanEnded { .. } => "cin_plan_ended",
            Visited { .. } => "visited",
            PreProceedingsStarted { .. } => "pre_proceedings_started",
            PreProceedingsEnded { .. } => "pre_proceedings_ended",
            CareProceedingsIssued { .. } => "care_proceedings_issued",
            CareProceedingsConcluded { .. } => "care_proceedings_concluded",
            CaseClosed { .. } => "case_closed",
            CareStarted { .. } => "care_started",
            LegalStatusChanged { .. } => "legal_status_changed",
            PlacementChanged { .. } => "placement_changed",
            LegalStatusAndPlacementChanged { .. } => "legal_status_and_placement_changed",
            CareEnded { .. } => "care_ended",
            LacReviewHeld { .. } => "lac_review_held",
            CarePlanMade { .. } => "care_plan_made",
            PlacementPlanMade { .. } => "placement_plan_made",
            PermanencePlanMade { .. } => "permanence_plan_made",
            MissingStarted { .. } => "missing_started",
            MissingEnded { .. } => "missing_ended",
            ReturnInterview { .. } => "return_interview",
            HealthAssessment { .. } => "health_assessment",
            DentalCheck { .. } => "dental_check",
            Sdq { .. } => "sdq",
            HealthOutcomesRecorded { .. } => "health_outcomes_recorded",
            DoloStarted { .. } => "dolo_started",
            DoloEnded { .. } => "dolo_ended",
            AdoptionDecision { .. } => "adoption_decision",
            AdoptionPanel { .. } => "adoption_panel",
            MatchedWithAdopters { .. } => "matched_with_adopters",
            FamilyFindingStarted { .. } => "family_finding_started",
            FamilyFindingUpdated { .. } => "family_finding_updated",
            FamilyFindingEscalated { .. } => "family_finding_escalated",
            AdopterLinked { .. } => "adopter_linked",
            AdopterLinkEnded { .. } => "adopter_link_ended",
            AdoptionApplicationMade { .. } => "adoption_application_made",
            AdoptionDisrupted { .. } => "adoption_disrupted",
            AdoptionDecisionReversed { .. } => "adoption_decision_reversed",
            PathwayPlanReviewed { .. } => "pathway_plan_reviewed",
            AdviserSupportRequested { .. } => "adviser_support_requested",
            CareLeaverContact { .. } => "care_leaver_contact",
            WorkerAllocated { .. } => "worker_allocated",
            WorkerDeallocated { .. } => "worker_deallocated",
            ReviewerAssigned { .. } => "reviewer_assigned",
            ManagementOversight { .. } => "management_oversight",
            PanelDecision { .. } => "panel_decision",
            ComplaintReceived { .. } => "complaint_received",
            ComplaintAnswered { .. } => "complaint_answered",
            EhcAssessmentRequested { .. } => "ehc_assessment_requested",
            EhcPlanIssued { .. } => "ehc_plan_issued",
            SendAdviceRequested { .. } => "send_advice_requested",
            SendAdviceGiven { .. } => "send_advice_given",
            EhcReviewAttended { .. } => "ehc_review_attended",
            SchoolStarted { .. } => "school_started",
            LeftSchoolRoll { .. } => "left_school_roll",
            EducationOfficerAssigned { .. } => "education_officer_assigned",
            PepHeld { .. } => "pep_held",
            AttendanceRecorded { .. } => "attendance_recorded",
            ExclusionRecorded { .. } => "exclusion_recorded",
            DestinationRecorded { .. } => "destination_recorded",
            Corrected { .. } => "corrected",
            Retracted { .. } => "retracted",
        }
    }

    /// The date the fact took effect (`None` for registration and corrections).
    pub fn effective_date(&self) -> Option<NaiveDate> {
        use ChildEvent::*;
        Some(match self {
            Registered { .. } | DetailsAmended { .. } | Corrected { .. } | Retracted { .. } => return None,
            BecameMother { child_dob } => *child_dob,
            ContactReceived { at, .. }
            | ContactDecided { at, .. }
            | ReferralReceived { at, .. }
            | ReferralDecided { at, .. }
            | StrategyDiscussionHeld { at, .. }
            | MissingStarted { at, .. }
            | MissingEnded { at, .. } => at.date(),
            ReturnInterview { offered_at, .. } => offered_at.date(),
            PrimaryNeedRecorded { .. } => return None,
            Died { date }
            | UascStarted { date }
            | UascEnded { date }
            | Born { date, .. }
            | EarlyHelpRequested { date, .. }
            | EarlyHelpStarted { date, .. }
            | EarlyHelpEnded { date, .. }
            | AssessmentStarted { date, .. }
            | AssessmentAuthorised { date, .. }
            | S47Started { date, .. }
            | S47Concluded { date, .. }
            | IcpcHeld { date, .. }
            | CpPlanStarted { date, .. }
            | CpCategoryChanged { date, .. }
            | CpReviewHeld { date, .. }
            | CpPlanEnded { date, .. }
            | CinPlanStarted { date, .. }
            | CinPlanEnded { date, .. }
            | Visited { date, .. }
            | PreProceedingsStarted { date }
            | PreProceedingsEnded { date, .. }
            | CareProceedingsIssued { date }
            | CareProceedingsConcluded { date, .. }
            | CaseClosed { date, .. }
            | CareStarted { date, .. }
            | LegalStatusChanged { date, .. }
            | PlacementChanged { date, .. }
            | LegalStatusAndPlacementChanged { date, .. }
            | CareEnded { date, .. }
            | LacReviewHeld { date, .. }
            | CarePlanMade { date }
            | PlacementPlanMade { date, .. }
            | PermanencePlanMade { date, .. }
            | HealthAssessment { date }
            | DentalCheck { date }
            | Sdq { date, .. }
            | HealthOutcomesRecorded { date, .. }
            | DoloStarted { date }
            | DoloEnded { date }
            | AdoptionDecision { date }
            | AdoptionPanel { date }
            | MatchedWithAdopters { date, .. }
            | FamilyFindingStarted { date }
            | FamilyFindingUpdated { date, .. }
            | FamilyFindingEscalated { date, .. }
            | AdopterLinked { date, .. }
            | AdopterLinkEnded { date, .. }
            | AdoptionApplicationMade { date }
            | AdoptionDisrupted { date }
            | AdoptionDecisionReversed { date, .. }
            | PathwayPlanReviewed { date }
            | AdviserSupportRequested { date }
            | CareLeaverContact { date, .. }
            | WorkerAllocated { date, .. }
            | WorkerDeallocated { date }
            | ReviewerAssigned { date, .. }
            | ManagementOversight { date, .. }
            | PanelDecision { date, .. }
            | ComplaintReceived { date, .. }
            | ComplaintAnswered { date, .. }
            | EhcAssessmentRequested { date }
            | EhcPlanIssued { date }
            | SendAdviceRequested { date, .. }
            | SendAdviceGiven { date, .. }
            | EhcReviewAttended { date }
            | SchoolStarted { date, .. }
            | LeftSchoolRoll { date, .. }
            | EducationOfficerAssigned { date, .. }
            | PepHeld { date, .. }
            | AttendanceRecorded { to: date, .. }
            | ExclusionRecorded { date, .. }
            | DestinationRecorded { date, .. } => *date,
        })
    }
}

fn one() -> u8 {
    1
}

fn is_one(n: &u8) -> bool {
    *n == 1
}
