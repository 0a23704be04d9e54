//! The DfE's published local-authority statistics as benchmarks: the national quartile
//! boundaries, England, regional and statistical-neighbour averages of each indicator that has
//! a DfE equivalent, by reporting year.
//!
//! Read from the Explore Education Statistics (EES) CSV files the DfE publishes (children in
//! need: B1, C1, D3, D5 and the ONS population file beside them; children looked after: numbers
//! and rates, placement stability, care leavers' accommodation and activity) and from the Local
//! Authority Interactive Tool's long table (`Short Desc, Years, LA and Regions, Values, LA
//! Number, …`), which alone holds the 45-working-day assessments at LA level.
//!
//! - Columns are found by name (their order differs between files); a file is recognised by the
//!   measure columns it holds; a UTF-8 byte-order mark is ignored; `""` and empty are the same.
//! - Suppressed and special values (`c` confidential, `x` not available, `z` not applicable, `u`
//!   low reliability, `k` rounds to 0, `low`, and older releases' `:` and `~`; LAIT's `-`) are not
//!   numbers: an authority with one takes no part in the quartiles or averages of that year.
//! - Authorities are keyed by their three-digit DfE number (`old_la_code`), the one code stable
//!   across files and years; authorities that did not exist in a year have only suppressed cells.
//! - The reporting year is `time_period` (2025 = the year to 31 March 2025); the ONS population
//!   of mid-year Y−1 is reporting year Y's, as the DfE uses it.
//! - **Quartiles**, rank-based: the authorities with a value, best first by the indicator's
//!   polarity; the boundary between quartiles 1 and 2 is the value of the ⌈n/4⌉-th, between 2 and
//!   3 the ⌈n/2⌉-th, between 3 and 4 the ⌈3n/4⌉-th (a value equal to a boundary takes the better
//!   quartile, as [`crate::judge::quartile`] does).
//! - Averages: England's and the region's are the DfE's own rows; the statistical neighbours'
//!   is the mean of the neighbours' published values (those suppressed left out), as LAIT shows it.
//! - The CIN rate per 10,000 is the DfE's published cell where a release has it; the 2025
//!   release has none, and the rate is then computed as the DfE's dashboard does (children in
//!   need at 31 March ÷ the ONS 0–17 population × 10,000, to one decimal place).

use crate::catalogue;
use crate::config::Comparators;
use crate::model::{Comparator, Polarity, QuartileBounds};
use std::collections::{BTreeMap, BTreeSet};

/// One published measure: the column holding it and the filter values that pick its rows.
struct Measure {
    indicator: &'static str,
    column: &'static str,
    filters: &'static [(&'static str, &'static str)],
}

const CL_AGE: &str = "care_leaver_age";
const CL_BREAKDOWN: &str = "breakdown";

/// Every EES measure with an indicator of the catalogue: adding one is a line.
static MEASURES: &[Measure] = &[
    Measure { indicator: "re_referrals_12m", column: "rereferral_percent", filters: &[] },
    Measure { indicator: "cp_second_time", column: "CPP_subsequent_percent", filters: &[] },
    Measure { indicator: "cp_two_years_open", column: "2_years_or_more_percent", filters: &[] },
    Measure { indicator: "cin_rate_per_10k", column: "At31_episodes_rate", filters: &[] },
    Measure {
        indicator: "lac_rate_per_10k",
        column: "rate_per_10000",
        filters: &[("population_type", "Children looked after on 31 March each year")],
    },
    Measure {
        indicator: "placements_3_plus",
        column: "children_percent",
        filters: &[
            ("cla_group", "CLA on 31 March"),
            ("placement_stability", "With 3 or more placements during the year"),
        ],
    },
    Measure {
        indicator: "placement_long_term",
        column: "children_percent",
        filters: &[
            ("cla_group", "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"),
            ("placement_stability", "Living with the same carer for at least 2 years"),
        ],
    },
    Measure {
        indicator: "cl_accommodation_19_21",
        column: "care_leaver_percent",
        filters: &[(CL_AGE, "19 to 21 years"), (CL_BREAKDOWN, "Accommodation considered suitable")],
    },
    Measure {
        indicator: "cl_accommodation_17_18",
        column: "care_leaver_percent",
        filters: &[(CL_AGE, "17 to 18 years"), (CL_BREAKDOWN, "Accommodation considered suitable")],
    },
    Measure {
        indicator: "cl_eet_19_21",
        column: "care_leaver_percent",
        filters: &[(CL_AGE, "19 to 21 years"), (CL_BREAKDOWN, "Total in education, employment or training")],
    },
    Measure {
        indicator: "cl_eet_17_18",
        column: "care_leaver_percent",
        filters: &[(CL_AGE, "17 to 18 years"), (CL_BREAKDOWN, "Total in education, employment or training")],
    },
];

