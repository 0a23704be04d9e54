//! Plans as documents: a child protection, child in need, care or pathway
//! plan with its needs, the outcomes wanted, and the actions (what, who, by
//! when) that get there. A plan is drafted, signed off by a manager who did not
//! write it, reviewed at each review (each review agreeing a new version), its
//! actions marked done or not as they go, and ended. One subject per plan on
//! the `plan` stream, about the child.

use crate::ChildId;
use crate::ids::{ItemNo, TeamId, WorkerId};
use crate::people::PersonRef;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::numbered_id!(
    /// A plan: `PL` and digits.
    PlanId, "PL", "plan ID"
);

crate::code_list! {
    /// Which plan.
    pub enum PlanKind ("plan type") {
        ChildProtection = "child_protection": "Child protection plan",
        ChildInNeed = "child_in_need": "Child in need plan",
        Care = "care": "Care plan",
        Pathway = "pathway": "Pathway plan",
    }
}

crate::code_list! {
    /// The meeting that reviewed a plan.
    pub enum ReviewKind ("review") {
        CpReview = "cp_review": "Child protection review conference",
        CinReview = "cin_review": "Child in need review",
        LacReview = "lac_review": "Looked-after review",
        PathwayReview = "pathway_review": "Pathway plan review",
        Other = "other": "Other review",
    }
}

/// Who does an action: a member of staff (it goes on their tray), someone on
/// record (a parent), or anyone else as written ("the school").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionOwner {
    Worker(WorkerId),
    Person(PersonRef),
    Other(String),
}

/// An assessed need the plan answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub no: ItemNo,
    pub text: String,
}

/// What will be different when the need is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub no: ItemNo,
    /// The need it answers.
    pub need: ItemNo,
    pub text: String,
}

/// Who does what, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub no: ItemNo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ItemNo>,
    pub what: String,
    pub who: ActionOwner,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<NaiveDate>,
}

/// What a version of a plan says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PlanContent {
    /// Why there is a plan, in a few sentences.
    pub summary: String,
    pub needs: Vec<Need>,
    pub outcomes: Vec<Outcome>,
    pub actions: Vec<Action>,
    /// What happens if the plan does not work.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contingency: String,
    /// The child's wishes and feelings about the plan.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub child_views: String,
}

/// Longest summary or text, and most items of each kind in one plan.
pub const MAX_TEXT: usize = 10_000;
pub const MAX_ITEMS: usize = 100;

fn text(what: &str, value: &str, required: bool) -> Result<(), String> {
    if required && value.trim().is_empty() {
        return Err(format!("{what} is needed"));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(format!("{what} is at most {MAX_TEXT} characters"));
    }
    Ok(())
}

fn unique(what: &str, nos: impl Iterator<Item = ItemNo>) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for n in nos {
        if !seen.insert(n) {
            return Err(format!("{what} {n} is given twice"));
        }
    }
    if seen.len() > MAX_ITEMS {
        return Err(format!("a plan has at most {MAX_ITEMS} {what}s"));
    }
    Ok(())
}

impl PlanContent {
    fn check(&self) -> Result<(), String> {
        text("a summary", &self.summary, true)?;
        text("the contingency", &self.contingency, false)?;
        text("the child's views", &self.child_views, false)?;
        unique("need", self.needs.iter().map(|n| n.no))?;
        unique("outcome", self.outcomes.iter().map(|o| o.no))?;
        unique("action", self.actions.iter().map(|a| a.no))?;
        for n in &self.needs {
            text(&format!("need {}", n.no), &n.text, true)?;
        }
        for o in &self.outcomes {
            text(&format!("outcome {}", o.no), &o.text, true)?;
            if !self.needs.iter().any(|n| n.no == o.need) {
                return Err(format!("outcome {} answers need {}, which the plan does not have", o.no, o.need));
            }
        }
        for a in &self.actions {
            text(&format!("action {}", a.no), &a.what, true)?;
            if let Some(o) = a.outcome
                && !self.outcomes.iter().any(|x| x.no == o)
            {
                return Err(format!("action {} serves outcome {o}, which the plan does not have", a.no));
            }
            if let ActionOwner::Other(who) = &a.who
                && (who.trim().is_empty() || who.chars().count() > 200)
            {
                return Err(format!("action {} needs someone to do it", a.no));
            }
        }
        Ok(())
    }
}

