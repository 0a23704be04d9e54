//! The timescale engine: every statutory deadline a child's record implies,
//! computed from the record, the working-day calendar and the authority's
//! configuration (service.md §3), with whether and when each was met.
//!
//! Conventions (service.md §3): the starting date is day 0 and "within N"
//! includes day N; weeks and months keep the weekday / calendar day (a month's
//! last day where the day does not exist) and a due date on a non-working day
//! moves back to the previous working day; hour limits count from the recorded
//! time. Facts dated after `as_of` are not yet known and are ignored.
//!
//! | item | counts from | met by | stops with |
//! |---|---|---|---|
//! | `contact_decision`, `referral_decision` | contact / referral received (time) | the manager's decision (time) | |
//! | `early_help_screening` | early help requested | early help started | |
//! | `assessment` | referral received (not for a referral decided NFA) | the referral's first assessment authorised | case closed |
//! | `icpc` | the strategy discussion named by the S47, else the S47 start | the S47's ICPC | S47 concluded with no ICPC needed, case closed |
//! | `cp_review` | plan start, then each review | the next review | plan end |
//! | `cp_visit` | plan start, then each visit | the next visit with the child seen | plan end |
//! | `lac_review` | care start, then each review (first / second / later periods) | the next review in the period | care end |
//! | `permanence_plan` | care start | a permanence plan; due by the configured review (its held date if earlier than its due date) | care end |
//! | `initial_health_assessment` | care start (due before the first review) | the period's first health assessment | care end |
//! | `health_assessment` | the initial health assessment, then each one (age at the last one picks the interval) | the next one in the period | care end |
//! | `dental_check` | care start, then each one | the next one in the period | care end |
//! | `lac_visit` | each placement's start (1 week), then each visit: 6 weeks in the placement's first year, then 3 months where it is meant to last to 18 (long-term fostering, U1/U4), else 6 weeks | the next visit with the child seen | the next placement, care end |
//! | `care_plan` | care start | a care plan made since the previous period of care ended (before the placement counts) | care end |
//! | `placement_plan` | each placement's start | the placement's plan (made before it counts) | the next placement, care end |
//! | `adoption_placement_review` | the start of a placement for adoption (A3–A6), then each review: 4 weeks, 3 months, then 6 months | the next looked-after review while so placed | the placement for adoption ends |
//! | `adoption_best_interest` | adoption agreed as the plan (a permanence plan of adoption after none or another) | the agency decision maker's decision that the child should be placed for adoption | the plan changed away from adoption |
//! | `family_finding_update` | family finding's start, then each update, monthly | the next update | a match, the decision reversed |
//! | `family_finding` | change to legal status E1 | a match not later reversed | care end or a change away from E1 |
//! | `return_interview` | return from missing (time) | interview offered (time) | |
//! | `missing_escalation` | start of the episode that reaches the count within the window (counting restarts after it) | a manager's oversight entry | |
//! | `pathway_plan` | care start or the starting birthday, whichever is later; due by the plan birthday | the first pathway plan event | care end before it falls due |
//! | `pathway_plan_review` | the plan, then each review | the next review | the upper age (the extended age where the care leaver asked for support to 25; asked after the upper age, reviews start again from the request) |
//! | `complaint_stage1` | stage 1 complaint received | answered (`extended_due`: the longest extension) | |
//! | `ehc_plan` | EHC needs assessment requested | plan issued | |
//! | `complaint_stage2` | stage 2 asked for (a complaint on the `complaint` stream) | answered (`extended_due`: the longest extension; the due date once extended) | withdrawn |
//! | `complaint_panel`, `complaint_panel_report`, `complaint_response` | stage 3 asked for; the panel; its report | the panel; its report; the authority's response | withdrawn |
//! | `send_advice` | the SEND service's request for social care advice | the advice given | |
//! | `pep_initial` | becoming looked after (the third birthday, for a younger child), up to year 13 | the period's first PEP meeting | care end |
//! | `pep_termly` | each school term (`school_terms`) the child is looked after in, reception to year 13, unless new into care in the term's last month (`pep_new_into_care`); due on the term's last day | a PEP meeting in the term | care end, or the term's end if missed (late, off the due list) |
//! | `pep_early_years` | the first PEP of a child below reception, then each PEP | the next PEP | reception, care end |
//!
//! "Stops with": an unmet occurrence is dropped when the end comes on or before
//! its due date; one already overdue stays, with `ended` set, for timeliness.
//! While a child is placed for adoption, looked-after reviews are the adoption placement
//! reviews (Adoption Agencies Regulations 2005 reg 36): `lac_review` stops when the placement
//! starts and, should it end with the child still looked after, runs again from the latest
//! review at the later interval.

