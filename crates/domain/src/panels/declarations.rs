//! One declaration per kind of [`PanelEvent`] recorded through a form: the panel adviser or chair
//! schedules, lists and records what was heard (`panel.record`); the agency decision maker
//! decides (`panel.decide`); whoever owns an action says it is done (`task.record`). The
//! attendance (`held`) is a list of people, recorded on its own page; a legacy decision is only
//! ever written by the move of free-text decisions.

use super::sitting::*;
use crate::form::*;
use crate::journey::Panel;

type I = Items<Sitting>;

/// The agency decision maker's reasons, asked on every form that records their decision (the
/// household's, the sitting's): the applicants and carers are told them with the decision.
pub const fn adm_reasons<P>() -> Field<P> {
    long_text("reasons", "The agency decision maker's reasons", MAX_TEXT)
        .hint("What the decision rests on, as the applicants or carers will be told it")
}
type D = Declaration<PanelEvent>;

impl Declared for PanelEvent {
    type Record = Sitting;

    fn declarations() -> &'static [&'static D] {
        ALL
    }

    /// A sitting before it is scheduled: its panel and date are the schedule's to say.
    fn blank(id: &str) -> Option<Sitting> {
        let id = SittingId::new(id).ok()?;
        let (panel, date) = (Panel::Fostering, crate::journey::EARLIEST_DATE);
        Some(Sitting { id, panel, date, cancelled: None, attendees: vec![], quorum: None, cases: vec![], actions: vec![] })
    }

    fn declaration(&self) -> Option<&'static D> {
        use PanelEvent::*;
        Some(match self {
            Scheduled { .. } => &SCHEDULED,
            Rescheduled { .. } => &RESCHEDULED,
            Cancelled { .. } => &CANCELLED,
            CaseListed { .. } => &LISTED,
            CaseWithdrawn { .. } => &WITHDRAWN,
            CaseHeard { .. } => &HEARD,
            AdmDecided { .. } => &DECIDED,
            ActionSet { .. } => &ACTION,
            ActionDone { .. } => &DONE,
            ActionVerified { .. } => &VERIFIED,
            ActionReopened { .. } => &REOPENED,
            Held { .. } | LegacyDecision { .. } => return None,
        })
    }
}

static ALL: &[&D] = &[&SCHEDULED, &RESCHEDULED, &CANCELLED, &LISTED, &WITHDRAWN, &HEARD, &DECIDED, &ACTION, &DONE, &VERIFIED, &REOPENED];

const AGENDA: &str = "Agenda";
const SITTING: &str = "The sitting";
const ACTIONS: &str = "Recommendations and actions";
const RECORD: &str = "panel.record";

fn cases(s: &Sitting, keep: fn(&Case) -> bool) -> Vec<(String, String)> {
    s.cases
        .iter()
        .filter(|c| keep(c))
        .map(|c| {
            let who: Vec<String> = c.household.iter().map(|h| h.to_string()).chain(c.child.iter().map(|c| c.to_string())).collect();
            (c.no.to_string(), format!("{}, {}", c.business.label().to_lowercase(), who.join(" and ")))
        })
        .collect()
}

static TO_HEAR: I = Items { noun: "case", list: |s| cases(s, |c| c.heard.is_none() && c.withdrawn.is_none()), dated: false, new: None };
/// Cases whose decision is the sitting's alone: one recorded on a household's record is made
/// there, with the sitting's entry written beside it ([`Business::recorded_on`]).
static TO_DECIDE: I =
    Items { noun: "case", list: |s| cases(s, |c| c.awaits_decision() && c.business.decided_at_the_sitting()), dated: false, new: None };
static ANY_CASE: I = Items { noun: "case", list: |s| cases(s, |c| c.withdrawn.is_none()), dated: false, new: None };

fn actions(s: &Sitting, keep: fn(&ActionStatus) -> bool) -> Vec<(String, String)> {
    s.actions.iter().filter(|a| keep(&a.status)).map(|a| (a.no.to_string(), format!("{} (due {})", a.what, a.due))).collect()
}

static OPEN_ACTIONS: I = Items { noun: "action", list: |s| actions(s, |x| *x == ActionStatus::Open), dated: false, new: None };
static DONE_ACTIONS: I = Items { noun: "action", list: |s| actions(s, |x| matches!(x, ActionStatus::Done { .. })), dated: false, new: None };
static CLOSED_ACTIONS: I = Items { noun: "action", list: |s| actions(s, |x| *x != ActionStatus::Open), dated: false, new: None };

