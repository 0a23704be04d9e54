//! The panels' annual figures (the panel chairs' reports): sittings held, cases heard and what
//! the panel recommended, the quality grades it gave the reports (percentages that sum to 100),
//! the agency decision maker's decisions and whether they came within the timescale, and the
//! actions set and where they stood at the year's end. Every count keeps the cases or actions
//! behind it.

use super::sitting::{ActionStatus, CaseRef, Grade, Recommendation, Sitting, SittingId};
use crate::Calendar;
use crate::annual::{Check, Figure, Year, shares};
use crate::fostering::Config;
use crate::ids::ItemNo;
use crate::journey::Panel;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelYear {
    pub year: Year,
    pub panel: Panel,
    pub held: Figure<SittingId>,
    pub cancelled: Figure<SittingId>,
    pub heard: Figure<CaseRef>,
    /// The panel's recommendations by kind (kinds with none left out), with whole percentages
    /// of the cases heard that sum to 100.
    pub outcomes: Vec<(Recommendation, Figure<CaseRef>, u32)>,
    /// The reports graded, by grade, with their percentages of those graded.
    pub grades: Vec<(Grade, Figure<CaseRef>, u32)>,
    pub ungraded: Figure<CaseRef>,
    pub decided: Figure<CaseRef>,
    /// Decided within the timescale after the sitting (seven working days by default).
    pub decided_in_time: Figure<CaseRef>,
    /// Heard in the year and still waiting for the decision at its end.
    pub awaiting: Figure<CaseRef>,
    pub actions_set: Figure<(SittingId, ItemNo)>,
    /// Set in the year and not yet done, or done but not verified, at its end.
    pub actions_open: Figure<(SittingId, ItemNo)>,
    pub actions_overdue: Figure<(SittingId, ItemNo)>,
}

pub fn figures(sittings: &[Sitting], panel: Panel, year: Year, cal: &Calendar, cfg: &Config) -> PanelYear {
    let ours: Vec<&Sitting> = sittings.iter().filter(|s| s.panel == panel && year.contains(s.date)).collect();
    let ids = |keep: &dyn Fn(&Sitting) -> bool| ours.iter().filter(|s| keep(s)).map(|s| s.id.clone()).collect();
    let held: Vec<&Sitting> = ours.iter().copied().filter(|s| s.held() || s.is_legacy()).collect();
    let cases = || held.iter().flat_map(|s| s.heard().map(move |c| (*s, c)));
    let refs = |keep: &dyn Fn(&Sitting, &super::Case) -> bool| -> Vec<CaseRef> {
        cases().filter(|(s, c)| keep(s, c)).map(|(s, c)| s.case_ref(c.no)).collect()
    };
    let recommendation = |c: &super::Case| c.heard.as_ref().map(|h| h.recommendation);
    let grade = |c: &super::Case| c.heard.as_ref().and_then(|h| h.quality);

    let by_kind = |kinds: &[Recommendation]| -> Vec<(Recommendation, Vec<CaseRef>)> {
        kinds.iter().map(|k| (*k, refs(&|_, c| recommendation(c) == Some(*k)))).filter(|(_, v)| !v.is_empty()).collect()
    };
    let with_shares = |rows: Vec<(Recommendation, Vec<CaseRef>)>, label| {
        let pct = shares(&rows.iter().map(|(_, v)| v.len()).collect::<Vec<_>>());
        rows.into_iter().zip(pct).map(|((k, v), p)| (k, Figure::new(label, v), p)).collect::<Vec<_>>()
    };
    let outcomes = with_shares(by_kind(Recommendation::ALL), "Cases with this recommendation");
    let graded: Vec<(Grade, Vec<CaseRef>)> =
        Grade::ALL.iter().map(|g| (*g, refs(&|_, c| grade(c) == Some(*g)))).filter(|(_, v)| !v.is_empty()).collect();
    let grade_pct = shares(&graded.iter().map(|(_, v)| v.len()).collect::<Vec<_>>());
    let grades = graded.into_iter().zip(grade_pct).map(|((g, v), p)| (g, Figure::new("Reports so graded", v), p)).collect();

    let in_time = |s: &Sitting, c: &super::Case| {
        c.decided.as_ref().is_some_and(|d| d.date <= cfg.panels.adm_decision.after(cal, s.date))
    };
    let actions = || held.iter().flat_map(|s| s.actions.iter().map(move |a| (*s, a)));
    let open_at_end = |a: &super::Action| match &a.status {
        ActionStatus::Open => true,
        ActionStatus::Done { date, .. } => *date > year.to,
        ActionStatus::Verified { done, .. } => *done > year.to,
    };
    let action_ids = |keep: &dyn Fn(&super::Action) -> bool| -> Vec<(SittingId, ItemNo)> {
        actions().filter(|(_, a)| keep(a)).map(|(s, a)| (s.id.clone(), a.no)).collect()
    };
    PanelYear {
        year,
        panel,
        held: Figure::new("Sittings held", held.iter().map(|s| s.id.clone()).collect()),
        cancelled: Figure::new("Sittings cancelled", ids(&|s| s.cancelled.is_some())),
        heard: Figure::new("Cases heard", refs(&|_, _| true)),
        outcomes,
        grades,
        ungraded: Figure::new("Reports not graded", refs(&|_, c| grade(c).is_none())),
        decided: Figure::new("Agency decisions", refs(&|_, c| c.decided.is_some())),
        decided_in_time: Figure::new("Agency decisions within the timescale", refs(&in_time)),
        awaiting: Figure::new("Waiting for the agency decision", refs(&|_, c| c.awaits_decision())),
        actions_set: Figure::new("Actions set", action_ids(&|_| true)),
        actions_open: Figure::new("Actions open at the year's end", action_ids(&open_at_end)),
        actions_overdue: Figure::new("Actions overdue at the year's end", action_ids(&|a| open_at_end(a) && a.due < year.to)),
    }
}

impl PanelYear {
    pub fn checks(&self) -> Vec<Check> {
        let outcome_total: usize = self.outcomes.iter().map(|(_, f, _)| f.count()).sum();
        let graded: usize = self.grades.iter().map(|(_, f, _)| f.count()).sum();
        let pct = |v: &[u32]| v.iter().sum::<u32>();
        let outcome_pct: Vec<u32> = self.outcomes.iter().map(|r| r.2).collect();
        let grade_pct: Vec<u32> = self.grades.iter().map(|r| r.2).collect();
        vec![
            Check::new(
                "the recommendations add up to the cases heard",
                outcome_total == self.heard.count(),
                format!("{outcome_total} recommendations, {} cases heard", self.heard.count()),
            ),
            Check::new(
                "the graded and ungraded reports add up to the cases heard",
                graded + self.ungraded.count() == self.heard.count(),
                format!("{graded} + {} = {}", self.ungraded.count(), self.heard.count()),
            ),
            Check::new(
                "the recommendations' percentages sum to 100",
                outcome_pct.is_empty() || pct(&outcome_pct) == 100,
                format!("{}%", pct(&outcome_pct)),
            ),
            Check::new(
                "the grades' percentages sum to 100",
                grade_pct.is_empty() || pct(&grade_pct) == 100,
                format!("{}%", pct(&grade_pct)),
            ),
        ]
    }
}

#[cfg(test)]
mod tests;
