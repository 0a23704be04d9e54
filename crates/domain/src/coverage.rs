//! What a record built from statutory returns covers. Each return imported reports a period (a
//! collection year) and carries some kinds of fact (an SSDA903 return: care; a CIN census:
//! referrals, assessments, plans); before that period, and outside those kinds, the record is
//! silent. Indicators read this to tell a complete figure from one that needs history the record
//! does not hold. A record kept in carefile from the start has no coverage entries: its facts
//! are complete from the first recorded.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A kind of fact a return carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// CIN episodes: referrals and closures.
    Referrals,
    Assessments,
    S47s,
    Icpcs,
    CpPlans,
    CinPlans,
    /// Periods of care: episodes, legal statuses and placements.
    Care,
    LacReviews,
    Missing,
    Adoptions,
    Uasc,
    /// Care leavers' circumstances around their birthdays (OC3).
    CareLeaverContacts,
    /// The year's health checks and SDQ as at 31 March (OC2): covered on 31 March only.
    AnnualHealth,
    /// Strategy discussions: a census carries only those that started an S47 (on its start date).
    StrategyDiscussions,
}

impl FactKind {
    /// Whether the kind is reported as at the last day of a collection year only.
    pub fn annual(self) -> bool {
        self == FactKind::AnnualHealth
    }

    pub fn label(self) -> &'static str {
        match self {
            FactKind::Referrals => "referrals",
            FactKind::Assessments => "assessments",
            FactKind::S47s => "section 47 enquiries",
            FactKind::Icpcs => "initial child protection conferences",
            FactKind::CpPlans => "child protection plans",
            FactKind::CinPlans => "child in need plans",
            FactKind::Care => "periods of care",
            FactKind::LacReviews => "looked-after reviews",
            FactKind::Missing => "missing episodes",
            FactKind::Adoptions => "adoption decisions",
            FactKind::Uasc => "UASC status",
            FactKind::CareLeaverContacts => "care leavers' circumstances",
            FactKind::AnnualHealth => "health checks as at 31 March",
            FactKind::StrategyDiscussions => "strategy discussions",
        }
    }
}

/// One return imported: what it is, the period it reports and the kinds of fact it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// E.g. "SSDA903 2025-26 (returns/2026)".
    pub source: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kinds: Vec<FactKind>,
    /// Kinds the return carries only in part (a census: strategy discussions that started an S47).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partly: Vec<FactKind>,
}

/// Where a kind of fact stands on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Covered {
    /// No return imported carries this kind: the record's own facts decide.
    Recorded,
    /// Imported returns cover the day without a gap since `since`.
    Since(NaiveDate),
    /// No return imported covers the day (the kind is covered elsewhere: `first` to `last`).
    Outside { first: NaiveDate, last: NaiveDate },
    /// The return covering the day carries only some facts of this kind (named by `source`).
    Partly { source: String },
}

/// Where `kind` stands on `day`, given the returns imported.
pub fn covered(all: &[Coverage], kind: FactKind, day: NaiveDate) -> Covered {
    if let Some(c) = all.iter().find(|c| c.partly.contains(&kind) && c.from <= day && day <= c.to) {
        return Covered::Partly { source: c.source.clone() };
    }
    let mut runs: Vec<(NaiveDate, NaiveDate)> =
        all.iter().filter(|c| c.kinds.contains(&kind)).map(|c| (c.from, c.to)).collect();
    if runs.is_empty() {
        return Covered::Recorded;
    }
    runs.sort();
    let (first, last) = (runs[0].0, runs.iter().map(|r| r.1).max().unwrap_or(runs[0].1));
    if kind.annual() {
        // Reported as at the last day of each year imported.
        return match runs.iter().find(|(_, to)| *to == day) {
            Some((from, _)) => Covered::Since(*from),
            None => Covered::Outside { first, last },
        };
    }
    // Merge runs that touch or overlap, then find the one holding the day.
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (from, to) in runs {
        match merged.last_mut() {
            Some(m) if from <= m.1.succ_opt().unwrap_or(m.1) => m.1 = m.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    match merged.iter().find(|(from, to)| *from <= day && day <= *to) {
        Some((from, _)) => Covered::Since(*from),
        None => Covered::Outside { first, last },
    }
}

/// The last day of the collection year containing `d` (31 March).
pub fn year_end_of(d: NaiveDate) -> NaiveDate {
    let y = if d.month() >= 4 { d.year() + 1 } else { d.year() };
    NaiveDate::from_ymd_opt(y, 3, 31).expect("31 March exists")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn year(y: i32, kinds: &[FactKind]) -> Coverage {
        Coverage {
            source: format!("{y}"),
            from: d(&format!("{}-04-01", y - 1)),
            to: d(&format!("{y}-03-31")),
            kinds: kinds.to_vec(),
            partly: vec![],
        }
    }

    #[test]
    fn consecutive_years_cover_without_a_gap_and_other_kinds_stay_recorded() {
        let all = [year(2026, &[FactKind::Care, FactKind::AnnualHealth]), year(2025, &[FactKind::Care])];
        assert_eq!(covered(&all, FactKind::Care, d("2025-12-31")), Covered::Since(d("2024-04-01")));
        assert_eq!(covered(&all, FactKind::Referrals, d("2025-12-31")), Covered::Recorded);
        let outside = Covered::Outside { first: d("2024-04-01"), last: d("2026-03-31") };
        assert_eq!(covered(&all, FactKind::Care, d("2024-03-31")), outside);
        assert_eq!(covered(&all, FactKind::Care, d("2026-04-01")), outside);
        // A gap year starts a new run.
        let gap = [year(2026, &[FactKind::Care]), year(2024, &[FactKind::Care])];
        assert_eq!(covered(&gap, FactKind::Care, d("2025-06-01")), Covered::Since(d("2025-04-01")));
    }

    #[test]
    fn a_kind_carried_in_part_is_said_to_be() {
        let mut census = year(2026, &[FactKind::S47s]);
        census.partly = vec![FactKind::StrategyDiscussions];
        let all = [census];
        assert_eq!(
            covered(&all, FactKind::StrategyDiscussions, d("2025-12-31")),
            Covered::Partly { source: "2026".into() }
        );
        assert_eq!(covered(&all, FactKind::StrategyDiscussions, d("2024-12-31")), Covered::Recorded);
    }

    #[test]
    fn annual_kinds_are_covered_on_31_march_only() {
        let all = [year(2026, &[FactKind::AnnualHealth])];
        assert_eq!(covered(&all, FactKind::AnnualHealth, d("2026-03-31")), Covered::Since(d("2025-04-01")));
        assert!(matches!(covered(&all, FactKind::AnnualHealth, d("2025-12-31")), Covered::Outside { .. }));
        assert_eq!(year_end_of(d("2025-12-31")), d("2026-03-31"));
        assert_eq!(year_end_of(d("2026-04-01")), d("2027-03-31"));
    }
}
