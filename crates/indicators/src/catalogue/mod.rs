//! The indicator catalogue: one named unit per indicator (or small family),
//! each with its definition in plain words and the rule that computes it.
//!
//! A rule is either a **flow** (the events a child contributes, each dated:
//! counted when the date falls in the period) or a **snapshot** (what the child
//! contributes on a given day, with the days on which that can change: the
//! engine evaluates the rule only at those days and keeps the result as spans
//! of days, so any period's end is answered by a binary search).

mod adoption;
mod assessments;
mod care_leavers;
mod child_protection;
mod complaints;
mod front_door;
mod health;
mod missing;
mod placements;
mod send;
mod status;
mod virtual_school;
mod workforce;

use crate::model::Definition;
use carefile_domain::calendar::{Calendar, add_months};
use carefile_domain::coverage::FactKind;
use carefile_domain::journey::ChildRecord;
use carefile_domain::timescales::{Period as TimescalePeriod, TimescaleConfig, Unit as TimescaleUnit};
use chrono::{Days, NaiveDate};

pub(crate) use status::{OPEN_CASE_PARTS, OPEN_CASES};

/// One child as the rules see it, with the authority's calendar and timescales.
pub(crate) struct Child<'a> {
    pub rec: &'a ChildRecord,
    pub cal: &'a Calendar,
    pub ts: &'a TimescaleConfig,
}

impl Child<'_> {
    /// The due date `p` after `d` (service.md §3): working days counted from `d`
    /// as day 0; weeks and months to the same weekday or day, moved back to a
    /// working day; hours end on the day they fall in.
    pub fn due(&self, d: NaiveDate, p: TimescalePeriod) -> NaiveDate {
        let n = p.n;
        match p.unit {
            TimescaleUnit::WorkingDays => self.cal.add_working_days(d, i64::from(n)),
            TimescaleUnit::Days => self.cal.on_or_before(d + Days::new(u64::from(n))),
            TimescaleUnit::Weeks => self.cal.due_after_weeks(d, n),
            TimescaleUnit::Months => self.cal.due_after_months(d, n),
            TimescaleUnit::Hours => d + Days::new(u64::from(n / 24)),
        }
    }
}

/// One dated contribution of a flow rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Event {
    pub date: NaiveDate,
    pub num: u32,
    pub den: u32,
    /// What happened on `date` ("referral", "assessment authorised").
    pub what: &'static str,
}

/// A child's contribution to a snapshot on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Weights {
    pub num: u32,
    pub den: u32,
}

pub(crate) type FlowFn = fn(&Child, &mut Vec<Event>);
pub(crate) type AtFn = fn(&Child, NaiveDate) -> Option<Weights>;
pub(crate) type BreaksFn = fn(&Child, &mut Vec<NaiveDate>);

#[derive(Clone, Copy)]
pub(crate) enum Rule {
    Flow(FlowFn),
    Snapshot {
        at: AtFn,
        /// Every day on which `at` may change value (extra days are harmless; a
        /// missing one is a bug the differential test catches).
        breaks: BreaksFn,
        /// Said of a child counted on a day ("on a CP plan"), with the day it began.
        what: &'static str,
    },
}

/// Where the denominator comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Denominator {
    /// The rule's own weights (or none, for counts).
    Rule,
    /// The under-18 population of the financial year containing the period's end.
    Population,
    /// Social workers in post on the period's end (from the organisation).
    SocialWorkers,
}

/// The kind of fact an indicator needs the record to hold: an authority whose
/// record holds none of it (e.g. one built from the returns, which carry no
/// contacts) gets "not available", never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Source {
    Contacts,
    Referrals,
    Assessments,
    StrategyDiscussions,
    S47s,
    Icpcs,
    CpPlans,
    Care,
    Proceedings,
    HealthAssessments,
    DentalChecks,
    Sdqs,
    CareLeaverContacts,
    Adoptions,
    Missing,
    ReturnInterviews,
    /// Referrals flagged with a concern of exploitation (CSE or CCE).
    Exploitation,
    Complaints,
    Allocations,
    /// Requests for social care advice to EHC needs assessments.
    SendAdvice,
    /// PEP meetings (the Virtual School).
    Peps,
    /// Attendance reported by schools.
    Attendance,
    /// Anything the Virtual School records: schools, PEPs, attendance, exclusions, destinations.
    Education,
}