/// LAIT measures (the long table's `Short Desc`) with an indicator of the catalogue.
static LAIT_MEASURES: &[(&str, &str)] = &[("Continue_Assess_Comp", "assessments_within_45_wd")];

/// Where a published value belongs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Geography {
    England,
    /// By region code (`E12000004`), or, for LAIT, by region name.
    Region(String),
    /// By DfE number (`855`).
    Authority(u16),
}

/// A published cell: a number, or the symbol written in its place.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Value(f64),
    Suppressed(String),
}

/// A file that cannot be read as a publication, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}: {message}")]
pub struct BenchmarkError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// An authority named in the publications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    pub name: String,
    /// Region code (`E12000004`) and name, where the files give them.
    pub region: Option<(String, String)>,
}

/// The published values, by indicator, reporting year and geography, each with the file it came from.
#[derive(Debug, Clone, Default)]
pub struct Benchmarks {
    cells: BTreeMap<(&'static str, u16, Geography), (Cell, String)>,
    authorities: BTreeMap<u16, Authority>,
    /// Children in need at 31 March and the ONS 0–17 population, for the CIN rate a release lacks.
    cin_counts: BTreeMap<(u16, Geography), (f64, String)>,
    population: BTreeMap<(u16, Geography), f64>,
}

fn parse_cell(raw: &str) -> Cell {
    let t = raw.trim().trim_matches('"');
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Cell::Value(v),
        _ => Cell::Suppressed(t.to_string()),
    }
}

impl Benchmarks {
    /// Reads publication files given as (name, text); each is recognised by its columns, and a
    /// file holding no known measure is an error naming it.
    pub fn read(files: &[(String, String)]) -> Result<Benchmarks, BenchmarkError> {
        let mut b = Benchmarks::default();
        for (name, text) in files {
            b.add(name, text)?;
        }
        b.compute_cin_rates();
        Ok(b)
    }