/// Where an action stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ActionStatus {
    Done {
        date: NaiveDate,
        note: String,
    },
    /// Not done, and why (it stays on the plan, overdue, until the next review changes it).
    NotDone {
        reason: String,
    },
}

/// A fact about a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlanEvent {
    Drafted {
        child: ChildId,
        kind: PlanKind,
        content: PlanContent,
    },
    /// A new draft before sign-off (after it, changes come with a review).
    Revised {
        content: PlanContent,
    },
    /// Sent to a manager of `team` to sign off.
    Submitted {
        team: Option<TeamId>,
    },
    SignedOff,
    /// Sent back with the manager's reasons.
    Returned {
        reason: String,
    },
    /// A review agreed the plan, changed where `content` is given.
    Reviewed {
        date: NaiveDate,
        review: ReviewKind,
        summary: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<PlanContent>,
    },
    ActionUpdated {
        action: ItemNo,
        status: ActionStatus,
    },
    Ended {
        date: NaiveDate,
        reason: String,
    },
}

impl StreamEvent for PlanEvent {
    fn kind(&self) -> &'static str {
        match self {
            PlanEvent::Drafted { .. } => "drafted",
            PlanEvent::Revised { .. } => "revised",
            PlanEvent::Submitted { .. } => "submitted",
            PlanEvent::SignedOff => "signed_off",
            PlanEvent::Returned { .. } => "returned",
            PlanEvent::Reviewed { .. } => "reviewed",
            PlanEvent::ActionUpdated { .. } => "action_updated",
            PlanEvent::Ended { .. } => "ended",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            PlanEvent::Reviewed { date, .. } | PlanEvent::Ended { date, .. } => Some(*date),
            PlanEvent::ActionUpdated { status: ActionStatus::Done { date, .. }, .. } => Some(*date),
            _ => None,
        }
    }
}

/// Where a plan stands in its sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    Draft,
    Submitted {
        team: Option<TeamId>,
        by: String,
        at: DateTime<Utc>,
    },
    Returned {
        by: String,
        reason: String,
    },
    /// Signed off or agreed at a review: the plan in force.
    InForce,
    Ended {
        date: NaiveDate,
        reason: String,
    },
}

/// One version of a plan, with who made it and how it came into force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub no: u32,
    pub content: PlanContent,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    pub signed_off: Option<(String, DateTime<Utc>)>,
    pub review: Option<(NaiveDate, ReviewKind, String)>,
}

/// A plan as it stands, with every version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: PlanId,
    pub child: ChildId,
    pub kind: PlanKind,
    pub versions: Vec<Version>,
    pub stage: Stage,
    pub actions: BTreeMap<ItemNo, ActionStatus>,
}

impl Plan {
    pub fn current(&self) -> &Version {
        self.versions.last().expect("a plan has its first version")
    }

    /// The version in force: the last signed off or agreed at a review.
    pub fn in_force(&self) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.signed_off.is_some() || v.review.is_some())
    }

    /// The date of its last review (or sign-off).
    pub fn last_agreed(&self) -> Option<NaiveDate> {
        self.in_force().map(|v| v.review.as_ref().map_or(v.written_at.date_naive(), |r| r.0))
    }

    pub fn is_open(&self) -> bool {
        !matches!(self.stage, Stage::Ended { .. })
    }

    /// Actions of the version in force not yet done, with where each stands.
    pub fn open_actions(&self) -> Vec<(&Action, Option<&ActionStatus>)> {
        let Some(v) = self.in_force() else { return Vec::new() };
        v.content
            .actions
            .iter()
            .map(|a| (a, self.actions.get(&a.no)))
            .filter(|(_, s)| !matches!(s, Some(ActionStatus::Done { .. })))
            .collect()
    }

    fn new_version(&mut self, content: PlanContent, at: Stamp) {
        let no = self.versions.len() as u32 + 1;
        self.versions.push(Version {
            no,
            content,
            written_by: at.recorded.by.clone(),
            written_at: at.recorded.at,
            signed_off: None,
            review: None,
        });
    }
}