impl Source {
    pub const ALL: [Source; 23] = [
        Source::Contacts,
        Source::Referrals,
        Source::Assessments,
        Source::StrategyDiscussions,
        Source::S47s,
        Source::Icpcs,
        Source::CpPlans,
        Source::Care,
        Source::Proceedings,
        Source::HealthAssessments,
        Source::DentalChecks,
        Source::Sdqs,
        Source::CareLeaverContacts,
        Source::Adoptions,
        Source::Missing,
        Source::ReturnInterviews,
        Source::Exploitation,
        Source::Complaints,
        Source::Allocations,
        Source::SendAdvice,
        Source::Peps,
        Source::Attendance,
        Source::Education,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Source::Contacts => "contacts",
            Source::Referrals => "referrals",
            Source::Assessments => "assessments",
            Source::StrategyDiscussions => "strategy discussions",
            Source::S47s => "section 47 enquiries",
            Source::Icpcs => "initial child protection conferences",
            Source::CpPlans => "child protection plans",
            Source::Care => "periods of care",
            Source::Proceedings => "pre-proceedings or care proceedings",
            Source::HealthAssessments => "health assessments",
            Source::DentalChecks => "dental checks",
            Source::Sdqs => "SDQ scores",
            Source::CareLeaverContacts => "care leavers' contacts",
            Source::Adoptions => "adoption decisions",
            Source::Missing => "missing episodes",
            Source::ReturnInterviews => "return home interviews",
            Source::Exploitation => "referrals flagged for exploitation",
            Source::Complaints => "complaints",
            Source::Allocations => "worker allocations",
            Source::SendAdvice => "requests for social care advice (EHC needs assessments)",
            Source::Peps => "Personal Education Plan meetings",
            Source::Attendance => "school attendance",
            Source::Education => "the Virtual School's records (schools, PEPs, attendance, exclusions)",
        }
    }

    /// The kind of fact a statutory return carries for this source, if any (coverage).
    pub fn kind(self) -> Option<FactKind> {
        Some(match self {
            Source::Referrals => FactKind::Referrals,
            Source::Assessments => FactKind::Assessments,
            Source::S47s => FactKind::S47s,
            Source::Icpcs => FactKind::Icpcs,
            Source::CpPlans => FactKind::CpPlans,
            Source::Care => FactKind::Care,
            Source::HealthAssessments | Source::DentalChecks | Source::Sdqs => FactKind::AnnualHealth,
            Source::CareLeaverContacts => FactKind::CareLeaverContacts,
            Source::Adoptions => FactKind::Adoptions,
            Source::Missing => FactKind::Missing,
            Source::StrategyDiscussions => FactKind::StrategyDiscussions,
            Source::Contacts
            | Source::Proceedings
            | Source::ReturnInterviews
            | Source::Exploitation
            | Source::Complaints
            | Source::Allocations
            | Source::SendAdvice
            | Source::Peps
            | Source::Attendance
            | Source::Education => return None,
        })
    }

    /// The earliest date of this kind of fact in a child's record.
    pub fn first_in(self, r: &ChildRecord) -> Option<NaiveDate> {
        let refs = || r.referrals.iter();
        match self {
            Source::Contacts => r.contacts.iter().map(|c| c.at.date()).min(),
            Source::Referrals => refs().map(|x| x.date()).min(),
            Source::Assessments => refs().flat_map(|x| &x.assessments).map(|a| a.start).min(),
            Source::StrategyDiscussions => refs().flat_map(|x| &x.discussions).map(|d| d.at.date()).min(),
            Source::S47s => refs().flat_map(|x| &x.s47s).map(|s| s.start).min(),
            Source::Icpcs => refs().flat_map(|x| &x.icpcs).map(|c| c.date).min(),
            Source::CpPlans => refs().flat_map(|x| &x.cp_plans).map(|p| p.start).min(),
            Source::Care => r.care.iter().map(|p| p.start).min(),
            Source::Proceedings => r.proceedings.iter().filter_map(|p| p.pre_start.or(p.issued)).min(),
            Source::HealthAssessments => {
                r.health_assessments.iter().copied().chain(reported(r, |o| o.health_assessment.is_some())).min()
            }
            Source::DentalChecks => {
                r.dental_checks.iter().copied().chain(reported(r, |o| o.dental_check.is_some())).min()
            }
            Source::Sdqs => r.sdqs.iter().map(|s| s.date).chain(reported(r, |o| o.sdq_score.is_some())).min(),
            Source::CareLeaverContacts => r.care_leaver_contacts.iter().map(|c| c.date).min(),
            Source::Adoptions => r.adoptions.iter().map(|a| a.decision).min(),
            Source::Missing => r.missing.iter().map(|m| m.start.date()).min(),
            Source::ReturnInterviews => r.missing.iter().filter_map(|m| m.interview).map(|i| i.0.date()).min(),
            Source::Exploitation => refs().filter(|x| !x.exploitation.is_empty()).map(|x| x.date()).min(),
            Source::Complaints => r.complaints.iter().map(|c| c.received).min(),
            Source::Allocations => r.allocations.iter().map(|a| a.from).min(),
            Source::SendAdvice => r.send_advice.iter().map(|a| a.requested).min(),
            Source::Peps => r.education.peps.iter().map(|p| p.date).min(),
            Source::Attendance => r.education.attendance.iter().map(|a| a.from).min(),
            Source::Education => {
                let e = &r.education;
                let peps = e.peps.iter().map(|p| p.date);
                let rest = e.rolls.iter().map(|x| x.date).chain(e.attendance.iter().map(|a| a.from));
                peps.chain(rest).chain(e.exclusions.iter().map(|x| x.date)).chain(e.destinations.iter().map(|x| x.date)).min()
            }
        }
    }
}

