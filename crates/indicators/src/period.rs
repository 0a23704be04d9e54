//! Reporting periods: financial years, quarters, rolling twelve months, year to
//! date, and snapshots.
//!
//! Financial years run April–March (Q1 = April–June). A flow indicator counts
//! events from `start` to `end`, both included; a snapshot indicator counts the
//! position on `end`. A snapshot period `AT:D` carries the rolling twelve months
//! to D as its span, so flow indicators shown beside a snapshot count the year
//! to that day (as `carefile stats` does).

use carefile_domain::stats::rolling_year_start;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// `2025-26`: 1 April 2025 to 31 March 2026.
    FinancialYear,
    /// `2025-26-Q4`: January to March 2026.
    Quarter,
    /// `R12:2026-03-31`: the twelve months ending on the date.
    Rolling12,
    /// `YTD:2026-02-28`: from 1 April of the financial year to the date.
    YearToDate,
    /// `AT:2026-03-31`: the position on the date.
    At,
    /// `M:2026-03`: a calendar month (the monthly series of demand and its forecast).
    Month,
}

/// A period, always valid: `start ≤ end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A period that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a period: {expected}")]
pub struct BadPeriod {
    pub text: String,
    pub expected: String,
}

const EXPECTED: &str = "expected 2025-26, 2025-26-Q4, R12:2026-03-31, YTD:2026-02-28, AT:2026-03-31 or M:2026-03";

/// The first of April that starts the financial year containing `d`.
fn year_start_of(d: NaiveDate) -> NaiveDate {
    let y = if d.month() >= 4 { d.year() } else { d.year() - 1 };
    april_first(y)
}

fn april_first(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 4, 1).expect("1 April exists")
}

fn is_month_end(d: NaiveDate) -> bool {
    d.succ_opt().is_some_and(|n| n.month() != d.month())
}

/// `d` moved back `n` months; a month's last day stays its month's last day.
fn months_back(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    if is_month_end(d) {
        let first = d.with_day(1)?.checked_sub_months(Months::new(n))?;
        first.checked_add_months(Months::new(1))?.pred_opt()
    } else {
        d.checked_sub_months(Months::new(n))
    }
}

impl Period {
    /// The financial year starting in April of `year`.
    pub fn financial_year(year: i32) -> Period {
        let start = april_first(year);
        Period { kind: PeriodKind::FinancialYear, start, end: april_first(year + 1).pred_opt().expect("in range") }
    }

    /// Quarter `q` (1 = April–June) of the financial year starting in `year`.
    /// `q` outside 1–4 is clamped.
    pub fn quarter(year: i32, q: u32) -> Period {
        let q = q.clamp(1, 4);
        let start = april_first(year) + Months::new(3 * (q - 1));
        Period { kind: PeriodKind::Quarter, start, end: (start + Months::new(3)).pred_opt().expect("in range") }
    }

    /// The twelve months ending on `end`: (end − 12 months, end].
    pub fn rolling12(end: NaiveDate) -> Period {
        Period { kind: PeriodKind::Rolling12, start: rolling_year_start(end), end }
    }

    pub fn year_to_date(end: NaiveDate) -> Period {
        Period { kind: PeriodKind::YearToDate, start: year_start_of(end), end }
    }

    pub fn at(date: NaiveDate) -> Period {
        Period { kind: PeriodKind::At, start: rolling_year_start(date), end: date }
    }

    /// The calendar month containing `d`.
    pub fn month(d: NaiveDate) -> Period {
        let start = d.with_day(1).expect("every month has a first day");
        Period { kind: PeriodKind::Month, start, end: (start + Months::new(1)).pred_opt().expect("in range") }
    }

    /// The financial year (by its starting calendar year) that contains the period's end.
    pub fn financial_year_of_end(&self) -> i32 {
        year_start_of(self.end).year()
    }

    /// As written on the command line: `2025-26-Q4`.
    pub fn label(&self) -> String {
        let fy = |y: i32| format!("{y}-{:02}", (y + 1).rem_euclid(100));
        match self.kind {
            PeriodKind::FinancialYear => fy(self.start.year()),
            PeriodKind::Quarter => {
                let y = year_start_of(self.start).year();
                let q = (self.start.month() + 8) % 12 / 3 + 1;
                format!("{}-Q{q}", fy(y))
            }
            PeriodKind::Rolling12 => format!("R12:{}", self.end),
            PeriodKind::YearToDate => format!("YTD:{}", self.end),
            PeriodKind::At => format!("AT:{}", self.end),
            PeriodKind::Month => format!("M:{}", self.start.format("%Y-%m")),
        }
    }

    /// The previous data point: the previous quarter or year; rolling twelve
    /// months three months earlier (the quarterly reporting cycle); year to date
    /// and snapshots a year earlier (like with like). `None` before the calendar's range.
    pub fn previous(&self) -> Option<Period> {
        Some(match self.kind {
            PeriodKind::FinancialYear => Period::financial_year(self.start.year() - 1),
            PeriodKind::Quarter => {
                let start = self.start.checked_sub_months(Months::new(3))?;
                let y = year_start_of(start).year();
                Period::quarter(y, (start.month() + 8) % 12 / 3 + 1)
            }
            PeriodKind::Rolling12 => Period::rolling12(months_back(self.end, 3)?),
            PeriodKind::YearToDate => Period::year_to_date(months_back(self.end, 12)?),
            PeriodKind::At => Period::at(months_back(self.end, 12)?),
            PeriodKind::Month => Period::month(self.start.checked_sub_months(Months::new(1))?),
        })
    }

