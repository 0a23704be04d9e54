//! The public model: what an indicator is, the periods and filters it is
//! computed for, and what a computation returns. Renderers (the committee
//! report, the web dashboard) program against these types only.

use carefile_domain::ids::{ChildId, TeamId};
use carefile_domain::org::Service;
use chrono::NaiveDate;
use serde::Serialize;

pub use crate::period::{BadPeriod, Period, PeriodKind};

/// Which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HighGood,
    LowGood,
    /// Context only: shown as Higher / Lower / Same, never Better / Worse.
    None,
}

/// What the value measures, and so how it is computed from numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// The numerator itself; there is no denominator.
    Count,
    /// numerator ÷ denominator × 100.
    Percent,
    /// numerator ÷ under-18 population × 10,000 (the population comes from the comparator file).
    RatePer10k,
    /// Mean days: total days ÷ children.
    Days,
    /// Mean of a score: total score ÷ children scored.
    MeanScore,
    /// numerator ÷ denominator (e.g. cases per worker).
    Ratio,
}

impl Unit {
    /// The value from its parts; `None` when the denominator is zero.
    pub fn value(self, numerator: u64, denominator: Option<u64>) -> Option<f64> {
        let n = numerator as f64;
        match (self, denominator) {
            (Unit::Count, _) => Some(n),
            (_, None | Some(0)) => None,
            (Unit::Percent, Some(d)) => Some(n / d as f64 * 100.0),
            (Unit::RatePer10k, Some(d)) => Some(n / d as f64 * 10_000.0),
            (Unit::Days | Unit::MeanScore | Unit::Ratio, Some(d)) => Some(n / d as f64),
        }
    }
}

/// The plan outcome an indicator is reported under (the seed dashboard's groups,
/// plus the front door and the workforce, which the papers report elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Contacts, referrals, assessments: how children come to social care.
    FrontDoor,
    /// "Children at most risk are protected from harm and kept safe".
    ProtectedFromHarm,
    /// "Children are living in stable and secure environments".
    StableAndSecure,
    /// "Child health, wellbeing and SEND".
    HealthAndWellbeing,
    /// The Virtual School: looked-after children's education.
    Education,
    /// Caseloads and allocation.
    Workforce,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::FrontDoor => "Children get the right help at the right time",
            Outcome::ProtectedFromHarm => "Children at most risk are protected from harm and kept safe",
            Outcome::StableAndSecure => "Children are living in stable and secure environments",
            Outcome::HealthAndWellbeing => "Child health, wellbeing and SEND",
            Outcome::Education => "Children in care achieve in education (the Virtual School)",
            Outcome::Workforce => "A stable workforce with manageable caseloads",
        }
    }
}

/// How an indicator reads a period: events dated inside it, or the position at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Events dated from the period's start to its end, both included.
    Flow,
    /// The position on the period's last day (start ≤ D and no end or end > D).
    Snapshot,
}