/// The days of the year-end health outcomes (a return's OC2) that report `what`.
fn reported<'a>(
    r: &'a ChildRecord,
    what: fn(&carefile_domain::journey::HealthOutcomes) -> bool,
) -> impl Iterator<Item = NaiveDate> + 'a {
    r.health_outcomes.iter().filter(move |h| what(&h.value)).map(|h| h.date)
}

/// How a figure is split into parts on the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Split {
    None,
    /// By the service of the team each contribution is attributed to.
    ByService,
}

/// How much history before the period a figure reads (its start for flows, its last day for
/// snapshots): where the record was built from returns, a figure reaching back before the first
/// return imported is partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookback {
    /// Only the period itself.
    None,
    /// The months before (a re-referral within 12 months, placements in the year).
    Months(u32),
    /// Each child's whole history of the kind (all reviews of a plan, care since the 14th birthday).
    Ever,
}

/// Which events a flow counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Window {
    /// Those dated in the period.
    Period,
    /// Those dated in the three years to the period's end (the adoption scorecard's pooled figures).
    ThreeYears,
}

impl Window {
    /// The first day counted for a flow over `period`.
    pub fn start(self, period: &crate::Period) -> NaiveDate {
        match self {
            Window::Period => period.start,
            Window::ThreeYears => carefile_domain::stats::rolling_year_start(
                period.end.checked_sub_months(chrono::Months::new(24)).unwrap_or(period.end),
            ),
        }
    }
}

/// An indicator: its definition and how it is computed.
pub(crate) struct Indicator {
    pub def: Definition,
    pub rule: Rule,
    pub denominator: Denominator,
    /// The facts the record must hold for the figure to mean anything.
    pub needs: &'static [Source],
    pub history: Lookback,
    pub window: Window,
    pub split: Split,
}

