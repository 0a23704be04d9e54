//! The working-day calendar for England and Wales.
//!
//! Working days exclude weekends, the bank holidays of the shipped table
//! (`data/bank-holidays-england-wales.csv`, 2010–2030) and any closure days an
//! authority adds. Conventions (service.md §3), so every due date has one answer:
//! - "N working days after D": D is day 0 and day 1 is the next working day;
//!   "within N working days" includes day N.
//! - "N weeks / N months after D": the same weekday / calendar day (the month's
//!   last day where that day does not exist); a due date on a non-working day
//!   moves back to the previous working day.
//!
//! Outside the years the table covers only weekends are known; callers can ask
//! [`Calendar::covers`] and warn.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// The bank-holiday table shipped with carefile.
pub const ENGLAND_AND_WALES_CSV: &str = include_str!("../data/bank-holidays-england-wales.csv");

/// A bad line in a holiday table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("holiday table line {line}: {message}")]
pub struct CalendarError {
    pub line: usize,
    pub message: String,
}

/// Working days, answered in constant time inside the table's years.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// First day of the first covered year.
    base: NaiveDate,
    /// `cum[i]` = working days in `[base, base + i]`.
    cum: Vec<u32>,
    holidays: Vec<(NaiveDate, String)>,
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// England and Wales, from the shipped table.
    pub fn england_and_wales() -> Calendar {
        Calendar::from_csv(ENGLAND_AND_WALES_CSV).expect("the shipped holiday table is valid")
    }

    /// A calendar from a `date,name` table (lines starting with `#` are comments).
    /// Coverage is the whole calendar years from the first to the last listed date.
    pub fn from_csv(text: &str) -> Result<Calendar, CalendarError> {
        let mut holidays = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line == "date,name" {
                continue;
            }
            let (date, name) = line.split_once(',').unwrap_or((line, ""));
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| CalendarError {
                line: i + 1,
                message: format!("'{}' is not a date (expected YYYY-MM-DD)", date.trim()),
            })?;
            holidays.push((date, name.trim().to_string()));
        }
        if holidays.is_empty() {
            return Err(CalendarError { line: 0, message: "the table lists no holidays".into() });
        }
        holidays.sort();
        let first = holidays[0].0.year();
        let last = holidays[holidays.len() - 1].0.year();
        let mut cal =
            Calendar { base: NaiveDate::from_ymd_opt(first, 1, 1).expect("1 January"), cum: Vec::new(), holidays };
        let end = NaiveDate::from_ymd_opt(last, 12, 31).expect("31 December");
        cal.rebuild(end);
        Ok(cal)
    }

    /// Adds an authority's closure days (e.g. the days between Christmas and New Year).
    pub fn with_closures(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        let end = self.last_covered();
        for d in days {
            self.holidays.push((d, "Local closure day".to_string()));
        }
        self.holidays.sort();
        self.holidays.dedup_by_key(|h| h.0);
        self.rebuild(end);
        self
    }

    fn rebuild(&mut self, end: NaiveDate) {
        let days = (end - self.base).num_days() as usize + 1;
        let mut off = vec![false; days];
        for (d, _) in &self.holidays {
            let i = (*d - self.base).num_days();
            if (0..days as i64).contains(&i) {
                off[i as usize] = true;
            }
        }
        let mut n = 0u32;
        self.cum = (0..days)
            .map(|i| {
                let d = self.base + Duration::days(i as i64);
                if !off[i] && !is_weekend(d) {
                    n += 1;
                }
                n
            })
            .collect();
    }

    fn index(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.base).num_days();
        (i >= 0 && (i as usize) < self.cum.len()).then_some(i as usize)
    }

    /// First day the table covers.
    pub fn first_covered(&self) -> NaiveDate {
        self.base
    }

    /// Last day the table covers.
    pub fn last_covered(&self) -> NaiveDate {
        self.base + Duration::days(self.cum.len() as i64 - 1)
    }

    /// Whether the holiday table covers `d`; outside it, only weekends are excluded.
    pub fn covers(&self, d: NaiveDate) -> bool {
        d >= self.first_covered() && d <= self.last_covered()
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(i) => {
                let before = if i == 0 { 0 } else { self.cum[i - 1] };
                self.cum[i] > before
            }
            _ => !is_weekend(d),
        }
    }

    /// Working days in `(a, b]` (negative when `b < a`): the number of working
    /// days from `a` (day 0) to `b`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        if let (Some(ia), Some(ib)) = (self.index(a), self.index(b)) {
            return i64::from(self.cum[ib]) - i64::from(self.cum[ia]);
        }
        let mut n = 0;
        let mut d = a;
        while d < b {
            d = d.succ_opt().expect("date in range");
            n += i64::from(self.is_working_day(d));
        }
        n
    }

    /// The `n`th working day after `d` (`d` is day 0; `n` may be negative).
    pub fn add_working_days(&self, d: NaiveDate, n: i64) -> NaiveDate {
        let step = if n >= 0 { 1 } else { -1 };
        let mut left = n.abs();
        let mut day = d;
        while left > 0 {
            day += Duration::days(step);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// `d` itself if it is a working day, else the previous working day.
    pub fn on_or_before(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while !self.is_working_day(day) {
            day -= Duration::days(1);
        }
        day
    }

    /// Due date `n` calendar months after `d` (the month's last day where the
    /// day does not exist), moved back to a working day.
    pub fn due_after_months(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.on_or_before(add_months(d, n))
    }

    /// Due date `n` weeks after `d` (same weekday), moved back to a working day.
    pub fn due_after_weeks(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.on_or_before(d + Duration::weeks(i64::from(n)))
    }
}

/// `n` calendar months after `d`; the month's last day where the day does not exist.
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).expect("date in range")
}