mod config;
mod rules;
#[cfg(test)]
mod tests;

pub use config::{ConfigError, DEFAULT_TOML, Period, TimescaleConfig, Unit};

use crate::calendar::Calendar;
use crate::ids::{ChildId, TeamId, WorkerId};
use crate::journey::ChildRecord;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    ContactDecision,
    ReferralDecision,
    EarlyHelpScreening,
    Assessment,
    Icpc,
    CpReview,
    CpVisit,
    LacReview,
    PermanencePlan,
    InitialHealthAssessment,
    HealthAssessment,
    DentalCheck,
    LacVisit,
    CarePlan,
    PlacementPlan,
    AdoptionPlacementReview,
    AdoptionBestInterest,
    FamilyFinding,
    FamilyFindingUpdate,
    ReturnInterview,
    MissingEscalation,
    PathwayPlan,
    PathwayPlanReview,
    ComplaintStage1,
    EhcPlan,
    SendAdvice,
    ComplaintStage2,
    ComplaintPanel,
    ComplaintPanelReport,
    ComplaintResponse,
    PepInitial,
    PepTermly,
    PepEarlyYears,
}

impl Item {
    pub const ALL: [Item; 33] = [
        Item::ContactDecision,
        Item::ReferralDecision,
        Item::EarlyHelpScreening,
        Item::Assessment,
        Item::Icpc,
        Item::CpReview,
        Item::CpVisit,
        Item::LacReview,
        Item::PermanencePlan,
        Item::InitialHealthAssessment,
        Item::HealthAssessment,
        Item::DentalCheck,
        Item::LacVisit,
        Item::CarePlan,
        Item::PlacementPlan,
        Item::AdoptionPlacementReview,
        Item::AdoptionBestInterest,
        Item::FamilyFinding,
        Item::FamilyFindingUpdate,
        Item::ReturnInterview,
        Item::MissingEscalation,
        Item::PathwayPlan,
        Item::PathwayPlanReview,
        Item::ComplaintStage1,
        Item::EhcPlan,
        Item::SendAdvice,
        Item::ComplaintStage2,
        Item::ComplaintPanel,
        Item::ComplaintPanelReport,
        Item::ComplaintResponse,
        Item::PepInitial,
        Item::PepTermly,
        Item::PepEarlyYears,
    ];