/// Every indicator, in dashboard order (by outcome, then as the papers list them).
pub(crate) static ALL: &[&Indicator] = &[
    &front_door::CONTACTS,
    &front_door::CONTACTS_TO_REFERRAL,
    &front_door::REFERRALS,
    &front_door::RE_REFERRALS_12M,
    &assessments::ASSESSMENTS_COMPLETED,
    &assessments::ASSESSMENTS_WITHIN_45_WD,
    &assessments::ASSESSMENTS_DUE_DATE_MET,
    &front_door::STRATEGY_DISCUSSIONS,
    &front_door::S47_ENQUIRIES,
    &front_door::ICPCS,
    &child_protection::ICPC_WITHIN_15_WD,
    &front_door::CP_PLANS_STARTED,
    &child_protection::CP_REVIEWED_IN_TIMESCALE,
    &child_protection::CP_SECOND_TIME,
    &child_protection::CP_TWO_YEARS_OPEN,
    &child_protection::CP_TWO_YEARS_CEASED,
    &child_protection::CP_PLANS,
    &child_protection::CP_RATE,
    &front_door::CSE_REFERRALS,
    &status::OPEN_CASES,
    &status::CHILDREN_IN_NEED,
    &status::CHILDREN_IN_NEED_DFE,
    &status::CIN_RATE,
    &status::LOOKED_AFTER,
    &status::LAC_RATE,
    &missing::MISSING_EPISODES,
    &missing::AWAY_EPISODES,
    &missing::RETURN_INTERVIEWS_OFFERED,
    &missing::RETURN_INTERVIEWS_ACCEPTED,
    &placements::PLACEMENTS_3_PLUS,
    &placements::PLACEMENT_LONG_TERM,
    &care_leavers::CL_ACCOMMODATION_19_21,
    &care_leavers::CL_ACCOMMODATION_17_18,
    &care_leavers::CL_EET_19_21,
    &care_leavers::CL_EET_17_18,
    &adoption::A10,
    &adoption::A2,
    &adoption::A20,
    &adoption::A10_3Y,
    &adoption::A2_3Y,
    &adoption::A20_3Y,
    &health::DENTAL_CHECKS,
    &health::HEALTH_ASSESSMENTS,
    &health::SDQ_MEAN,
    &complaints::COMPLAINTS_IN_TIMESCALE,
    &send::SEND_ADVICE_IN_TIMESCALE,
    &virtual_school::PEP_COMPLETION,
    &virtual_school::PEP_QUALITY,
    &virtual_school::SCHOOL_ATTENDANCE,
    &virtual_school::SUSPENSIONS,
    &virtual_school::PERMANENT_EXCLUSIONS,
    &virtual_school::NOT_ON_ROLL,
    &virtual_school::POST16_NEET,
    &workforce::CASELOAD_PER_WORKER,
    &workforce::UNALLOCATED_CASES,
];

/// Indicators the reconciliation checks use that the dashboard does not show.
static HIDDEN: &[&Indicator] = &[&front_door::CP_PLANS_ENDED, &front_door::CARE_STARTED, &front_door::CARE_ENDED];

/// Stock and flows that must agree: (snapshot, started, ended).
pub(crate) const STOCK_FLOWS: [(&str, &str, &str); 2] =
    [("cp_plans", "cp_plans_started", "cp_plans_ended"), ("looked_after", "care_started", "care_ended")];

/// The indicators shown on the dashboard and the internal ones the
/// reconciliation checks use, in one list for lookups.
pub(crate) fn every() -> impl Iterator<Item = &'static Indicator> {
    ALL.iter().chain(OPEN_CASE_PARTS).chain(HIDDEN).copied()
}

pub(crate) fn find(id: &str) -> Option<&'static Indicator> {
    every().find(|i| i.def.id == id)
}

/// The definition of indicator `id`, if the catalogue has it.
pub fn definition(id: &str) -> Option<&'static Definition> {
    find(id).map(|i| &i.def)
}

/// The definitions of every dashboard indicator, in order.
pub fn definitions() -> impl Iterator<Item = &'static Definition> {
    ALL.iter().map(|i| &i.def)
}

// Helpers shared by the rules.

