//! The adoption service's annual figures about prospective adopters, each defined once:
//! - **the funnel as a cohort**: the year's enquiries, each followed as far as it had got by the
//!   year's end (enquiry → initial visit → registration of interest → stage 1 → stage 2 →
//!   approved); fast-tracked applicants (second-time adopters, approved foster carers) may skip
//!   the visit, registration and stage 1 by design and count as past them;
//! - **the year's activity**: each step dated in the year, whenever its enquiry came;
//! - **timeliness**: of the applications decided in the year, the days in assessment (stage 1 and
//!   stage 2, the breaks between them left out) and how many were within the target (six months
//!   by default), with the households behind each;
//! - **approved households**: at the start + approvals in the year − approvals ended = at the end.

use super::record::{AdopterApplication, AdopterRecord, Outcome};
use crate::Calendar;
use crate::annual::{Check, Figure, Funnel, Year};
use crate::fostering::Config;
use crate::people::HouseholdId;
use serde::Serialize;

pub const STAGES: [&str; 6] =
    ["Enquiries", "Initial visits", "Registrations of interest", "Stage 1 started", "Stage 2 started", "Approved"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptersYear {
    pub year: Year,
    pub cohort: Funnel<HouseholdId>,
    pub activity: Vec<Figure<HouseholdId>>,
    pub timeliness: Timeliness,
    pub at_start: Figure<HouseholdId>,
    pub approved: Figure<HouseholdId>,
    pub ended: Figure<HouseholdId>,
    pub at_end: Figure<HouseholdId>,
}

/// The assessments decided in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeliness {
    pub decided: Figure<HouseholdId>,
    pub within_target: Figure<HouseholdId>,
    /// Days in assessment, one per decision, in the order of `decided`.
    pub days: Vec<i64>,
}

impl Timeliness {
    /// The mean days in assessment, where any were decided.
    pub fn mean_days(&self) -> Option<f64> {
        (!self.days.is_empty()).then(|| self.days.iter().sum::<i64>() as f64 / self.days.len() as f64)
    }
}

fn decided_on(a: &AdopterApplication) -> Option<chrono::NaiveDate> {
    match a.outcome {
        Some(Outcome::Approved { date } | Outcome::NotSuitable { date }) => Some(date),
        _ => None,
    }
}

pub fn figures(records: &[AdopterRecord], year: Year, cal: &Calendar, cfg: &Config) -> AdoptersYear {
    let applications: Vec<(&HouseholdId, &AdopterApplication)> =
        records.iter().flat_map(|r| r.applications.iter().map(move |a| (&r.id, a))).collect();
    let cohort_members: Vec<_> = applications.iter().filter(|(_, a)| year.contains(a.enquired)).copied().collect();
    let cohort = Funnel::cohort(&STAGES, &cohort_members, |(h, _)| (*h).clone(), |(_, a)| {
        let by = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d <= year.to);
        let skipped = a.fast_track && by(a.stage2.map(|s| s.start));
        vec![
            true,
            skipped || by(a.initial_visit),
            skipped || by(a.registered),
            skipped || by(a.stage1.map(|s| s.start)),
            by(a.stage2.map(|s| s.start)),
            by(match a.outcome {
                Some(Outcome::Approved { date }) => Some(date),
                _ => None,
            }),
        ]
    });
    let dated = |label, when: &dyn Fn(&AdopterApplication) -> Option<chrono::NaiveDate>| {
        Figure::new(
            label,
            applications.iter().filter(|(_, a)| when(a).is_some_and(|d| year.contains(d))).map(|(h, _)| (*h).clone()).collect(),
        )
    };
    let activity = vec![
        dated("Enquiries received", &|a| Some(a.enquired)),
        dated("Initial visits", &|a| a.initial_visit),
        dated("Registrations of interest", &|a| a.registered),
        dated("Stage 1 started", &|a| a.stage1.map(|s| s.start)),
        dated("Stage 2 started", &|a| a.stage2.map(|s| s.start)),
        dated("Approved", &|a| match a.outcome {
            Some(Outcome::Approved { date }) => Some(date),
            _ => None,
        }),
        dated("Found not suitable", &|a| match a.outcome {
            Some(Outcome::NotSuitable { date }) => Some(date),
            _ => None,
        }),
        dated("Withdrew", &|a| match a.outcome {
            Some(Outcome::Withdrew { date, .. }) => Some(date),
            _ => None,
        }),
    ];
    let mut timeliness = Timeliness {
        decided: Figure::new("Assessments decided", vec![]),
        within_target: Figure::new("Within the target", vec![]),
        days: vec![],
    };
    for (h, a) in &applications {
        let (Some(decided), Some(days)) = (decided_on(a), a.assessment_days()) else { continue };
        if !year.contains(decided) {
            continue;
        }
        let start = a.stage1.or(a.stage2).map_or(decided, |s| s.start);
        let allowed = (cfg.adopters.assessment_target.after(cal, start) - start).num_days();
        timeliness.decided.members.push((*h).clone());
        timeliness.days.push(days);
        if days <= allowed {
            timeliness.within_target.members.push((*h).clone());
        }
    }
    let approvals = || records.iter().flat_map(|r| r.approvals.iter().map(move |a| (&r.id, a)));
    let pick = |label, keep: &dyn Fn(&super::AdopterApproval) -> bool| {
        Figure::new(label, approvals().filter(|(_, a)| keep(a)).map(|(h, _)| h.clone()).collect())
    };
    AdoptersYear {
        year,
        cohort,
        activity,
        timeliness,
        at_start: pick("Approved adopters at the start of the year", &|a| a.in_force(year.eve())),
        approved: pick("Approvals in the year", &|a| year.contains(a.from)),
        ended: pick("Approvals ended in the year", &|a| a.ended.is_some_and(|(d, _)| year.contains(d))),
        at_end: pick("Approved adopters at the end of the year", &|a| a.in_force(year.to)),
    }
}

impl AdoptersYear {
    pub fn checks(&self) -> Vec<Check> {
        let (s, a, e, end) = (self.at_start.count(), self.approved.count(), self.ended.count(), self.at_end.count());
        let counts: Vec<String> = self.cohort.stages.iter().map(|f| f.count().to_string()).collect();
        vec![
            Check::new(
                "approved adopters at the start + approvals − approvals ended = at the end",
                s + a == end + e,
                format!("{s} + {a} − {e} = {} (counted at the end: {end})", (s + a) as i64 - e as i64),
            ),
            Check::new("the cohort funnel never grows from one stage to the next", self.cohort.monotone(), counts.join(" → ")),
        ]
    }
}

#[cfg(test)]
mod tests;