/// Whose definition an indicator follows: a measure is named like a DfE measure only where it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "measure", rename_all = "snake_case")]
pub enum Basis {
    /// A DfE statistical release's measure (the release and table).
    Dfe(&'static str),
    /// The DfE adoption scorecard.
    Scorecard(&'static str),
    /// Ofsted's inspection data (Annex A).
    Ofsted(&'static str),
    /// The authority's own measure (as the committee papers report it, or statutory guidance).
    Local(&'static str),
}

impl Basis {
    /// "DfE: …", "Adoption scorecard: …", "Ofsted: …", "Local: …".
    pub fn label(&self) -> String {
        match self {
            Basis::Dfe(m) => format!("DfE: {m}"),
            Basis::Scorecard(m) => format!("Adoption scorecard: {m}"),
            Basis::Ofsted(m) => format!("Ofsted: {m}"),
            Basis::Local(m) => format!("Local: {m}"),
        }
    }
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definition {
    /// Stable identifier, the JSON `id` and the `--explain` argument (`assessments_within_45_wd`).
    pub id: &'static str,
    /// As the committee reads it.
    pub name: &'static str,
    pub outcome: Outcome,
    /// The definition in plain words.
    pub definition: &'static str,
    pub numerator: &'static str,
    /// `None` for counts.
    pub denominator: Option<&'static str>,
    pub polarity: Polarity,
    pub unit: Unit,
    pub measure: Measure,
    /// Who is counted (the cohort), in plain words.
    pub cohort: &'static str,
    /// Where the papers report it (`seed 001_def840bf2424c9c7.txt line 10351`), if they do.
    pub source: Option<&'static str>,
    /// Whose definition it follows.
    pub basis: Basis,
}

/// Restricts a computation to part of the service. Empty = the whole authority.
/// A child counts for the team allocated on the date that puts them in the
/// figure (see the crate documentation for the rule when none is allocated).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Filter {
    pub team: Option<TeamId>,
    pub locality: Option<String>,
    pub service: Option<Service>,
}

impl Filter {
    pub fn is_whole(&self) -> bool {
        self.team.is_none() && self.locality.is_none() && self.service.is_none()
    }

    /// "Whole authority", or the parts joined with " · ".
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.team {
            parts.push(format!("team {t}"));
        }
        if let Some(l) = &self.locality {
            parts.push(format!("locality {l}"));
        }
        if let Some(s) = self.service {
            parts.push(s.label().to_string());
        }
        if parts.is_empty() { "Whole authority".into() } else { parts.join(" · ") }
    }
}

/// A computed figure: value = numerator ÷ denominator in the indicator's unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Value {
    pub numerator: u64,
    /// `None` for counts; the under-18 population for rates per 10,000.
    pub denominator: Option<u64>,
    /// `None` when the denominator is zero (nothing to measure: shown as "–", never 0%).
    pub value: Option<f64>,
}

impl Value {
    pub fn new(unit: Unit, numerator: u64, denominator: Option<u64>) -> Value {
        Value { numerator, denominator, value: unit.value(numerator, denominator) }
    }
}

/// Why a figure cannot be computed from this record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAvailable {
    /// In plain words, e.g. "no contacts are recorded: the record was imported from the returns".
    pub reason: String,
}

/// A figure, or why there is none. Serialised as `{"value": …}` or `{"not_available": "…"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Value(Value),
    NotAvailable(String),
}

impl Figure {
    pub fn value(&self) -> Option<&Value> {
        match self {
            Figure::Value(v) => Some(v),
            Figure::NotAvailable(_) => None,
        }
    }
}

/// Compared with the previous data point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Better,
    Worse,
    /// Changed by no more than the configured "similar" band.
    Similar,
    /// Exactly the same value.
    Same,
    /// No-polarity indicators only.
    Higher,
    /// No-polarity indicators only.
    Lower,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Better => "Better",
            Direction::Worse => "Worse",
            Direction::Similar => "Similar",
            Direction::Same => "Same",
            Direction::Higher => "Higher",
            Direction::Lower => "Lower",
        }
    }
}

/// Red / amber / green status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "R",
            Rag::Amber => "A",
            Rag::Green => "G",
        }
    }
}

/// National quartile, 1 = top (best for the indicator's polarity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Quartile(pub u8);

/// The national quartile boundaries of one indicator, in its unit: `better` is
/// the boundary between quartiles 1 and 2, `median` between 2 and 3, `worse`
/// between 3 and 4. For a high-good indicator better ≥ median ≥ worse; for a
/// low-good one better ≤ median ≤ worse. A value on a boundary takes the better quartile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QuartileBounds {
    pub better: f64,
    pub median: f64,
    pub worse: f64,
}

/// Comparators and target of one indicator, from the authority's files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparator {
    pub england: Option<f64>,
    /// The average of the authority's region.
    pub regional: Option<f64>,
    pub sn_average: Option<f64>,
    pub quartiles: Option<QuartileBounds>,
    pub target: Option<f64>,
    /// Where the figures come from (e.g. "seed 001_def840bf2424c9c7.txt line 10351").
    pub source: Option<String>,
}

/// A figure that reads history the record does not hold: a record built from statutory returns
/// that begin after what the figure needs (a re-referral within 12 months of a referral before
/// the first census imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partial {
    /// In plain words, e.g. "needs referrals from 1 April 2023; the returns imported begin on 1 April 2024".
    pub reason: String,
    /// The first period end (for a snapshot) or start (for a flow) from which the figure is
    /// complete; `None` where it needs each child's whole history.
    pub complete_from: Option<NaiveDate>,
}