/// `d` + `n` calendar months (the month's last day where the day does not exist).
pub(crate) fn months_after(d: NaiveDate, n: u32) -> NaiveDate {
    add_months(d, n)
}

/// Whether `earlier` is within 12 months before `d`: the anniversary is included.
pub(crate) fn within_12_months_before(earlier: NaiveDate, d: NaiveDate) -> bool {
    earlier <= d && months_after(earlier, 12) >= d
}

/// Breakpoints for "within 12 months after `x`": the day itself and the days
/// around its anniversary (month-end clamping can move it by a day or two).
pub(crate) fn push_year_after(out: &mut Vec<NaiveDate>, x: NaiveDate) {
    out.push(x);
    push_around(out, months_after(x, 12));
}

/// `d`, the day before and the two days after (month-end clamping moves anniversaries by a day or two).
pub(crate) fn push_around(out: &mut Vec<NaiveDate>, d: NaiveDate) {
    out.push(d);
    out.extend(d.pred_opt());
    out.extend(d.checked_add_days(Days::new(1)));
    out.extend(d.checked_add_days(Days::new(2)));
}

/// The indicator with whose definition it follows.
pub(crate) const fn based(mut i: Indicator, basis: crate::model::Basis) -> Indicator {
    i.def.basis = basis;
    i
}

/// A count with no polarity, for the families to adjust.
const fn count(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    rule: Rule,
    needs: &'static [Source],
) -> Indicator {
    let (measure, cohort) = match rule {
        Rule::Flow(_) => (crate::model::Measure::Flow, "events dated in the period"),
        Rule::Snapshot { .. } => (crate::model::Measure::Snapshot, "children counted on the period's last day"),
    };
    Indicator {
        def: Definition {
            id,
            name,
            outcome: crate::model::Outcome::FrontDoor,
            definition,
            numerator: name,
            denominator: None,
            polarity: crate::model::Polarity::None,
            unit: crate::model::Unit::Count,
            measure,
            cohort,
            source: None,
            basis: crate::model::Basis::Local("counted from the record"),
        },
        rule,
        denominator: Denominator::Rule,
        needs,
        history: Lookback::None,
        window: Window::Period,
        split: Split::None,
    }
}

/// A count of events dated in the period.
pub(crate) const fn flow(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    f: FlowFn,
    needs: &'static [Source],
) -> Indicator {
    count(id, name, definition, Rule::Flow(f), needs)
}

/// A count of children on the period's last day.
pub(crate) const fn snapshot(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    (at, breaks, what): (AtFn, BreaksFn, &'static str),
    needs: &'static [Source],
) -> Indicator {
    count(id, name, definition, Rule::Snapshot { at, breaks, what }, needs)
}

/// A share of a cohort, in per cent.
pub(crate) const fn share(
    mut i: Indicator,
    outcome: crate::model::Outcome,
    polarity: crate::model::Polarity,
    numerator: &'static str,
    denominator: &'static str,
) -> Indicator {
    i.def.outcome = outcome;
    i.def.numerator = numerator;
    i.def.denominator = Some(denominator);
    i.def.polarity = polarity;
    i.def.unit = crate::model::Unit::Percent;
    i
}

/// The same figure as a rate per 10,000 children (the under-18 population from the comparator file).
pub(crate) const fn rate(of: Indicator, id: &'static str, name: &'static str, definition: &'static str) -> Indicator {
    let mut i = of;
    i.def.id = id;
    i.def.name = name;
    i.def.definition = definition;
    i.def.denominator = Some("the authority's under-18 population for the financial year");
    i.def.unit = crate::model::Unit::RatePer10k;
    i.denominator = Denominator::Population;
    i
}

pub(crate) fn event(date: NaiveDate, num: u32, den: u32, what: &'static str) -> Event {
    Event { date, num, den, what }
}

/// Count-only weights: 1 in the numerator.
pub(crate) const ONE: Weights = Weights { num: 1, den: 0 };

pub(crate) fn ratio(hit: bool) -> Weights {
    Weights { num: u32::from(hit), den: 1 }
}
