//! Headline counts of the record on a date: the figures `carefile stats` prints
//! and the synthetic authority is calibrated against.

use crate::calendar::age_on;
use crate::journey::ChildRecord;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Flows are counted over the rolling 12 months to the date, `(as_of − 12 months, as_of]`;
/// the rest are snapshots on the date (open: start ≤ date and no end or end > date).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub contacts: u32,
    pub referrals: u32,
    pub assessments_completed: u32,
    pub s47_enquiries: u32,
    pub icpcs: u32,
    pub cp_plans_open: u32,
    /// Open to social care and not on a CP plan, looked after, or in (pre-)proceedings.
    pub cin_open: u32,
    pub looked_after: u32,
    /// Former relevant care leavers aged 18 to 21.
    pub care_leavers: u32,
}

/// The first day of the rolling year ending on `as_of`.
pub fn rolling_year_start(as_of: NaiveDate) -> NaiveDate {
    as_of.checked_sub_months(chrono::Months::new(12)).expect("date in range") + Duration::days(1)
}

impl Stats {
    pub fn compute<'a>(records: impl IntoIterator<Item = &'a ChildRecord>, as_of: NaiveDate) -> Stats {
        let from = rolling_year_start(as_of);
        let in_year = |d: NaiveDate| d >= from && d <= as_of;
        let mut s = Stats::default();
        for r in records {
            s.contacts += count(r.contacts.iter().map(|c| c.at.date()), in_year);
            s.referrals += count(r.referrals.iter().map(|x| x.date()), in_year);
            s.assessments_completed +=
                count(r.referrals.iter().flat_map(|x| &x.assessments).filter_map(|a| a.authorised), in_year);
            s.s47_enquiries += count(r.referrals.iter().flat_map(|x| &x.s47s).map(|x| x.start), in_year);
            s.icpcs += count(r.referrals.iter().flat_map(|x| &x.icpcs).map(|x| x.date), in_year);
            let status = r.status_on(as_of);
            s.cp_plans_open += u32::from(status.cp_plan);
            s.looked_after += u32::from(status.looked_after);
            s.cin_open += u32::from(status.child_in_need());
            s.care_leavers +=
                u32::from(r.is_care_leaver_on(as_of) && (18..=21).contains(&r.age_on(as_of).unwrap_or(0)));
        }
        s
    }
}

fn count(dates: impl Iterator<Item = NaiveDate>, keep: impl Fn(NaiveDate) -> bool) -> u32 {
    dates.filter(|d| keep(*d)).count() as u32
}

/// Where a child stands on a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    /// An open CIN episode (referral not yet closed).
    pub open_case: bool,
    pub cp_plan: bool,
    pub cin_plan: bool,
    pub looked_after: bool,
    pub pre_proceedings: bool,
    pub proceedings: bool,
}

impl Status {
    /// A child in need in the committee's sense: open, and in none of the other groups.
    pub fn child_in_need(&self) -> bool {
        self.open_case && !self.cp_plan && !self.looked_after && !self.pre_proceedings && !self.proceedings
    }
}

impl ChildRecord {
    /// Age in whole years on `d`, if born by then.
    pub fn age_on(&self, d: NaiveDate) -> Option<i32> {
        self.details.dob.filter(|dob| *dob <= d).map(|dob| age_on(dob, d))
    }

    /// Where the child stands on `d`.
    pub fn status_on(&self, d: NaiveDate) -> Status {
        let open = |start: NaiveDate, end: Option<NaiveDate>| start <= d && end.is_none_or(|e| e > d);
        let refs = self.referrals.iter().filter(|r| r.is_open_on(d));
        let mut st = Status::default();
        for r in refs {
            st.open_case = true;
            st.cp_plan |= r.cp_plans.iter().any(|p| open(p.start, p.end));
            st.cin_plan |= r.cin_plans.iter().any(|p| open(p.start, p.end));
        }
        st.looked_after = self.care.iter().any(|p| p.is_open_on(d));
        for p in &self.proceedings {
            if let Some(s) = p.pre_start {
                st.pre_proceedings |= open(s, p.pre_end.map(|e| e.0));
            }
            if let Some(i) = p.issued {
                st.proceedings |= open(i, p.concluded.map(|e| e.0));
            }
        }
        st
    }

    /// A former relevant child on `d`: not looked after, and looked after for at
    /// least 13 weeks since the 14th birthday, ending on or after the 16th.
    pub fn is_care_leaver_on(&self, d: NaiveDate) -> bool {
        let Some(dob) = self.details.dob else { return false };
        if self.died.is_some_and(|x| x <= d) || self.care.iter().any(|p| p.is_open_on(d)) {
            return false;
        }
        let fourteen = crate::calendar::add_years(dob, 14);
        let sixteen = crate::calendar::add_years(dob, 16);
        let mut days = 0i64;
        let mut left_at_16_plus = false;
        for p in &self.care {
            let Some(end) = p.end_date().filter(|e| *e <= d) else { continue };
            let from = p.start.max(fourteen);
            if end > from {
                days += (end - from).num_days();
            }
            left_at_16_plus |= end >= sixteen;
        }
        left_at_16_plus && days >= 13 * 7
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_year_is_twelve_months_ending_on_the_date() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(rolling_year_start(d("2026-03-31")), d("2025-04-01"));
        assert_eq!(rolling_year_start(d("2024-02-29")), d("2023-03-01"));
    }
}