    /// Stable snake_case name (CLI, exports).
    pub fn name(self) -> &'static str {
        match self {
            Item::ContactDecision => "contact_decision",
            Item::ReferralDecision => "referral_decision",
            Item::EarlyHelpScreening => "early_help_screening",
            Item::Assessment => "assessment",
            Item::Icpc => "icpc",
            Item::CpReview => "cp_review",
            Item::CpVisit => "cp_visit",
            Item::LacReview => "lac_review",
            Item::PermanencePlan => "permanence_plan",
            Item::InitialHealthAssessment => "initial_health_assessment",
            Item::HealthAssessment => "health_assessment",
            Item::DentalCheck => "dental_check",
            Item::LacVisit => "lac_visit",
            Item::CarePlan => "care_plan",
            Item::PlacementPlan => "placement_plan",
            Item::AdoptionPlacementReview => "adoption_placement_review",
            Item::AdoptionBestInterest => "adoption_best_interest",
            Item::FamilyFinding => "family_finding",
            Item::FamilyFindingUpdate => "family_finding_update",
            Item::ReturnInterview => "return_interview",
            Item::MissingEscalation => "missing_escalation",
            Item::PathwayPlan => "pathway_plan",
            Item::PathwayPlanReview => "pathway_plan_review",
            Item::ComplaintStage1 => "complaint_stage1",
            Item::EhcPlan => "ehc_plan",
            Item::SendAdvice => "send_advice",
            Item::ComplaintStage2 => "complaint_stage2",
            Item::ComplaintPanel => "complaint_panel",
            Item::ComplaintPanelReport => "complaint_panel_report",
            Item::ComplaintResponse => "complaint_response",
            Item::PepInitial => "pep_initial",
            Item::PepTermly => "pep_termly",
            Item::PepEarlyYears => "pep_early_years",
        }
    }

    /// What a worker reads.
    pub fn label(self) -> &'static str {
        match self {
            Item::ContactDecision => "Manager's decision on the contact",
            Item::ReferralDecision => "Manager's decision on the referral",
            Item::EarlyHelpScreening => "Screening of the early help request",
            Item::Assessment => "Single assessment authorised (statutory guidance: counted from the referral)",
            Item::Icpc => "Initial child protection conference",
            Item::CpReview => "Child protection review conference",
            Item::CpVisit => "Child protection statutory visit (child seen)",
            Item::LacReview => "Looked-after review",
            Item::PermanencePlan => "Permanence plan (by the second looked-after review)",
            Item::InitialHealthAssessment => "Initial health assessment (before the first review)",
            Item::HealthAssessment => "Health assessment",
            Item::DentalCheck => "Dental check",
            Item::LacVisit => "Looked-after statutory visit (child seen)",
            Item::CarePlan => "Care plan",
            Item::PlacementPlan => "Placement plan",
            Item::AdoptionPlacementReview => "Adoption placement review",
            Item::AdoptionBestInterest => "Adoption plan to the agency decision maker",
            Item::FamilyFinding => "Adoptive match (else service manager review and national search)",
            Item::FamilyFindingUpdate => "Family finding: monthly update",
            Item::ReturnInterview => "Return home interview offered",
            Item::MissingEscalation => "Missing: escalation (manager's oversight)",
            Item::PathwayPlan => "Pathway plan in place",
            Item::PathwayPlanReview => "Pathway plan review",
            Item::ComplaintStage1 => "Complaint stage 1 response",
            Item::EhcPlan => "Final EHC plan issued",
            Item::SendAdvice => "Social care advice to the EHC needs assessment",
            Item::ComplaintStage2 => "Complaint stage 2 investigation and response",
            Item::ComplaintPanel => "Complaint stage 3 review panel",
            Item::ComplaintPanelReport => "Complaint review panel's report",
            Item::ComplaintResponse => "The authority's response to the review panel",
            Item::PepInitial => "Personal Education Plan in place (by the first looked-after review)",
            Item::PepTermly => "Personal Education Plan meeting this term",
            Item::PepEarlyYears => "Early years Personal Education Plan (every six months)",
        }
    }

    /// The kind of event that meets it (its form, decision 003: "meet it" is a link to that form).
    pub fn met_by(self) -> &'static str {
        match self {
            Item::ContactDecision => "contact_decided",
            Item::ReferralDecision => "referral_decided",
            Item::EarlyHelpScreening => "early_help_started",
            Item::Assessment => "assessment_authorised",
            Item::Icpc => "icpc_held",
            Item::CpReview => "cp_review_held",
            Item::CpVisit | Item::LacVisit => "visited",
            Item::LacReview | Item::AdoptionPlacementReview => "lac_review_held",
            Item::PermanencePlan => "permanence_plan_made",
            Item::InitialHealthAssessment | Item::HealthAssessment => "health_assessment",
            Item::DentalCheck => "dental_check",
            Item::CarePlan => "care_plan_made",
            Item::PlacementPlan => "placement_plan_made",
            Item::AdoptionBestInterest => "adoption_decision",
            Item::FamilyFinding => "matched_with_adopters",
            Item::FamilyFindingUpdate => "family_finding_updated",
            Item::ReturnInterview => "return_interview",
            Item::MissingEscalation => "management_oversight",
            Item::PathwayPlan | Item::PathwayPlanReview => "pathway_plan_reviewed",
            Item::ComplaintStage1 => "complaint_answered",
            Item::EhcPlan => "ehc_plan_issued",
            Item::SendAdvice => "send_advice_given",
            // Events of the `complaint` stream (decision 008).
            Item::ComplaintStage2 | Item::ComplaintResponse => "responded",
            Item::ComplaintPanel => "panel_held",
            Item::ComplaintPanelReport => "panel_reported",
            Item::PepInitial | Item::PepTermly | Item::PepEarlyYears => "pep_held",
        }
    }

    /// The item called `name` (its [`name`](Self::name)).
    pub fn from_name(name: &str) -> Option<Item> {
        Item::ALL.into_iter().find(|i| i.name() == name)
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A date, with the time where the fact records one (hour limits need it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Moment {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
}

impl Moment {
    pub fn day(date: NaiveDate) -> Moment {
        Moment { date, time: None }
    }
    pub fn at(at: NaiveDateTime) -> Moment {
        Moment { date: at.date(), time: Some(at.time()) }
    }
    /// The date and time, where there is a time.
    pub fn datetime(&self) -> Option<NaiveDateTime> {
        self.time.map(|t| self.date.and_time(t))
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.time {
            Some(t) => write!(f, "{} {}", self.date, t.format("%H:%M")),
            None => write!(f, "{}", self.date),
        }
    }
}

/// What a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// "referral received", "previous review"…
    pub label: &'static str,
    pub at: Moment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met on or before the due date (time).
    Met,
    MetLate,
    /// Not met; due on or after `as_of`.
    Due,
    /// Not met; the due date (time) has passed.
    Overdue,
}

impl Status {
    /// Still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Due | Status::Overdue)
    }
}

