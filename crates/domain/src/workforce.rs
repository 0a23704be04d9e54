//! The workforce figures the department is judged on, with the DfE children's
//! social work workforce census definitions (decision 008; this issue owns them):
//! on a census date (30 September) and over the year to it.
//!
//! - **children's social workers**: qualified social workers in children's
//!   services posts: the roles social worker, team manager, service manager and
//!   reviewing officer (personal advisers and early help workers are not);
//! - **turnover** = FTE of employed children's social workers who left in the
//!   year ÷ FTE of employed children's social workers in post on the date;
//! - **vacancy rate** = FTE vacancies ÷ (FTE vacancies + employed FTE), a
//!   vacancy being an established post not filled by an employee (an agency
//!   worker covering it leaves it vacant, as the census counts);
//! - **agency rate** = agency FTE ÷ (agency FTE + employed FTE).
//!
//! Every figure keeps who it counts, so a figure drills down to the staff.

use crate::ids::{TeamId, WorkerId};
use crate::org::{Organisation, Staff, StaffRole};
use chrono::NaiveDate;
use serde::Serialize;

/// A qualified social worker's post in children's services (the census's population).
pub fn childrens_social_worker(role: StaffRole) -> bool {
    matches!(
        role,
        StaffRole::SocialWorker | StaffRole::TeamManager | StaffRole::ServiceManager | StaffRole::ReviewingOfficer
    )
}

/// FTE in hundredths, so sums are exact and figures reproducible.
fn hundredths(fte: f32) -> u64 {
    (f64::from(fte) * 100.0).round() as u64
}

/// A ratio of FTE sums, with the staff behind each part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// FTE in hundredths.
    pub numerator: u64,
    pub denominator: u64,
    pub numerator_staff: Vec<WorkerId>,
    pub denominator_staff: Vec<WorkerId>,
}

impl Rate {
    /// The percentage, when the denominator is not zero.
    pub fn percent(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 * 100.0 / self.denominator as f64)
    }
}

/// The census figures on one date, over the authority or some teams.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Census {
    pub date: NaiveDate,
    /// Employed children's social workers in post, FTE in hundredths, and who.
    pub employed: (u64, Vec<WorkerId>),
    pub agency: (u64, Vec<WorkerId>),
    /// FTE vacancies in hundredths, by team (established posts less employed FTE, never below 0).
    pub vacancies: Vec<(TeamId, u64)>,
    /// Employed children's social workers who left in the year to `date`, FTE in hundredths, and who.
    pub leavers: (u64, Vec<WorkerId>),
    pub turnover: Rate,
    pub vacancy: Rate,
    pub agency_rate: Rate,
}

/// The census on `date` (its year: the 365 or 366 days ending on it) for the
/// teams `teams` selects.
pub fn census(org: &Organisation, date: NaiveDate, teams: impl Fn(&TeamId) -> bool) -> Census {
    let year_start = date.checked_sub_months(chrono::Months::new(12)).unwrap_or(NaiveDate::MIN);
    let mut employed = (0, Vec::new());
    let mut agency = (0, Vec::new());
    let mut by_team: std::collections::BTreeMap<&TeamId, u64> = Default::default();
    for s in org.staff.values().filter(|s| childrens_social_worker(s.role) && s.in_post(date)) {
        let Some(team) = s.team_on(date).filter(|t| teams(t)) else { continue };
        let part = if s.agency { &mut agency } else { &mut employed };
        part.0 += hundredths(s.fte);
        part.1.push(s.id.clone());
        if !s.agency {
            *by_team.entry(team).or_default() += hundredths(s.fte);
        }
    }
    let mut leavers = (0, Vec::new());
    for s in org.staff.values() {
        for (fte, team) in spells_left(s, year_start, date) {
            if team.is_some_and(|t| teams(t)) {
                leavers.0 += hundredths(fte);
                leavers.1.push(s.id.clone());
            }
        }
    }
    let vacancies: Vec<(TeamId, u64)> = org
        .posts
        .iter()
        .filter(|(team, _)| teams(team))
        .filter_map(|(team, history)| {
            let (_, posts) = history.iter().rev().find(|(from, _)| *from <= date)?;
            let filled = by_team.get(team).copied().unwrap_or(0);
            Some((team.clone(), hundredths(*posts).saturating_sub(filled)))
        })
        .collect();
    let vacant: u64 = vacancies.iter().map(|(_, v)| v).sum();
    let turnover = Rate {
        numerator: leavers.0,
        denominator: employed.0,
        numerator_staff: leavers.1.clone(),
        denominator_staff: employed.1.clone(),
    };
    let vacancy = Rate {
        numerator: vacant,
        denominator: vacant + employed.0,
        numerator_staff: vec![],
        denominator_staff: employed.1.clone(),
    };
    let agency_rate = Rate {
        numerator: agency.0,
        denominator: agency.0 + employed.0,
        numerator_staff: agency.1.clone(),
        denominator_staff: agency.1.iter().chain(&employed.1).cloned().collect(),
    };
    Census { date, employed, agency, vacancies, leavers, turnover, vacancy, agency_rate }
}

/// The employed children's social work spells of `s` that ended in (from, to]:
/// each one's FTE and its team on the last day.
fn spells_left(s: &Staff, from: NaiveDate, to: NaiveDate) -> Vec<(f32, Option<&TeamId>)> {
    let current = s.left.map(|left| (s.role, s.agency, s.fte, left, s.team_on(left)));
    s.earlier
        .iter()
        .map(|e| (e.role, e.agency, e.fte, e.left, e.team.as_ref()))
        .chain(current)
        .filter(|(role, agency, _, left, _)| childrens_social_worker(*role) && !agency && *left > from && *left <= to)
        .map(|(_, _, fte, _, team)| (fte, team))
        .collect()
}

#[cfg(test)]
mod tests;
