//! A valid example of every kind of [`PanelEvent`] recorded through a form, with what is
//! recorded on the sitting before it. Submitted through every route by the web's tests; `setup`
//! matches every variant, so no kind is left without an example.

use super::sitting::{ActionSource, Business, Grade, PanelEvent, Recommendation};
use crate::fostering::examples::{child, household, sitting};
use crate::ids::WorkerId;
use crate::journey::Panel;
use chrono::NaiveDate;

/// One kind's example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Recorded on the sitting first (empty when the event starts it).
    pub setup: Vec<PanelEvent>,
    pub event: PanelEvent,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("an example date")
}

/// A sitting of the fostering panel held on 2025-12-10 that recommended approving household
/// `H000001` (its case 1), up to and including the recommendation when `heard`.
fn held(heard: bool) -> Vec<PanelEvent> {
    let mut s = sitting(Business::FosteringApproval, 1, Recommendation::Approve, None);
    if !heard {
        s.pop();
    }
    s
}

fn scheduled() -> PanelEvent {
    PanelEvent::Scheduled { panel: Panel::Fostering, date: d("2026-04-20") }
}

fn action(owner: &WorkerId) -> PanelEvent {
    PanelEvent::ActionSet {
        action: 1,
        case: Some(1),
        from: ActionSource::Panel,
        what: "Update the safer caring plan".into(),
        owner: owner.clone(),
        due: d("2026-04-30"),
    }
}

/// What is recorded on the sitting before `e`.
fn setup(e: &PanelEvent, owner: &WorkerId) -> Vec<PanelEvent> {
    use PanelEvent::*;
    let done = ActionDone { action: 1, date: d("2026-01-10"), note: "Plan updated and shared".into() };
    match e {
        Scheduled { .. } => vec![],
        Rescheduled { .. } | Cancelled { .. } | CaseListed { .. } => vec![scheduled()],
        CaseWithdrawn { .. } => vec![
            scheduled(),
            CaseListed { case: 1, business: Business::FosteringApproval, household: Some(household()), child: None, about: Some(1) },
        ],
        CaseHeard { .. } => held(false),
        // A decision the sitting's own form records (an approval is recorded on the household's).
        AdmDecided { .. } => sitting(Business::TemporaryApprovalExtension, 1, Recommendation::Extend, Some(child())),
        ActionSet { .. } => held(true),
        ActionDone { .. } => [held(true), vec![action(owner)]].concat(),
        ActionVerified { .. } | ActionReopened { .. } => [held(true), vec![action(owner), done]].concat(),
        Held { .. } | LegacyDecision { .. } => unreachable!("not recorded through a form"),
    }
}

/// Every kind's example (the attendance and moved decisions are not recorded through forms).
pub fn examples(owner: &WorkerId) -> Vec<Example> {
    use PanelEvent::*;
    let events = vec![
        Scheduled { panel: Panel::Fostering, date: d("2026-04-10") },
        Rescheduled { date: d("2026-04-27"), reason: "The chair is unwell".into() },
        Cancelled { reason: "Not enough members could attend".into() },
        CaseListed { case: 1, business: Business::FosteringApproval, household: Some(household()), child: None, about: Some(1) },
        CaseWithdrawn { case: 1, reason: "The assessment is not finished".into() },
        CaseHeard { case: 1, recommendation: Recommendation::Approve, reasons: "A thorough assessment".into(), quality: Some(Grade::Good), unanimous: Some(true) },
        AdmDecided { case: 1, date: d("2025-12-16"), decision: Recommendation::DoNotExtend, reasons: "A full approval is due first".into() },
        action(owner),
        ActionDone { action: 1, date: d("2026-01-10"), note: "Plan updated and shared".into() },
        ActionVerified { action: 1, date: d("2026-01-12") },
        ActionReopened { action: 1, date: d("2026-01-15"), reason: "The plan was not shared with the school".into() },
    ];
    events
        .into_iter()
        .map(|event| {
            let setup = setup(&event, owner);
            Example { setup, event }
        })
        .collect()
}
