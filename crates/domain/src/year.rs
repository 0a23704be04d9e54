//! Collection years and the half-open periods they cover.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A DfE collection year, named by the calendar year in which it ends:
/// `CollectionYear(2026)` is 1 April 2025 – 31 March 2026 (rule set "2025-26").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CollectionYear(u16);

impl CollectionYear {
    /// A collection year ending on 31 March of `ending`.
    pub const fn new(ending: u16) -> Self {
        CollectionYear(ending)
    }

    /// The calendar year in which the collection year ends.
    pub const fn ending(self) -> u16 {
        self.0
    }

    /// 1 April of the year before [`ending`](Self::ending).
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.0) - 1, 4, 1).expect("1 April exists")
    }

    /// 31 March of [`ending`](Self::ending): the last day inside the year.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.0), 3, 31).expect("31 March exists")
    }

    /// Whether `d` falls in `[1 April, 1 April next year)`.
    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.start() && d <= self.end()
    }

    /// The collection year containing `d`.
    pub fn containing(d: NaiveDate) -> Self {
        use chrono::Datelike;
        let y = d.year() as u16;
        if d.month() >= 4 { CollectionYear(y + 1) } else { CollectionYear(y) }
    }

    /// The year before this one.
    pub const fn previous(self) -> Self {
        CollectionYear(self.0 - 1)
    }

    /// The DfE's name for it, e.g. "2025-26".
    pub fn label(self) -> String {
        format!("{}-{:02}", self.0 - 1, self.0 % 100)
    }
}

impl fmt::Display for CollectionYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.label())
    }
}

/// A year that is not a four-digit number or a "2025-26" label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a collection year: expected the year it ends in (e.g. 2026) or its label (e.g. 2025-26)")]
pub struct BadYear(pub String);

impl FromStr for CollectionYear {
    type Err = BadYear;
    /// Accepts "2026" or "2025-26" (both meaning 1 April 2025 – 31 March 2026).
    fn from_str(s: &str) -> Result<Self, BadYear> {
        let bad = || BadYear(s.to_string());
        let s = s.trim();
        if let Some((a, b)) = s.split_once('-') {
            let a: u16 = a.parse().map_err(|_| bad())?;
            let b: u16 = b.parse().map_err(|_| bad())?;
            if b != (a + 1) % 100 || !(1900..9999).contains(&a) {
                return Err(bad());
            }
            Ok(CollectionYear(a + 1))
        } else {
            let y: u16 = s.parse().map_err(|_| bad())?;
            if !(1901..=9999).contains(&y) {
                return Err(bad());
            }
            Ok(CollectionYear(y))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn year_2026_is_april_2025_to_march_2026() {
        let y: CollectionYear = "2026".parse().unwrap();
        assert_eq!(y.start(), d(2025, 4, 1));
        assert_eq!(y.end(), d(2026, 3, 31));
        assert_eq!(y.label(), "2025-26");
        assert_eq!("2025-26".parse::<CollectionYear>().unwrap(), y);
    }

    #[test]
    fn both_ends_of_the_period() {
        let y = CollectionYear::new(2026);
        assert!(!y.contains(d(2025, 3, 31)));
        assert!(y.contains(d(2025, 4, 1)));
        assert!(y.contains(d(2026, 3, 31)));
        assert!(!y.contains(d(2026, 4, 1)));
        assert_eq!(CollectionYear::containing(d(2026, 3, 31)), y);
        assert_eq!(CollectionYear::containing(d(2026, 4, 1)), CollectionYear::new(2027));
    }

    #[test]
    fn rejects_nonsense() {
        assert!("2025-27".parse::<CollectionYear>().is_err());
        assert!("twenty".parse::<CollectionYear>().is_err());
        assert!("".parse::<CollectionYear>().is_err());
    }
}
