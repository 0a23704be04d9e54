//! The fostering service's annual figures from carer households' records, each defined once so
//! that two tables of the report cannot disagree:
//! - **the funnel as a cohort**: the applications (not connected persons') whose enquiry fell in
//!   the year, each followed to wherever it had got by the year's end, so the figure is the same
//!   whenever it is computed (enquiry → initial visit → progressed to
//!   assessment → stage 1 → stage 2 → approved); conversion is named by its two stages;
//! - **the year's activity**: each step dated in the year, whenever its enquiry came (a different
//!   question, labelled as such, and never divided by the cohort);
//! - **households**: approved at the start (the day before the year) + approvals in the year −
//!   approvals ended in the year = approved at the end, with approvals split into new ones,
//!   transfers in and those recorded from before carefile; at most one approval of a household is
//!   in force at a time, so households and approvals count alike;
//! - **connected persons**: viability assessments and full assessments in the year, with their
//!   outcomes.

use super::record::{Began, CarerRecord, Outcome};
use super::terms::{CarerType, EndReason};
use crate::annual::{Check, Figure, Funnel, Year};
use crate::people::HouseholdId;
use serde::Serialize;

/// The cohort funnel's stages, in order.
pub const STAGES: [&str; 6] =
    ["Enquiries", "Initial visits", "Progressed to assessment", "Stage 1 started", "Stage 2 started", "Approved"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FosteringYear {
    pub year: Year,
    pub cohort: Funnel<HouseholdId>,
    /// Of the cohort, those still in progress at the year's end.
    pub in_progress: Figure<HouseholdId>,
    pub activity: Vec<Figure<HouseholdId>>,
    pub households: Households,
    pub connected: Vec<Figure<HouseholdId>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Households {
    pub at_start: Figure<HouseholdId>,
    pub approved: Figure<HouseholdId>,
    pub transferred_in: Figure<HouseholdId>,
    /// Approvals from before carefile kept the record, dated in the year.
    pub recorded: Figure<HouseholdId>,
    /// Approvals ended in the year, by reason (reasons with none left out).
    pub ended: Vec<(EndReason, Figure<HouseholdId>)>,
    pub at_end: Figure<HouseholdId>,
}

impl Households {
    pub fn ended_total(&self) -> usize {
        self.ended.iter().map(|(_, f)| f.count()).sum()
    }
}

pub fn figures(records: &[CarerRecord], year: Year) -> FosteringYear {
    let applications: Vec<(&HouseholdId, &super::Application)> =
        records.iter().flat_map(|r| r.applications.iter().map(move |a| (&r.id, a))).collect();
    let mainstream: Vec<_> = applications
        .iter()
        .filter(|(_, a)| a.route != CarerType::ConnectedPerson && year.contains(a.enquired))
        .copied()
        .collect();
    let cohort = Funnel::cohort(
        &STAGES,
        &mainstream,
        |(h, _)| (*h).clone(),
        |(_, a)| {
            let by = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d <= year.to);
            vec![
                true,
                by(a.initial_visit),
                by(a.progress.filter(|p| p.1).map(|p| p.0)),
                by(a.stage1.map(|s| s.start)),
                by(a.stage2.map(|s| s.start)),
                by(match a.outcome {
                    Some(Outcome::Approved { date }) => Some(date),
                    _ => None,
                }),
            ]
        },
    );
    let open_at_end = |a: &super::Application| a.outcome.as_ref().is_none_or(|o| o.date() > year.to);
    let in_progress =
        Figure::new("Still in progress at the year's end", mainstream.iter().filter(|(_, a)| open_at_end(a)).map(|(h, _)| (*h).clone()).collect());
    let dated = |label, when: &dyn Fn(&super::Application) -> Option<chrono::NaiveDate>| {
        let members = mainstream_all(&applications)
            .filter(|(_, a)| when(a).is_some_and(|d| year.contains(d)))
            .map(|(h, _)| h.clone())
            .collect();
        Figure::new(label, members)
    };
    let activity = vec![
        dated("Enquiries received", &|a| Some(a.enquired)),
        dated("Initial visits", &|a| a.initial_visit),
        dated("Decisions to progress to assessment", &|a| a.progress.filter(|p| p.1).map(|p| p.0)),
        dated("Stage 1 assessments started", &|a| a.stage1.map(|s| s.start)),
        dated("Stage 2 assessments started", &|a| a.stage2.map(|s| s.start)),
        dated("Applications closed before a decision", &|a| match a.outcome {
            Some(Outcome::Closed { date, .. }) => Some(date),
            _ => None,
        }),
    ];
    let connected_dated = |label, when: &dyn Fn(&super::Application) -> Option<chrono::NaiveDate>| {
        let members = applications
            .iter()
            .filter(|(_, a)| a.route == CarerType::ConnectedPerson && when(a).is_some_and(|d| year.contains(d)))
            .map(|(h, _)| (*h).clone())
            .collect();
        Figure::new(label, members)
    };
    let connected = vec![
        connected_dated("Viability assessments", &|a| a.viability.map(|v| v.0)),
        connected_dated("Positive viability assessments", &|a| a.viability.filter(|v| v.1).map(|v| v.0)),
        connected_dated("Full assessments completed", &|a| a.full_assessment.and_then(|s| s.end)),
        connected_dated("Approved as connected persons", &|a| match a.outcome {
            Some(Outcome::Approved { date }) => Some(date),
            _ => None,
        }),
        connected_dated("Not approved", &|a| match a.outcome {
            Some(Outcome::NotApproved { date }) => Some(date),
            _ => None,
        }),
    ];
    FosteringYear { year, cohort, in_progress, activity, households: households(records, year), connected }
}

fn mainstream_all<'a>(
    applications: &'a [(&'a HouseholdId, &'a super::Application)],
) -> impl Iterator<Item = (&'a HouseholdId, &'a super::Application)> + 'a {
    applications.iter().copied().filter(|(_, a)| a.route != CarerType::ConnectedPerson)
}

