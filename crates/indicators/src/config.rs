//! What an authority configures: comparators and targets (TOML files it
//! maintains), the under-18 population for rates, the "similar" band and the
//! RAG rules.
//!
//! The comparator file (see `config/comparators.example.toml` at the repository root):
//!
//! ```toml
//! [population]            # under-18 population, by financial year
//! "2025-26" = 130000
//!
//! [indicator.re_referrals_12m]
//! england = 22.4          # all optional
//! regional = 24.7
//! sn_average = 24.4
//! quartiles = { better = 19.0, median = 22.0, worse = 25.0 }
//! target = 20.0
//! source = "seed 001_def840bf2424c9c7.txt line 10351"
//! ```
//!
//! A targets file holds only `[target]` with `indicator_id = value` lines; its
//! targets replace those of the comparator file.

use crate::catalogue;
use crate::model::{Comparator, Polarity, QuartileBounds};
use carefile_domain::calendar::Calendar;
use carefile_domain::timescales::TimescaleConfig;
use chrono::Datelike;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A configuration file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}: {field}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

/// How big a change counts as "Similar" rather than Better or Worse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimilarBand {
    /// For percentages: a change of at most this many percentage points.
    pub percent_points: f64,
    /// For everything else: a change of at most this fraction of the previous value.
    pub relative: f64,
}

impl Default for SimilarBand {
    /// One percentage point, or 5%: the seed calls 21.6% → 22.3% "Similar" and 14.9% → 13.6% "Better".
    fn default() -> Self {
        SimilarBand { percent_points: 1.0, relative: 0.05 }
    }
}

/// The RAG key (service.md §4), made configurable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RagRules {
    /// Green also for the better half of the second quartile with an improving trend.
    pub green_high_second_improving: bool,
    /// Red also for the worse half of the third quartile with a declining trend.
    pub red_low_third_declining: bool,
    /// With a target and no quartiles: green at or better than the target, red
    /// when worse by more than this fraction of the target, amber between.
    pub target_tolerance: f64,
}

impl Default for RagRules {
    fn default() -> Self {
        RagRules { green_high_second_improving: true, red_low_third_declining: true, target_tolerance: 0.05 }
    }
}

/// Everything a computation needs besides the record and the comparators.
#[derive(Debug, Clone)]
pub struct Config {
    pub calendar: Calendar,
    /// The authority's timescales, for the indicators that measure against a
    /// local timescale (assessment due dates, initial conferences, CP reviews,
    /// complaints); the DfE's fixed measures (45 working days from an
    /// assessment's start, checks within 12 months) do not change with them.
    pub timescales: TimescaleConfig,
    pub similar: SimilarBand,
    pub rag: RagRules,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            calendar: Calendar::england_and_wales(),
            timescales: TimescaleConfig::default(),
            similar: SimilarBand::default(),
            rag: RagRules::default(),
        }
    }
}

/// The comparators, targets and population an authority maintains.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparators {
    /// By indicator id.
    pub indicators: BTreeMap<String, Comparator>,
    /// Under-18 population by the calendar year in which the financial year starts.
    pub population: BTreeMap<i32, u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    population: BTreeMap<String, toml::Spanned<i64>>,
    #[serde(default)]
    indicator: BTreeMap<String, toml::Spanned<RawComparator>>,
    #[serde(default)]
    target: BTreeMap<String, toml::Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparator {
    england: Option<f64>,
    regional: Option<f64>,
    sn_average: Option<f64>,
    quartiles: Option<RawQuartiles>,
    target: Option<f64>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuartiles {
    better: f64,
    median: f64,
    worse: f64,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

impl Comparators {
    /// Reads a comparator file; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Comparators, ConfigError> {
        let mut c = Comparators::default();
        c.merge_toml(text, file)?;
        Ok(c)
    }

    /// Adds a further file (e.g. local targets): its entries replace earlier ones field by field.
    pub fn merge_toml(&mut self, text: &str, file: &str) -> Result<(), ConfigError> {
        let err = |offset: usize, field: &str, message: String| ConfigError {
            file: file.to_string(),
            line: line_of(text, offset),
            field: field.to_string(),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err(offset, "file", e.message().to_string())
        })?;
        for (year, n) in raw.population {
            let fy: crate::Period =
                year.parse().ok().filter(|p: &crate::Period| p.kind == crate::PeriodKind::FinancialYear).ok_or_else(
                    || err(n.span().start, &format!("population.{year}"), "expected a year like \"2025-26\"".into()),
                )?;
            let v = *n.get_ref();
            if v <= 0 {
                return Err(err(
                    n.span().start,
                    &format!("population.{year}"),
                    format!("{v}: expected a positive count"),
                ));
            }
            self.population.insert(fy.start.year(), v as u64);
        }
        for (id, raw) in raw.indicator {
            let offset = raw.span().start;
            let def = known(&id).ok_or_else(|| err(offset, &format!("indicator.{id}"), unknown_message(&id)))?;
            let raw = raw.into_inner();
            let quartiles = match raw.quartiles {
                None => None,
                Some(q) => {
                    let b = QuartileBounds { better: q.better, median: q.median, worse: q.worse };
                    check_bounds(&b, def.polarity).map_err(|m| err(offset, &format!("indicator.{id}.quartiles"), m))?;
                    Some(b)
                }
            };
            let entry = self.indicators.entry(id).or_default();
            let fields = [
                (&mut entry.england, raw.england),
                (&mut entry.regional, raw.regional),
                (&mut entry.sn_average, raw.sn_average),
                (&mut entry.target, raw.target),
            ];
            for (slot, v) in fields {
                if v.is_some() {
                    *slot = v;
                }
            }
            if quartiles.is_some() {
                entry.quartiles = quartiles;
            }
            if raw.source.is_some() {
                entry.source = raw.source;
            }
        }
        for (id, t) in raw.target {
            known(&id).ok_or_else(|| err(t.span().start, &format!("target.{id}"), unknown_message(&id)))?;
            self.indicators.entry(id).or_default().target = Some(*t.get_ref());
        }
        Ok(())
    }

    pub fn for_indicator(&self, id: &str) -> Comparator {
        self.indicators.get(id).cloned().unwrap_or_default()
    }

    /// Adds `other`'s entries, which replace this one's field by field.
    pub fn merge(&mut self, other: &Comparators) {
        self.population.extend(other.population.iter().map(|(k, v)| (*k, *v)));
        for (id, c) in &other.indicators {
            let entry = self.indicators.entry(id.clone()).or_default();
            for (slot, v) in [
                (&mut entry.england, c.england),
                (&mut entry.regional, c.regional),
                (&mut entry.sn_average, c.sn_average),
                (&mut entry.target, c.target),
            ] {
                if v.is_some() {
                    *slot = v;
                }
            }
            if c.quartiles.is_some() {
                entry.quartiles = c.quartiles;
            }
            if c.source.is_some() {
                entry.source.clone_from(&c.source);
            }
        }
    }
}