static SCHEDULED: D = D::new(
    "scheduled",
    "schedule",
    "Schedule a sitting",
    SITTING,
    RECORD,
    &[choice("panel", "Panel", &Panel::CHOICES), future_date("date", "On")],
    |s| format!("{} scheduled for {}", &s["panel"], &s["date"]),
);
static RESCHEDULED: D = D::new(
    "rescheduled",
    "reschedule",
    "Move the sitting",
    SITTING,
    RECORD,
    &[future_date("date", "To"), text("reason", "Why", MAX_TEXT)],
    |s| format!("Sitting moved to {}", &s["date"]),
);
static CANCELLED: D = D::new("cancelled", "cancel", "Cancel the sitting", SITTING, RECORD, &[text("reason", "Why", MAX_TEXT)], |s| {
    format!("Sitting cancelled: {}", &s["reason"])
});
static LISTED: D = D::new(
    "case_listed",
    "list",
    "List a case",
    AGENDA,
    RECORD,
    &[
        new_number("case", "Case", |s| next_number(s.cases.iter().map(|c| c.no))),
        choice("business", "Business", &Business::CHOICES),
        id("household", "Household", Subject::Household).optional().hint("The household's ID, e.g. H000012"),
        id("child", "Child", Subject::Child).optional().hint("The child's ID, e.g. C0001234"),
        number("about", "The household's application or review number", 1, 1000).optional(),
    ],
    |s| {
        let who: Vec<&str> = [&s["household"], &s["child"]].into_iter().filter(|x| !x.is_empty()).collect();
        format!("Listed for the panel: {} ({})", &s["business"], who.join(", "))
    },
);
static WITHDRAWN: D = D::new(
    "case_withdrawn",
    "withdraw",
    "Take a case off the agenda",
    AGENDA,
    RECORD,
    &[item("case", "Case", &TO_HEAR), text("reason", "Why", MAX_TEXT)],
    |s| format!("Case {} taken off the agenda: {}", s.raw("case"), &s["reason"]),
);
static HEARD: D = D::new(
    "case_heard",
    "hear",
    "The panel's recommendation",
    AGENDA,
    RECORD,
    &[
        item("case", "Case", &TO_HEAR),
        choice("recommendation", "Recommendation", &Recommendation::CHOICES),
        long_text("reasons", "Reasons", MAX_TEXT),
        choice("quality", "Quality of the main report", &Grade::CHOICES).optional(),
        yes_no("unanimous", "Unanimous"),
    ],
    |s| format!("Panel recommendation on case {}: {}", s.raw("case"), &s["recommendation"]),
);
static DECIDED: D = D::new(
    "adm_decided",
    "decide",
    "Agency decision",
    AGENDA,
    "panel.decide",
    &[
        item("case", "Case", &TO_DECIDE),
        date("date", "Decided on"),
        choice("decision", "Decision", &Recommendation::CHOICES),
        adm_reasons(),
    ],
    |s| format!("Agency decision on case {}: {}", s.raw("case"), &s["decision"]),
);
static ACTION: D = D::new(
    "action_set",
    "action",
    "A recommendation or action for the service",
    ACTIONS,
    "panel.action",
    &[
        new_number("action", "Action", |s| next_number(s.actions.iter().map(|a| a.no))),
        item("case", "Case", &ANY_CASE).optional(),
        choice("from", "From", &ActionSource::CHOICES),
        long_text("what", "What is to be done", MAX_TEXT),
        staff("owner", "Who", ""),
        future_date("due", "By"),
    ],
    |s| format!("Action for {}: {} (by {})", &s["owner"], &s["what"], &s["due"]),
);
static DONE: D = D::new(
    "action_done",
    "action-done",
    "Action done",
    ACTIONS,
    "task.record",
    &[item("action", "Action", &OPEN_ACTIONS), date("date", "Done on"), long_text("note", "What was done", MAX_TEXT)],
    |s| format!("Action {} done: {}", s.raw("action"), &s["note"]),
);
static VERIFIED: D = D::new(
    "action_verified",
    "action-verified",
    "Action checked as done",
    ACTIONS,
    "panel.action",
    &[item("action", "Action", &DONE_ACTIONS), date("date", "Checked on")],
    |s| format!("Action {} checked as done", s.raw("action")),
);
static REOPENED: D = D::new(
    "action_reopened",
    "action-reopen",
    "Action reopened",
    ACTIONS,
    "panel.action",
    &[item("action", "Action", &CLOSED_ACTIONS), date("date", "On"), text("reason", "Why", MAX_TEXT)],
    |s| format!("Action {} reopened: {}", s.raw("action"), &s["reason"]),
);