/// The anniversary `years` after `d` (29 February → 28 February).
pub fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    add_months(d, years * 12)
}

/// Whole years of age on `on` of someone born on `dob`.
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn forty_five_working_days_across_christmas() {
        let cal = Calendar::england_and_wales();
        // Mon 15 Dec 2025: Christmas, Boxing Day and New Year's Day are skipped.
        assert_eq!(cal.add_working_days(d(2025, 12, 15), 45), d(2026, 2, 19));
        assert_eq!(cal.working_days_between(d(2025, 12, 15), d(2026, 2, 19)), 45);
    }

    #[test]
    fn bank_holidays_and_substitute_days_are_not_working_days() {
        let cal = Calendar::england_and_wales();
        assert!(!cal.is_working_day(d(2020, 12, 28))); // Boxing Day substitute
        assert!(!cal.is_working_day(d(2025, 4, 18))); // Good Friday
        assert!(!cal.is_working_day(d(2025, 4, 21))); // Easter Monday
        assert!(!cal.is_working_day(d(2026, 1, 3))); // Saturday
        assert!(cal.is_working_day(d(2026, 1, 2)));
        assert!(!cal.is_working_day(d(2022, 9, 19))); // State funeral
    }

    #[test]
    fn day_zero_is_the_start_and_day_one_the_next_working_day() {
        let cal = Calendar::england_and_wales();
        assert_eq!(cal.add_working_days(d(2026, 3, 27), 0), d(2026, 3, 27));
        // Fri 27 Mar 2026 + 1 = Mon 30 Mar.
        assert_eq!(cal.add_working_days(d(2026, 3, 27), 1), d(2026, 3, 30));
        // Thu 2 Apr 2026 + 1 skips Good Friday and Easter Monday.
        assert_eq!(cal.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 7));
        // Starting on a Saturday still counts the Monday as day 1.
        assert_eq!(cal.add_working_days(d(2026, 3, 28), 1), d(2026, 3, 30));
    }

    #[test]
    fn year_end_boundaries() {
        let cal = Calendar::england_and_wales();
        // 31 Dec 2026 (Thu) + 1 skips New Year's Day 2027 (Fri) and the weekend.
        assert_eq!(cal.add_working_days(d(2026, 12, 31), 1), d(2027, 1, 4));
        // 31 March 2026 (Tue) to 1 April 2026 is one working day.
        assert_eq!(cal.working_days_between(d(2026, 3, 31), d(2026, 4, 1)), 1);
    }

    #[test]
    fn months_clamp_and_move_back_to_a_working_day() {
        let cal = Calendar::england_and_wales();
        assert_eq!(add_months(d(2025, 8, 31), 6), d(2026, 2, 28));
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        // 3 months after 20 Sep 2025 = Sat 20 Dec 2025 → Fri 19 Dec.
        assert_eq!(cal.due_after_months(d(2025, 9, 20), 3), d(2025, 12, 19));
        // 6 months after 25 Jun 2025 = Thu 25 Dec (Christmas) → Wed 24 Dec.
        assert_eq!(cal.due_after_months(d(2025, 6, 25), 6), d(2025, 12, 24));
        // 12 weeks after Mon 6 Oct 2025 = Mon 29 Dec 2025, a working day.
        assert_eq!(cal.due_after_weeks(d(2025, 10, 6), 12), d(2025, 12, 29));
    }

    #[test]
    fn coverage_and_fallback_outside_the_table() {
        let cal = Calendar::england_and_wales();
        assert_eq!(cal.first_covered(), d(2010, 1, 1));
        assert_eq!(cal.last_covered(), d(2030, 12, 31));
        assert!(!cal.covers(d(2031, 1, 1)));
        // Outside the table only weekends count: 1 Jan 2031 is a Wednesday.
        assert!(cal.is_working_day(d(2031, 1, 1)));
        assert_eq!(cal.add_working_days(d(2030, 12, 31), 2), d(2031, 1, 2));
    }

    #[test]
    fn closure_days_are_added() {
        let cal = Calendar::england_and_wales().with_closures([d(2025, 12, 29), d(2025, 12, 30), d(2025, 12, 31)]);
        assert!(!cal.is_working_day(d(2025, 12, 30)));
        assert_eq!(cal.add_working_days(d(2025, 12, 24), 1), d(2026, 1, 2));
    }

    #[test]
    fn bad_table_names_the_line() {
        let e = Calendar::from_csv("date,name\n2025-01-01,New Year\n2025-13-01,Bad\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("2025-13-01"));
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(2010, 3, 31), d(2026, 3, 30)), 15);
        assert_eq!(age_on(d(2010, 3, 31), d(2026, 3, 31)), 16);
        assert_eq!(add_years(d(2008, 2, 29), 18), d(2026, 2, 28));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..7000).prop_map(|n| d(2011, 1, 1) + Duration::days(n))
    }

    proptest! {
        #[test]
        fn adding_then_counting_back_gives_n(start in any_date(), n in 0i64..400) {
            let cal = Calendar::england_and_wales();
            let end = cal.add_working_days(start, n);
            prop_assert_eq!(cal.working_days_between(start, end), n);
            prop_assert_eq!(cal.add_working_days(end, -n) <= start, true);
        }

        #[test]
        fn due_dates_never_fall_on_a_non_working_day(start in any_date(), n in 1i64..400, m in 1u32..30) {
            let cal = Calendar::england_and_wales();
            prop_assert!(cal.is_working_day(cal.add_working_days(start, n)));
            prop_assert!(cal.is_working_day(cal.due_after_months(start, m)));
            prop_assert!(cal.is_working_day(cal.due_after_weeks(start, m)));
        }

        #[test]
        fn constant_time_count_matches_day_by_day(a in any_date(), len in 0i64..60) {
            let cal = Calendar::england_and_wales();
            let b = a + Duration::days(len);
            let slow = (1..=len).filter(|i| cal.is_working_day(a + Duration::days(*i))).count() as i64;
            prop_assert_eq!(cal.working_days_between(a, b), slow);
        }
    }
}