/// One deadline the record implies (computed, so serialised but never read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub item: Item,
    /// 1 for a one-off item; the occurrence's number for a recurring one (the third review…).
    pub occurrence: u32,
    pub from: Basis,
    /// Due date; with a time for hour limits.
    pub due: Moment,
    pub met: Option<Moment>,
    pub status: Status,
    /// The plan, period or case ended on this date with the item still unmet after it fell due:
    /// kept for timeliness, left out of due lists.
    pub ended: Option<NaiveDate>,
    /// The latest the due date may be extended to (complaints, stage 1).
    pub extended_due: Option<NaiveDate>,
}

/// Every deadline `record` implies whose starting date is on or before `as_of`:
/// each one-off item, and for each recurring item every occurrence up to
/// `as_of` and the next one due. Ordered by due date.
pub fn deadlines(record: &ChildRecord, cal: &Calendar, cfg: &TimescaleConfig, as_of: NaiveDate) -> Vec<Deadline> {
    rules::all(record, cal, cfg, as_of)
}

/// A complaint's clocks on `as_of` (decision 008; `complaint_*` items), ordered by due date.
pub fn complaint_deadlines(
    complaint: &crate::complaints::Complaint,
    cal: &Calendar,
    cfg: &TimescaleConfig,
    as_of: NaiveDate,
) -> Vec<Deadline> {
    rules::complaint(complaint, cal, cfg, as_of)
}

/// The last day a complainant may ask for the complaint's next stage, where it has one.
pub fn complaint_escalation_window(
    complaint: &crate::complaints::Complaint,
    cal: &Calendar,
    cfg: &TimescaleConfig,
) -> Option<NaiveDate> {
    rules::escalation_window(complaint, cal, cfg)
}

/// The Virtual School's clocks alone (`pep_*` items) on `as_of`, for the indicators that count them.
pub fn pep_deadlines(record: &ChildRecord, cal: &Calendar, cfg: &TimescaleConfig, as_of: NaiveDate) -> Vec<Deadline> {
    rules::peps(record, cal, cfg, as_of)
}

/// Label of [`assessment_duration_working_days`], distinct from the statutory [`Item::Assessment`] deadline.
pub const ASSESSMENT_DURATION_LABEL: &str =
    "Assessment duration in working days, start to authorisation (DfE indicator)";

/// The DfE indicator's measure of an assessment: working days from its start
/// (day 0) to its authorisation.
pub fn assessment_duration_working_days(cal: &Calendar, start: NaiveDate, authorised: NaiveDate) -> i64 {
    cal.working_days_between(start, authorised)
}

/// One row of `carefile due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueRow {
    pub child: ChildId,
    /// The allocated worker on `as_of` (`None`: unallocated).
    pub worker: Option<WorkerId>,
    pub team: Option<TeamId>,
    pub item: Item,
    pub occurrence: u32,
    pub due: Moment,
    pub status: Status,
}

/// What is due or overdue on `as_of` across `records`, with each child's
/// allocation on that day; only `team`'s children when a team is given.
/// Ordered by due date, then child.
pub fn due_list<'a>(
    records: impl IntoIterator<Item = &'a ChildRecord>,
    cal: &Calendar,
    cfg: &TimescaleConfig,
    as_of: NaiveDate,
    team: Option<&TeamId>,
) -> Vec<DueRow> {
    let mut rows = Vec::new();
    for record in records {
        let allocation = record.allocation_on(as_of);
        let worker = allocation.and_then(|a| a.worker.clone());
        let child_team = allocation.and_then(|a| a.team.clone());
        if team.is_some_and(|t| child_team.as_ref() != Some(t)) {
            continue;
        }
        for d in deadlines(record, cal, cfg, as_of) {
            if d.status.is_open() && d.ended.is_none() {
                rows.push(DueRow {
                    child: record.id.clone(),
                    worker: worker.clone(),
                    team: child_team.clone(),
                    item: d.item,
                    occurrence: d.occurrence,
                    due: d.due,
                    status: d.status,
                });
            }
        }
    }
    rows.sort_by(|a, b| (a.due, &a.child, a.item).cmp(&(b.due, &b.child, b.item)));
    rows
}
