//! What the report shows: one row per indicator, already computed. Every
//! output (HTML table, narrative, roll-up, CSV, JSON, XLSX) reads these values
//! and nothing else, so no two parts of the report can disagree.

use carefile_indicators::{Dashboard, Figure, IndicatorResult};
pub use carefile_indicators::{Direction, FunnelStage, Polarity, Rag, Reconciliation, Unit};
use serde::Serialize;

/// One period of an indicator's trend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period: String,
    pub value: Option<f64>,
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
    /// Where the comparators come from, as the authority's file cites it.
    pub comparator_source: Option<String>,
    /// Oldest first; the last point is the latest period.
    pub trend: Vec<TrendPoint>,
    /// Why the record cannot give this indicator (None when it can).
    pub unavailable: Option<String>,
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

impl Row {
    /// The row of one computed indicator: its figures, comparison and trend, labelled for reading.
    pub fn from_result(r: &IndicatorResult) -> Row {
        let def = &r.definition;
        let (numerator, denominator, value, unavailable) = match &r.figure {
            Figure::Value(v) => (Some(v.numerator), v.denominator, v.value, None),
            Figure::NotAvailable(reason) => (None, None, None, Some(reason.clone())),
        };
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
            comparator_source: r.comparator.source.clone(),
            trend: r
                .trend
                .iter()
                .map(|p| TrendPoint { period: p.period.label(), value: figure_value(&p.figure) })
                .collect(),
            unavailable,
        }
    }
}

impl Report {
    /// The report of a computed dashboard.
    pub fn from_dashboard(d: &Dashboard) -> Report {
        Report {
            authority: d.authority.clone().unwrap_or_else(|| "The authority".to_owned()),
            period: format!(
                "{} ({} to {})",
                d.period.label(),
                d.period.start.format("%-d %B %Y"),
                d.period.end.format("%-d %B %Y")
            ),
            scope: d.filter.label(),
            rows: d.results.iter().map(Row::from_result).collect(),
            funnel: d.funnel.clone(),
            checks: d.reconciliations.clone(),
        }
    }
}
