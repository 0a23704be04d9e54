//! Who is sent: the DfE's cohort as its early-adopter specification reads. The window runs from
//! 1 April of the financial year containing the date 24 months before the reference date, to the
//! day after the reference date. A child is in it when aged 25 or under at some point in the window
//! (or unborn, expected within it) and with social care activity in it: a CIN episode, plan or period
//! of care overlapping the window, or, for a care leaver aged 16 to 25, a contact in it.

use carefile_domain::journey::ChildRecord;
use chrono::{Datelike, Months, NaiveDate};

/// The cohort's window, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn for_date(as_of: NaiveDate) -> Window {
        let back = as_of.checked_sub_months(Months::new(24)).unwrap_or(NaiveDate::MIN);
        let fy = if back.month() >= 4 { back.year() } else { back.year() - 1 };
        Window {
            from: NaiveDate::from_ymd_opt(fy, 4, 1).unwrap_or(NaiveDate::MIN),
            to: as_of.succ_opt().unwrap_or(as_of),
        }
    }

    fn meets(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.to && end.is_none_or(|e| e >= self.from)
    }

    fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

fn birthday(dob: NaiveDate, years: u32) -> NaiveDate {
    dob.checked_add_months(Months::new(12 * years)).unwrap_or(NaiveDate::MAX)
}

/// Whether the child belongs in the cohort for the window.
pub fn includes(c: &ChildRecord, w: Window) -> bool {
    let young = match (c.details.dob, c.details.expected_dob) {
        (Some(dob), _) => dob <= w.to && birthday(dob, 26) > w.from,
        (None, Some(expected)) => w.contains(expected) || expected > w.to,
        (None, None) => false,
    };
    young && active(c, w)
}

fn active(c: &ChildRecord, w: Window) -> bool {
    let episodes = c.referrals.iter().any(|r| w.meets(r.date(), r.closed.map(|x| x.0)));
    let care = c.care.iter().any(|p| w.meets(p.start, p.end_date()));
    let leaver = c.details.dob.is_some_and(|dob| {
        c.care_leaver_contacts
            .iter()
            .any(|k| w.contains(k.date) && k.date >= birthday(dob, 16) && k.date < birthday(dob, 26))
    });
    episodes || care || leaver
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_window_starts_in_april_of_the_financial_year_two_years_back() {
        // 24 months before 31 March 2026 is 31 March 2024, in the year from 1 April 2023.
        assert_eq!(Window::for_date(d("2026-03-31")), Window { from: d("2023-04-01"), to: d("2026-04-01") });
        // 24 months before 1 April 2026 is 1 April 2024: that year starts that day.
        assert_eq!(Window::for_date(d("2026-04-01")).from, d("2024-04-01"));
        assert_eq!(Window::for_date(d("2026-12-07")).from, d("2024-04-01"));
    }
}