impl Projection for Plan {
    const STREAM: &'static str = "plan";
    type Id = PlanId;
    type Event = PlanEvent;

    fn start(id: &PlanId, at: Stamp, event: &PlanEvent) -> Result<Self, String> {
        let PlanEvent::Drafted { child, kind, content } = event else {
            return Err("a plan starts as a draft".into());
        };
        content.check()?;
        let mut plan = Plan {
            id: id.clone(),
            child: child.clone(),
            kind: *kind,
            versions: Vec::new(),
            stage: Stage::Draft,
            actions: BTreeMap::new(),
        };
        plan.new_version(content.clone(), at);
        Ok(plan)
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn apply(&mut self, at: Stamp, event: &PlanEvent) -> Result<(), String> {
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
        }
        if let Stage::Ended { date, .. } = &self.stage {
            return Err(format!("the plan ended on {date}"));
        }
        let by = &at.recorded.by;
        let drafting = matches!(self.stage, Stage::Draft | Stage::Returned { .. });
        match event {
            PlanEvent::Drafted { .. } => return Err("the plan is already drafted".into()),
            PlanEvent::Revised { content } => {
                if !drafting {
                    return Err("a plan sent for sign-off or in force changes at a review".into());
                }
                content.check()?;
                if self.in_force().is_none() {
                    // Still the first draft: the same version, rewritten.
                    self.versions.pop();
                }
                self.new_version(content.clone(), at);
                self.stage = Stage::Draft;
            }
            PlanEvent::Submitted { team } => {
                if !drafting {
                    return Err("only a draft is sent for sign-off".into());
                }
                self.stage = Stage::Submitted { team: team.clone(), by: by.clone(), at: at.recorded.at };
            }
            PlanEvent::SignedOff | PlanEvent::Returned { .. } => {
                let Stage::Submitted { .. } = &self.stage else {
                    return Err("the plan is not waiting for sign-off".into());
                };
                if self.current().written_by == *by {
                    return Err(format!(
                        "{by} wrote this version of the plan and cannot sign it off: another manager must (separation of duties)"
                    ));
                }
                if let PlanEvent::Returned { reason } = event {
                    text("a reason", reason, true)?;
                    self.stage = Stage::Returned { by: by.clone(), reason: reason.trim().to_string() };
                } else {
                    let when = at.recorded.at;
                    self.versions.last_mut().expect("a version").signed_off = Some((by.clone(), when));
                    self.stage = Stage::InForce;
                }
            }
            PlanEvent::Reviewed { date, review, summary, content } => {
                text("what the review decided", summary, true)?;
                if self.last_agreed().is_some_and(|d| *date < d) {
                    return Err(format!("{date} is before the plan was last agreed"));
                }
                let agreed = match content {
                    Some(c) => {
                        c.check()?;
                        c.clone()
                    }
                    None => self.in_force().unwrap_or(self.current()).content.clone(),
                };
                self.new_version(agreed, at);
                self.versions.last_mut().expect("a version").review =
                    Some((*date, *review, summary.trim().to_string()));
                self.stage = Stage::InForce;
            }
            PlanEvent::ActionUpdated { action, status } => {
                let v = self.in_force().ok_or("the plan is not in force yet")?;
                if !v.content.actions.iter().any(|a| a.no == *action) {
                    return Err(format!("the plan in force has no action {action}"));
                }
                match status {
                    ActionStatus::Done { note, .. } => text("the note", note, false)?,
                    ActionStatus::NotDone { reason } => text("a reason", reason, true)?,
                }
                self.actions.insert(*action, status.clone());
            }
            PlanEvent::Ended { date, reason } => {
                text("a reason", reason, true)?;
                self.stage = Stage::Ended { date: *date, reason: reason.trim().to_string() };
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;
    use chrono::TimeZone;

    fn content(actions: usize) -> PlanContent {
        PlanContent {
            summary: "Neglect at home".into(),
            needs: vec![Need { no: 1, text: "Ada needs regular meals".into() }],
            outcomes: vec![Outcome { no: 1, need: 1, text: "Ada eats three meals a day".into() }],
            actions: (1..=actions as u32)
                .map(|no| Action {
                    no,
                    outcome: Some(1),
                    what: format!("Action {no}"),
                    who: ActionOwner::Worker(WorkerId::new("W1").unwrap()),
                    by: Some("2026-04-30".parse().unwrap()),
                })
                .collect(),
            contingency: String::new(),
            child_views: String::new(),
        }
    }

    fn fold(events: &[(&str, PlanEvent)]) -> Result<Option<Plan>, crate::stream::StreamError> {
        let recs: Vec<Recorded> = events
            .iter()
            .enumerate()
            .map(|(i, (by, _))| Recorded::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, i as u32, 0).unwrap(), *by, None))
            .collect();
        let id = PlanId::new("PL000001").unwrap();
        Plan::replay(
            &id,
            events
                .iter()
                .zip(&recs)
                .enumerate()
                .map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)),
        )
    }

    fn drafted() -> PlanEvent {
        PlanEvent::Drafted { child: ChildId::new("C1").unwrap(), kind: PlanKind::ChildProtection, content: content(2) }
    }

    #[test]
    fn a_plan_is_signed_off_by_someone_else_reviewed_and_its_actions_done() {
        let reviewed = PlanEvent::Reviewed {
            date: "2026-03-02".parse().unwrap(),
            review: ReviewKind::CpReview,
            summary: "Progress; one more action".into(),
            content: Some(content(3)),
        };
        let done = PlanEvent::ActionUpdated {
            action: 1,
            status: ActionStatus::Done { date: "2026-03-02".parse().unwrap(), note: String::new() },
        };
        let p = fold(&[
            ("sw", drafted()),
            ("sw", PlanEvent::Submitted { team: None }),
            ("tm", PlanEvent::SignedOff),
            ("sw", done),
            ("iro", reviewed),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(p.versions.len(), 2);
        assert_eq!(p.versions[0].signed_off.as_ref().unwrap().0, "tm");
        assert_eq!(p.stage, Stage::InForce);
        let open: Vec<ItemNo> = p.open_actions().iter().map(|(a, _)| a.no).collect();
        assert_eq!(open, [2, 3], "action 1 is done; the review added 3");

        let refused = |events: &[(&str, PlanEvent)]| fold(events).unwrap_err().message;
        let own =
            refused(&[("sw", drafted()), ("sw", PlanEvent::Submitted { team: None }), ("sw", PlanEvent::SignedOff)]);
        assert!(own.contains("separation of duties"), "{own}");
        assert!(refused(&[("sw", drafted()), ("tm", PlanEvent::SignedOff)]).contains("not waiting"));
        let update = PlanEvent::ActionUpdated { action: 1, status: ActionStatus::NotDone { reason: "ill".into() } };
        assert!(refused(&[("sw", drafted()), ("sw", update)]).contains("not in force"));
        let mut bad = content(1);
        bad.outcomes[0].need = 9;
        let bad = PlanEvent::Drafted { child: ChildId::new("C1").unwrap(), kind: PlanKind::Care, content: bad };
        assert!(refused(&[("sw", bad)]).contains("need 9"));
        let signed = [("sw", drafted()), ("sw", PlanEvent::Submitted { team: None }), ("tm", PlanEvent::SignedOff)];
        let mut after = signed.to_vec();
        after.push(("sw", PlanEvent::Revised { content: content(1) }));
        assert!(refused(&after).contains("changes at a review"));
    }
}