/// One point of the eight-quarter trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period: Period,
    pub figure: Figure,
    /// Set where the figure needs history the record does not hold.
    pub partial: Option<Partial>,
}

/// One part of a split figure (by service, team, or age band).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub label: String,
    pub value: Value,
}

/// One indicator for one period and filter, with everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    pub definition: Definition,
    pub period: Period,
    pub figure: Figure,
    /// Set where the figure needs history the record does not hold: it is then not judged
    /// (no direction, quartile or RAG).
    pub partial: Option<Partial>,
    /// The previous data point ([`Period::previous`]).
    pub previous: Option<TrendPoint>,
    /// The same point last year ([`Period::year_ago`]), and how the figure compares with it.
    pub year_ago: Option<TrendPoint>,
    pub year_ago_direction: Option<Direction>,
    /// The last eight quarters, oldest first ([`Period::trend`]).
    pub trend: Vec<TrendPoint>,
    pub direction: Option<Direction>,
    pub rag: Option<Rag>,
    pub quartile: Option<Quartile>,
    pub comparator: Comparator,
    /// The figure split by service (and, for some indicators, by team or age band).
    pub parts: Vec<Part>,
}

impl IndicatorResult {
    pub fn id(&self) -> &'static str {
        self.definition.id
    }
}

/// One stage of the front-door funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStage {
    /// The indicator whose count this stage is (`contacts`, `referrals`…).
    pub id: &'static str,
    pub label: &'static str,
    pub count: Figure,
    /// This stage's count ÷ the previous stage's × 100, when both are available.
    pub conversion_percent: Option<f64>,
}

/// A check that parts add up to their total (a part subtracted is negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub name: String,
    pub parts: Vec<(String, i64)>,
    pub total: i64,
    /// The parts sum to the total.
    pub ok: bool,
}

/// The roll-up sentences' counts, taken from the results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rollup {
    /// Indicators with a polarity and both a figure and a previous figure.
    pub reported: u32,
    pub improved: u32,
    /// Similar or Same.
    pub no_change: u32,
    pub declined: u32,
    /// Indicators with no polarity that have a figure.
    pub no_polarity: u32,
    /// Figures shown but not judged: they need history the record does not hold.
    pub partial: u32,
    /// Indicators placed in a national quartile, and how many in each.
    pub benchmarked: u32,
    pub quartiles: [u32; 4],
}

/// Everything one computation produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub authority: Option<String>,
    pub period: Period,
    pub filter: Filter,
    pub results: Vec<IndicatorResult>,
    pub funnel: Vec<FunnelStage>,
    pub reconciliations: Vec<Reconciliation>,
    pub rollup: Rollup,
}

impl Dashboard {
    pub fn result(&self, id: &str) -> Option<&IndicatorResult> {
        self.results.iter().find(|r| r.definition.id == id)
    }
}

/// A dated reason for a child's place in a figure ("referral 2025-04-03").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Because {
    pub what: String,
    pub date: NaiveDate,
}

/// One child's place in the numerator or denominator, and the weight it
/// carries there (1 for a count; the days or score for a mean).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub child: ChildId,
    pub weight: u64,
    pub because: Vec<Because>,
}

/// The children behind a figure, so it can be checked by hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub definition: Definition,
    pub period: Period,
    pub filter: Filter,
    pub figure: Figure,
    /// The weights here sum to the figure's numerator.
    pub numerator: Vec<Entry>,
    /// The weights here sum to the figure's denominator (empty for counts and rates).
    pub denominator: Vec<Entry>,
}

/// A count month by month, for the whole authority ([`crate::Engine::monthly`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Monthly {
    pub id: &'static str,
    pub name: &'static str,
    /// Counted in each month (contacts), rather than the position at its end (children on plans).
    pub flow: bool,
    /// The first day of the first month (of the last month when there are none).
    pub first: NaiveDate,
    /// Each month's count, oldest first.
    pub values: Vec<u64>,
    /// Why the series begins where it does, when the figure stops being available or complete
    /// before the months asked for.
    pub stopped: Option<String>,
}