    /// The same period a year earlier (the same point last year). `None` before the calendar's range.
    pub fn year_ago(&self) -> Option<Period> {
        Some(match self.kind {
            PeriodKind::FinancialYear => Period::financial_year(self.start.year() - 1),
            PeriodKind::Quarter => {
                let start = self.start.checked_sub_months(Months::new(12))?;
                Period::quarter(year_start_of(start).year(), (start.month() + 8) % 12 / 3 + 1)
            }
            PeriodKind::Rolling12 => Period::rolling12(months_back(self.end, 12)?),
            PeriodKind::YearToDate => Period::year_to_date(months_back(self.end, 12)?),
            PeriodKind::At => Period::at(months_back(self.end, 12)?),
            PeriodKind::Month => Period::month(self.start.checked_sub_months(Months::new(12))?),
        })
    }

    /// The last eight quarters that end on or before this period's end, oldest first.
    pub fn trend(&self) -> Vec<Period> {
        let next = self.end.succ_opt().unwrap_or(self.end);
        // The latest quarter ending on or before `end` starts three months before
        // the quarter boundary at or before the day after `end`.
        let boundary_month = (next.month0() / 3) * 3 + 1;
        let boundary = NaiveDate::from_ymd_opt(next.year(), boundary_month, 1).expect("valid month");
        let mut out = Vec::with_capacity(8);
        let mut start = boundary;
        for _ in 0..8 {
            let Some(s) = start.checked_sub_months(Months::new(3)) else { break };
            start = s;
            out.push(Period::quarter(year_start_of(s).year(), (s.month() + 8) % 12 / 3 + 1));
        }
        out.reverse();
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for Period {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Period, BadPeriod> {
        let bad = |why: &str| BadPeriod { text: s.to_string(), expected: format!("{why}; {EXPECTED}") };
        let t = s.trim();
        // Years are kept to 1900–2200 so that every period derived from this one exists.
        let date = |d: &str| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| bad(&format!("'{d}' is not a date YYYY-MM-DD")))
                .and_then(
                    |x| if (1900..=2200).contains(&x.year()) { Ok(x) } else { Err(bad("the year is out of range")) },
                )
        };
        if let Some((prefix, rest)) = t.split_once(':') {
            if prefix.eq_ignore_ascii_case("M") {
                return date(&format!("{rest}-01")).map(Period::month);
            }
            let d = date(rest)?;
            return match prefix.to_ascii_uppercase().as_str() {
                "R12" => Ok(Period::rolling12(d)),
                "YTD" => Ok(Period::year_to_date(d)),
                "AT" => Ok(Period::at(d)),
                other => Err(bad(&format!("unknown period type '{other}'"))),
            };
        }
        if !t.is_ascii() {
            return Err(bad("unrecognised form"));
        }
        let (year, quarter) = match t.len() {
            7 => (t, None),
            10 => {
                let (y, q) = t.split_at(7);
                let q = q
                    .strip_prefix("-Q")
                    .or_else(|| q.strip_prefix("-q"))
                    .ok_or_else(|| bad("a quarter is -Q1 to -Q4"))?;
                (y, Some(q))
            }
            _ => return Err(bad("unrecognised form")),
        };
        let (a, b) = year.split_once('-').ok_or_else(|| bad("a financial year is written 2025-26"))?;
        let first: i32 = a.parse().ok().filter(|_| a.len() == 4).ok_or_else(|| bad(&format!("'{a}' is not a year")))?;
        let second: i32 =
            b.parse().ok().filter(|_| b.len() == 2).ok_or_else(|| bad(&format!("'{b}' is not two digits")))?;
        if second != (first + 1) % 100 {
            return Err(bad(&format!("{first} is followed by {:02}, not {b}", (first + 1) % 100)));
        }
        if !(1900..=2200).contains(&first) {
            return Err(bad("the year is out of range"));
        }
        match quarter {
            None => Ok(Period::financial_year(first)),
            Some(q) => match q {
                "1" | "2" | "3" | "4" => Ok(Period::quarter(first, q.parse().expect("one digit"))),
                _ => Err(bad(&format!("quarter '{q}' is not 1 to 4"))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_point_last_year() {
        let y = |s: &str| s.parse::<Period>().unwrap().year_ago().unwrap().label();
        assert_eq!(y("2025-26-Q4"), "2024-25-Q4");
        assert_eq!(y("2025-26"), "2024-25");
        assert_eq!(y("R12:2026-02-28"), "R12:2025-02-28");
        assert_eq!(y("YTD:2024-02-29"), "YTD:2023-02-28");
        assert_eq!(y("AT:2026-03-31"), "AT:2025-03-31");
        assert_eq!(y("M:2024-02"), "M:2023-02");
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn parses_every_form_with_its_span() {
        assert_eq!((p("2025-26").start, p("2025-26").end), (d("2025-04-01"), d("2026-03-31")));
        assert_eq!((p("2025-26-Q1").start, p("2025-26-Q1").end), (d("2025-04-01"), d("2025-06-30")));
        assert_eq!((p("2025-26-Q4").start, p("2025-26-Q4").end), (d("2026-01-01"), d("2026-03-31")));
        assert_eq!((p("R12:2026-03-31").start, p("R12:2026-03-31").end), (d("2025-04-01"), d("2026-03-31")));
        assert_eq!((p("YTD:2026-02-28").start, p("YTD:2026-02-28").end), (d("2025-04-01"), d("2026-02-28")));
        assert_eq!((p("YTD:2025-04-01").start), d("2025-04-01"));
        assert_eq!(p("AT:2026-03-31").end, d("2026-03-31"));
        assert_eq!(p("AT:2026-03-31").kind, PeriodKind::At);
        assert_eq!((p("M:2024-02").start, p("M:2024-02").end), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(p("m:2026-03").kind, PeriodKind::Month);
    }

    #[test]
    fn labels_round_trip() {
        for s in
            ["2025-26", "1999-00", "2025-26-Q1", "2025-26-Q3", "R12:2026-03-31", "YTD:2026-02-28", "AT:2024-02-29", "M:2026-02"]
        {
            assert_eq!(p(s).label(), s);
            assert_eq!(p(&p(s).label()), p(s));
        }
    }

    #[test]
    fn bad_periods_say_what_was_expected() {
        for (s, why) in [
            ("2025-27", "followed by 26"),
            ("2025-26-Q5", "quarter '5'"),
            ("2025-26-X4", "-Q1 to -Q4"),
            ("Q4", "unrecognised"),
            ("R12:2026-02-30", "not a date"),
            ("M:2026-13", "not a date"),
            ("XX:2026-03-31", "unknown period type"),
            ("abcd-ef", "not a year"),
            ("AT:9999-12-31", "out of range"),
            ("R12:0001-01-01", "out of range"),
        ] {
            let e = s.parse::<Period>().unwrap_err();
            assert!(e.to_string().contains(why), "{s}: {e}");
            assert!(e.to_string().contains("expected 2025-26"), "{s}: {e}");
        }
    }

    #[test]
    fn previous_data_points() {
        assert_eq!(p("2025-26-Q1").previous(), Some(p("2024-25-Q4")));
        assert_eq!(p("2025-26-Q4").previous(), Some(p("2025-26-Q3")));
        assert_eq!(p("2025-26").previous(), Some(p("2024-25")));
        assert_eq!(p("R12:2026-03-31").previous(), Some(p("R12:2025-12-31")));
        assert_eq!(p("R12:2025-06-30").previous(), Some(p("R12:2025-03-31")));
        assert_eq!(p("R12:2025-05-31").previous(), Some(p("R12:2025-02-28")));
        assert_eq!(p("YTD:2026-02-28").previous(), Some(p("YTD:2025-02-28")));
        assert_eq!(p("AT:2024-02-29").previous(), Some(p("AT:2023-02-28")));
        assert_eq!(p("M:2026-01").previous(), Some(p("M:2025-12")));
    }

    #[test]
    fn trend_is_the_last_eight_whole_quarters() {
        let t = p("2025-26-Q4").trend();
        assert_eq!(t.len(), 8);
        assert_eq!(t[0], p("2024-25-Q1"));
        assert_eq!(t[7], p("2025-26-Q4"));
        // A period ending mid-quarter stops at the last whole quarter.
        let t = p("YTD:2026-02-28").trend();
        assert_eq!(t[7], p("2025-26-Q3"));
        assert!(t.windows(2).all(|w| w[0].end.succ_opt() == Some(w[1].start)));
    }

    proptest::proptest! {
        /// Any text either parses or is refused with a reason; any valid period's
        /// previous point and trend exist and are well formed.
        #[test]
        fn parsing_never_panics_and_derived_periods_are_valid(text in "\\PC{0,20}", kind in 0usize..6, day in 0i64..110_000) {
            let _ = text.parse::<Period>();
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(day as u64);
            let y = d.format("%Y").to_string().parse::<i32>().unwrap();
            let text = match kind {
                0 => format!("R12:{d}"),
                1 => format!("YTD:{d}"),
                2 => format!("AT:{d}"),
                3 => format!("{y}-{:02}", (y + 1) % 100),
                4 => format!("M:{}", d.format("%Y-%m")),
                _ => format!("{y}-{:02}-Q{}", (y + 1) % 100, day % 4 + 1),
            };
            if let Ok(p) = text.parse::<Period>() {
                proptest::prop_assert!(p.start <= p.end);
                proptest::prop_assert_eq!(p.label().parse::<Period>().unwrap(), p);
                if let Some(prev) = p.previous() {
                    proptest::prop_assert!(prev.end < p.end);
                }
                for q in p.trend() {
                    proptest::prop_assert!(q.end <= p.end && q.kind == PeriodKind::Quarter);
                }
            }
        }
    }
}
