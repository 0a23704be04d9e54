//! What the report shows: one row per indicator, already computed. Every
//! output (HTML table, narrative, roll-up, CSV, JSON, XLSX) reads these values
//! and nothing else, so no two parts of the report can disagree.

use serde::Serialize;

/// The unit an indicator's value is expressed in; it decides how it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// numerator ÷ denominator × 100
    Percent,
    /// a plain count
    Count,
    /// per 10,000 children
    RatePer10k,
    /// a mean number of days
    Days,
    /// a mean score (e.g. SDQ)
    Score,
}

/// Which way is good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HighGood,
    LowGood,
    None,
}

/// The comparison with the previous data point, as the seed dashboard words it:
/// Better/Worse/Similar/Same for indicators with a polarity, Higher/Lower/Same without.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Better,
    Worse,
    Similar,
    Same,
    Higher,
    Lower,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

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
    /// Oldest first; the last point is the latest period.
    pub trend: Vec<TrendPoint>,
    /// Why the record cannot give this indicator (None when it can).
    pub unavailable: Option<String>,
}

/// One step of the front door: contacts → referrals → … → CP plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelStep {
    pub label: String,
    pub count: u64,
}

/// A reconciliation: the parts must add up to the total.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub name: String,
    pub parts: Vec<(String, u64)>,
    pub total_label: String,
    pub total: u64,
}

impl Check {
    pub fn sum(&self) -> u64 {
        self.parts.iter().map(|(_, n)| n).sum()
    }
    pub fn holds(&self) -> bool {
        self.sum() == self.total
    }
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
    pub funnel: Vec<FunnelStep>,
    pub checks: Vec<Check>,
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