/// Where a report's comparators come from, the same for the committee report and the web page:
/// the DfE's published benchmarks for the authority and its statistical neighbours (the latest
/// year published by the end of the period's collection year), then the authority's own
/// comparator and target files, which replace them field by field.
#[derive(Debug, Clone, Default)]
pub struct Benchmarking {
    pub published: Option<crate::Benchmarks>,
    /// The authority's DfE number; `None` takes the record's.
    pub authority: Option<u16>,
    /// Statistical neighbours by authority (see [`crate::benchmarks::read_neighbours`]).
    pub neighbours: BTreeMap<u16, Vec<u16>>,
    /// The authority's comparator and target files, merged.
    pub local: Comparators,
}

impl Benchmarking {
    /// The comparators for `period`; `record` is the authority the record names.
    pub fn comparators(&self, period: &crate::Period, record: Option<u16>) -> Comparators {
        let mut out = Comparators::default();
        if let (Some(b), Some(la)) = (&self.published, self.authority.or(record)) {
            let year = carefile_domain::CollectionYear::containing(period.end).ending();
            let neighbours = self.neighbours.get(&la).map_or(&[][..], Vec::as_slice);
            out.merge(&b.comparators(la, neighbours, year));
        }
        out.merge(&self.local);
        out
    }
}

fn known(id: &str) -> Option<&'static crate::model::Definition> {
    catalogue::definition(id)
}

fn unknown_message(id: &str) -> String {
    format!("'{id}' is not an indicator of the catalogue (see `carefile report --list` or the crate documentation)")
}

fn check_bounds(b: &QuartileBounds, polarity: Polarity) -> Result<(), String> {
    let ordered = match polarity {
        Polarity::HighGood => b.better >= b.median && b.median >= b.worse,
        Polarity::LowGood => b.better <= b.median && b.median <= b.worse,
        Polarity::None => return Err("an indicator with no polarity has no quartiles".into()),
    };
    if !ordered {
        let want =
            if polarity == Polarity::HighGood { "better ≥ median ≥ worse" } else { "better ≤ median ≤ worse" };
        return Err(format!("expected {want} for this indicator's polarity"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_population_comparators_and_targets() {
        let text = "[population]\n\"2025-26\" = 130000\n\n[indicator.re_referrals_12m]\nsn_average = 24.4\nquartiles = { better = 19.0, median = 22.0, worse = 25.0 }\nsource = \"seed line 1\"\n";
        let mut c = Comparators::from_toml(text, "c.toml").unwrap();
        assert_eq!(c.population.get(&2025), Some(&130_000));
        let r = c.for_indicator("re_referrals_12m");
        assert_eq!(r.sn_average, Some(24.4));
        assert_eq!(r.quartiles.unwrap().median, 22.0);
        c.merge_toml("[target]\nre_referrals_12m = 20.0\n", "t.toml").unwrap();
        let r = c.for_indicator("re_referrals_12m");
        assert_eq!((r.target, r.sn_average), (Some(20.0), Some(24.4)));
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let e =
            Comparators::from_toml("[population]\n\"2025-26\" = 1\n\n[indicator.no_such]\nengland = 1.0\n", "c.toml")
                .unwrap_err();
        assert_eq!((e.file.as_str(), e.line, e.field.as_str()), ("c.toml", 4, "indicator.no_such"));
        let e = Comparators::from_toml(
            "[indicator.re_referrals_12m]\nquartiles = { better = 30.0, median = 22.0, worse = 25.0 }\n",
            "c.toml",
        )
        .unwrap_err();
        assert!(e.message.contains("better ≤ median ≤ worse"), "{e}");
        let e = Comparators::from_toml("[population]\n\"2025\" = 10\n", "c.toml").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "population.2025"));
        let e = Comparators::from_toml("[indicator.re_referrals_12m]\nengland = \"high\"\n", "c.toml").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = Comparators::from_toml("[indicator.re_referrals_12m]\nenglnd = 1.0\n", "c.toml").unwrap_err();
        assert!(e.message.contains("englnd"), "{e}");
    }

    proptest::proptest! {
        /// A comparator file from outside is read or refused with a reason, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "(\\[population\\]|\\[indicator\\.re_referrals_12m\\]|[a-z_\"=0-9. \n{},-]|\\PC){0,80}") {
            if let Err(e) = Comparators::from_toml(&text, "c.toml") {
                proptest::prop_assert!(e.line >= 1 && !e.message.is_empty());
            }
        }
    }
}