fn households(records: &[CarerRecord], year: Year) -> Households {
    let approvals = || records.iter().flat_map(|r| r.approvals.iter().map(move |a| (&r.id, a)));
    let pick = |label, keep: &dyn Fn(&super::Approval) -> bool| {
        Figure::new(label, approvals().filter(|(_, a)| keep(a)).map(|(h, _)| h.clone()).collect())
    };
    let began_in_year = |a: &super::Approval| year.contains(a.from);
    let ended = EndReason::ALL
        .iter()
        .map(|reason| {
            let f = pick("Approvals ended", &|a| a.ended.is_some_and(|(d, r)| r == *reason && year.contains(d)));
            (*reason, f)
        })
        .filter(|(_, f)| f.count() > 0)
        .collect();
    Households {
        at_start: pick("Approved households at the start of the year", &|a| a.in_force(year.eve())),
        approved: pick("New approvals", &|a| began_in_year(a) && matches!(a.began, Began::Application { .. })),
        transferred_in: pick("Transferred in", &|a| began_in_year(a) && matches!(a.began, Began::TransferredIn { .. })),
        recorded: pick("Approved before carefile kept the record", &|a| began_in_year(a) && matches!(a.began, Began::Existing)),
        ended,
        at_end: pick("Approved households at the end of the year", &|a| a.in_force(year.to)),
    }
}

impl FosteringYear {
    /// What must hold between the report's figures.
    pub fn checks(&self) -> Vec<Check> {
        let h = &self.households;
        let joined = h.approved.count() + h.transferred_in.count() + h.recorded.count();
        let (start, ended, end) = (h.at_start.count(), h.ended_total(), h.at_end.count());
        let counts: Vec<usize> = self.cohort.stages.iter().map(Figure::count).collect();
        vec![
            Check::new(
                "households at the start + approvals − approvals ended = households at the end",
                start + joined == end + ended,
                format!("{start} + {joined} − {ended} = {} (counted at the end: {end})", (start + joined) as i64 - ended as i64),
            ),
            Check::new(
                "the cohort funnel never grows from one stage to the next",
                self.cohort.monotone(),
                counts.iter().map(ToString::to_string).collect::<Vec<_>>().join(" → "),
            ),
        ]
    }
}

#[cfg(test)]
mod tests;