    fn add(&mut self, name: &str, text: &str) -> Result<(), BenchmarkError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let err = |line: u64, message: String| BenchmarkError { file: name.to_string(), line, message };
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        let header: Vec<String> =
            reader.headers().map_err(|e| err(1, e.to_string()))?.iter().map(|h| h.trim().to_string()).collect();
        let col = |n: &str| header.iter().position(|h| h == n);
        if col("Short Desc").is_some() {
            return self.add_lait(name, &mut reader, &header);
        }
        let measures: Vec<&Measure> = MEASURES
            .iter()
            .filter(|m| col(m.column).is_some() && m.filters.iter().all(|(f, _)| col(f).is_some()))
            .collect();
        let counts = col("At31_episodes").filter(|_| col("At31_episodes_rate").is_none());
        let population = col("population_estimate").filter(|_| col("age_group").is_some());
        if measures.is_empty() && counts.is_none() && population.is_none() {
            return Err(err(1, "no measure carefile reads is in this file's columns".into()));
        }
        let need = |n: &str| col(n).ok_or_else(|| err(1, format!("no '{n}' column")));
        let (period, level) = (need("time_period")?, need("geographic_level")?);
        let (region_code, region_name, la_code, la_name) =
            (need("region_code")?, col("region_name"), need("old_la_code")?, col("la_name"));
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let r = record.map_err(|e| err(line, e.to_string()))?;
            let get = |c: usize| r.get(c).unwrap_or("").trim().trim_matches('"');
            let year: u16 =
                get(period).parse().map_err(|_| err(line, format!("time_period '{}' is not a year", get(period))))?;
            let geo = match get(level) {
                "National" => Geography::England,
                "Regional" => Geography::Region(get(region_code).to_string()),
                "Local authority" => {
                    let n: u16 = get(la_code)
                        .parse()
                        .map_err(|_| err(line, format!("old_la_code '{}' is not a DfE number", get(la_code))))?;
                    let region = (!get(region_code).is_empty()).then(|| {
                        (get(region_code).to_string(), region_name.map(|c| get(c).to_string()).unwrap_or_default())
                    });
                    let a = self.authorities.entry(n).or_insert_with(|| Authority {
                        name: la_name.map(|c| get(c).to_string()).unwrap_or_default(),
                        region: None,
                    });
                    // Inner and Outer London rows name their sub-region: any code does for grouping.
                    if a.region.is_none() {
                        a.region = region;
                    }
                    Geography::Authority(n)
                }
                other => {
                    return Err(err(
                        line,
                        format!("geographic_level '{other}' is not National, Regional or Local authority"),
                    ));
                }
            };
            for m in &measures {
                if m.filters.iter().all(|(f, v)| col(f).is_some_and(|c| get(c) == *v)) {
                    let cell = parse_cell(get(col(m.column).expect("checked")));
                    self.cells.insert((m.indicator, year, geo.clone()), (cell, name.to_string()));
                }
            }
            if let Some(c) = counts
                && let Cell::Value(v) = parse_cell(get(c))
            {
                self.cin_counts.insert((year, geo.clone()), (v, name.to_string()));
            }
            if let Some(c) = population
                && let Cell::Value(v) = parse_cell(get(c))
            {
                // ONS mid-year Y−1 is the population of reporting year Y.
                self.population.insert((year + 1, geo.clone()), v);
            }
        }
        Ok(())
    }

    fn add_lait(
        &mut self,
        name: &str,
        reader: &mut csv::Reader<&[u8]>,
        header: &[String],
    ) -> Result<(), BenchmarkError> {
        let err = |line: u64, message: String| BenchmarkError { file: name.to_string(), line, message };
        let col = |n: &str| header.iter().position(|h| h == n).ok_or_else(|| err(1, format!("no '{n}' column")));
        let (desc, years, place, values, number, region) = (
            col("Short Desc")?,
            col("Years")?,
            col("LA and Regions")?,
            col("Values")?,
            col("LA Number")?,
            col("Region")?,
        );
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let r = record.map_err(|e| err(line, e.to_string()))?;
            let get = |c: usize| r.get(c).unwrap_or("").trim();
            let Some((_, indicator)) = LAIT_MEASURES.iter().find(|(d, _)| *d == get(desc)) else { continue };
            let year: u16 =
                get(years).parse().map_err(|_| err(line, format!("Years '{}' is not a year", get(years))))?;
            // LA numbers are written as decimals (301.0); aggregates have Region NA (970 is England).
            let n = get(number)
                .parse::<f64>()
                .ok()
                .filter(|n| n.fract() == 0.0 && (100.0..1000.0).contains(n))
                .ok_or_else(|| err(line, format!("LA Number '{}' is not a DfE number", get(number))))?
                as u16;
            let geo = match (n, get(region)) {
                (970, _) => Geography::England,
                (_, "NA") => Geography::Region(get(place).to_string()),
                _ => Geography::Authority(n),
            };
            self.cells.insert((*indicator, year, geo), (parse_cell(get(values)), name.to_string()));
        }
        Ok(())
    }

    /// The CIN rate where a release gives counts but no rate.
    fn compute_cin_rates(&mut self) {
        for ((year, geo), (count, file)) in &self.cin_counts {
            let key = ("cin_rate_per_10k", *year, geo.clone());
            if self.cells.contains_key(&key) {
                continue;
            }
            if let Some(pop) = self.population.get(&(*year, geo.clone())).filter(|p| **p > 0.0) {
                let rate = (count / pop * 10_000.0 * 10.0).round() / 10.0;
                self.cells.insert(key, (Cell::Value(rate), format!("{file} ÷ ONS population")));
            }
        }
    }

    /// The reporting years published for `indicator`, oldest first.
    pub fn years(&self, indicator: &str) -> Vec<u16> {
        let set: BTreeSet<u16> = self.cells.keys().filter(|k| k.0 == indicator).map(|k| k.1).collect();
        set.into_iter().collect()
    }

    /// The indicators with a published value.
    pub fn indicators(&self) -> BTreeSet<&'static str> {
        self.cells.keys().map(|k| k.0).collect()
    }

    /// The published cell of `geo`.
    pub fn cell(&self, indicator: &str, year: u16, geo: &Geography) -> Option<&Cell> {
        self.cells.iter().find(|(k, _)| k.0 == indicator && k.1 == year && k.2 == *geo).map(|(_, v)| &v.0)
    }

    fn value(&self, indicator: &str, year: u16, geo: &Geography) -> Option<f64> {
        match self.cell(indicator, year, geo) {
            Some(Cell::Value(v)) => Some(*v),
            _ => None,
        }
    }

    pub fn authority(&self, la: u16) -> Option<&Authority> {
        self.authorities.get(&la)
    }

    /// The values of every authority with one, best first for `polarity`.
    fn ranked(&self, indicator: &str, year: u16, polarity: Polarity) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .cells
            .iter()
            .filter(|(k, _)| k.0 == indicator && k.1 == year && matches!(k.2, Geography::Authority(_)))
            .filter_map(|(_, (c, _))| if let Cell::Value(v) = c { Some(*v) } else { None })
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        if polarity == Polarity::HighGood {
            v.reverse();
        }
        v
    }

    /// The national quartile boundaries (see the module's documentation), with the number of
    /// authorities ranked; `None` for an indicator with no polarity or too few values.
    pub fn quartiles(&self, indicator: &str, year: u16, polarity: Polarity) -> Option<(QuartileBounds, usize)> {
        if polarity == Polarity::None {
            return None;
        }
        let v = self.ranked(indicator, year, polarity);
        let n = v.len();
        if n < 4 {
            return None;
        }
        let at = |k: usize| v[(k.div_ceil(4)).max(1) - 1];
        Some((QuartileBounds { better: at(n), median: at(2 * n), worse: at(3 * n) }, n))
    }

    /// The mean of the neighbours' published values, with how many had one.
    pub fn neighbours_average(&self, indicator: &str, year: u16, neighbours: &[u16]) -> Option<(f64, usize)> {
        let vals: Vec<f64> =
            neighbours.iter().filter_map(|n| self.value(indicator, year, &Geography::Authority(*n))).collect();
        (!vals.is_empty()).then(|| (vals.iter().sum::<f64>() / vals.len() as f64, vals.len()))
    }

    /// The region's published value for authority `la`.
    pub fn regional(&self, indicator: &str, year: u16, la: u16) -> Option<f64> {
        let (code, name) = self.authority(la)?.region.clone()?;
        self.value(indicator, year, &Geography::Region(code))
            .or_else(|| self.value(indicator, year, &Geography::Region(name)))
    }

    /// The latest reporting year published for `indicator` no later than `year`.
    pub fn latest(&self, indicator: &str, year: u16) -> Option<u16> {
        self.years(indicator).into_iter().filter(|y| *y <= year).max()
    }

    /// Comparators for authority `la` from the latest year published up to reporting year
    /// `year`, for every indicator with a DfE equivalent: England and the neighbours' averages,
    /// the national quartiles, and a source naming the files, the year and the neighbours counted.
    pub fn comparators(&self, la: u16, neighbours: &[u16], year: u16) -> Comparators {
        let mut out = Comparators::default();
        // The ONS 0–17 population of each reporting year, by the financial year it ends.
        for ((y, geo), v) in &self.population {
            if *geo == Geography::Authority(la) && *y <= year {
                out.population.insert(i32::from(*y) - 1, v.round() as u64);
            }
        }
        for indicator in self.indicators() {
            let Some(def) = catalogue::definition(indicator) else { continue };
            let Some(y) = self.latest(indicator, year) else { continue };
            let sn = self.neighbours_average(indicator, y, neighbours);
            let q = self.quartiles(indicator, y, def.polarity);
            let files: BTreeSet<&str> =
                self.cells.iter().filter(|(k, _)| k.0 == indicator && k.1 == y).map(|(_, v)| v.1.as_str()).collect();
            let mut source = format!(
                "DfE, reporting year {}-{:02} ({})",
                y - 1,
                y % 100,
                files.into_iter().collect::<Vec<_>>().join(", ")
            );
            if let Some((_, n)) = q {
                source.push_str(&format!("; quartiles of {n} authorities"));
            }
            if let Some((_, n)) = sn {
                source.push_str(&format!("; {n} of {} statistical neighbours", neighbours.len()));
            }
            out.indicators.insert(
                indicator.to_string(),
                Comparator {
                    england: self.value(indicator, y, &Geography::England),
                    regional: self.regional(indicator, y, la),
                    sn_average: sn.map(|s| s.0),
                    quartiles: q.map(|q| q.0),
                    target: None,
                    source: Some(source),
                },
            );
        }
        out
    }
}

/// The statistical neighbours of each authority (the DfE's Children's Services Statistical
/// Neighbour Benchmarking Tool), as configuration:
///
/// ```toml
/// [neighbours]
/// 855 = [916, 803, 937, 802, 850, 865, 933, 938, 811, 891]
/// ```
pub fn read_neighbours(text: &str, file: &str) -> Result<BTreeMap<u16, Vec<u16>>, crate::ConfigError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        neighbours: BTreeMap<String, Vec<u16>>,
    }
    let raw: Raw = toml::from_str(text).map_err(|e| crate::ConfigError {
        file: file.to_string(),
        line: e
            .span()
            .map_or(1, |s| text.as_bytes()[..s.start.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1),
        field: "neighbours".into(),
        message: e.message().to_string(),
    })?;
    raw.neighbours
        .into_iter()
        .map(|(k, v)| {
            k.parse::<u16>().ok().filter(|n| (100..1000).contains(n)).map(|n| (n, v)).ok_or_else(|| {
                crate::ConfigError {
                    file: file.to_string(),
                    line: 1,
                    field: format!("neighbours.{k}"),
                    message: format!("'{k}' is not a DfE local authority number (three digits)"),
                }
            })
        })
        .collect()
}
