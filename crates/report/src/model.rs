//! What the report shows: one row per indicator, already computed. Every
//! output (HTML table, narrative, roll-up, CSV, JSON, XLSX) reads these values
//! and nothing else, so no two parts of the report can disagree.

use carefile_indicators::{Dashboard, Figure, IndicatorResult, Partial};
pub use carefile_indicators::{Direction, FunnelStage, Polarity, Rag, Reconciliation, Unit};
use serde::Serialize;

/// One period of an indicator's trend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period: String,
    pub value: Option<f64>,
    /// The figure reads history the record does not hold (drawn hollow).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// One indicator as the committee sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub outcome: String,
    /// The latest period's label, e.g. "2025-26 Q4".
    pub period: String,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub value: Option<f64>,
    pub unit: Unit,
    pub polarity: Polarity,
    /// The previous data point the direction was judged against.
    pub previous_period: Option<String>,
    pub previous: Option<f64>,
    pub direction: Option<Direction>,
    pub rag: Option<Rag>,
    /// National quartile, 1 = top.
    pub quartile: Option<u8>,
    pub sn_average: Option<f64>,
    pub england: Option<f64>,
    /// The average of the authority's region.
    pub regional: Option<f64>,
    pub target: Option<f64>,
    /// Where the comparators come from, as the authority's file cites it.
    pub comparator_source: Option<String>,
    /// The same point last year, and how the figure compares with it.
    pub year_ago_period: Option<String>,
    pub year_ago: Option<f64>,
    pub year_ago_direction: Option<Direction>,
    /// Oldest first; the last point is the latest period.
    pub trend: Vec<TrendPoint>,
    /// Why the record cannot give this indicator (None when it can).
    pub unavailable: Option<String>,
    /// Why the figure is partial (it reads history the record does not hold), and from when it is complete.
    pub partial: Option<String>,
    /// The figure is a share or mean of fewer children than the report's small-numbers threshold.
    pub small: bool,
    /// Whose definition it follows ("DfE: …", "Local: …").
    pub basis: String,
    /// The definition in plain words.
    pub definition: String,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub authority: String,
    /// The period reported, e.g. "2025-26 Q4 (1 January – 31 March 2026)".
    pub period: String,
    /// The part of the service reported on, e.g. "whole authority" or "team: Melton".
    pub scope: String,
    pub rows: Vec<Row>,
    /// The front door, contacts to CP plans, as the indicator engine computed it.
    pub funnel: Vec<FunnelStage>,
    /// Parts that must add up to their totals.
    pub checks: Vec<Reconciliation>,
    /// When the record was read ("2 April 2026 09:15"), if given.
    pub data_as_at: Option<String>,
    /// A share or mean of fewer children than this is marked as resting on small numbers.
    pub small_numbers: u64,
    /// The demand forecast (whole-authority reports; the caller computes it from the record).
    pub forecast: Vec<crate::forecast::Demand>,
}

/// How a report is made from a dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// A share or mean of fewer children than this is marked (the seed's authors: small cohorts
    /// are "easily distorted by outlying data").
    pub small_numbers: u64,
    pub data_as_at: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { small_numbers: 10, data_as_at: None }
    }
}

impl Report {
    /// The outcomes in the order their first indicator appears, each with its rows.
    pub fn by_outcome(&self) -> Vec<(&str, Vec<&Row>)> {
        let mut groups: Vec<(&str, Vec<&Row>)> = Vec::new();
        for row in &self.rows {
            match groups.iter_mut().find(|(o, _)| *o == row.outcome) {
                Some((_, rows)) => rows.push(row),
                None => groups.push((&row.outcome, vec![row])),
            }
        }
        groups
    }
}

fn figure_value(f: &Figure) -> Option<f64> {
    f.value().and_then(|v| v.value)
}

/// "partial: it needs referrals from 2023-04-01, …; complete from 2025-04-01".
fn partial_text(p: &Partial) -> String {
    match p.complete_from {
        Some(d) => format!("{}; complete from {d}", p.reason),
        None => format!("{}; complete only for children whose history began after the first return", p.reason),
    }
}

impl Row {
    /// The row of one computed indicator: its figures, comparison and trend, labelled for reading;
    /// a share or mean of fewer than `small_numbers` children is marked.
    pub fn from_result(r: &IndicatorResult, small_numbers: u64) -> Row {
        let def = &r.definition;
        let (numerator, denominator, value, unavailable) = match &r.figure {
            Figure::Value(v) => (Some(v.numerator), v.denominator, v.value, None),
            Figure::NotAvailable(reason) => (None, None, None, Some(reason.clone())),
        };
        let of_children = matches!(def.unit, Unit::Percent | Unit::Days | Unit::MeanScore);
        let small = of_children && value.is_some() && denominator.is_some_and(|d| d < small_numbers);
        Row {
            id: def.id.to_owned(),
            name: def.name.to_owned(),
            outcome: def.outcome.label().to_owned(),
            period: r.period.label(),
            numerator,
            denominator,
            value,
            unit: def.unit,
            polarity: def.polarity,
            previous_period: r.previous.as_ref().map(|p| p.period.label()),
            previous: r.previous.as_ref().and_then(|p| figure_value(&p.figure)),
            direction: r.direction,
            rag: r.rag,
            quartile: r.quartile.map(|q| q.0),
            sn_average: r.comparator.sn_average,
            england: r.comparator.england,
            regional: r.comparator.regional,
            target: r.comparator.target,
            comparator_source: r.comparator.source.clone(),
            year_ago_period: r.year_ago.as_ref().map(|p| p.period.label()),
            year_ago: r.year_ago.as_ref().and_then(|p| figure_value(&p.figure)),
            year_ago_direction: r.year_ago_direction,
            trend: r
                .trend
                .iter()
                .map(|p| TrendPoint {
                    period: p.period.label(),
                    value: figure_value(&p.figure),
                    partial: p.partial.is_some(),
                })
                .collect(),
            unavailable,
            partial: r.partial.as_ref().map(partial_text),
            small,
            basis: def.basis.label(),
            definition: def.definition.to_owned(),
        }
    }
}

impl Report {
    /// The report of a computed dashboard, with the default options.
    pub fn from_dashboard(d: &Dashboard) -> Report {
        Report::from_dashboard_with(d, &Options::default())
    }

    /// The report of a computed dashboard.
    pub fn from_dashboard_with(d: &Dashboard, options: &Options) -> Report {
        Report {
            authority: d.authority.clone().unwrap_or_else(|| "The authority".to_owned()),
            period: format!(
                "{} ({} to {})",
                d.period.label(),
                d.period.start.format("%-d %B %Y"),
                d.period.end.format("%-d %B %Y")
            ),
            scope: d.filter.label(),
            rows: d.results.iter().map(|r| Row::from_result(r, options.small_numbers)).collect(),
            funnel: d.funnel.clone(),
            checks: d.reconciliations.clone(),
            data_as_at: options.data_as_at.clone(),
            small_numbers: options.small_numbers,
            forecast: Vec::new(),
        }
    }
}
