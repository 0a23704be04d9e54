//! Early help for families (decision 008): the Children and Family Wellbeing
//! Service's work with a whole family, on the `early_help` stream keyed by the
//! family's household (decision 002). Each episode is numbered within it: the
//! early help assessment, the family plan and its reviews, the lead
//! practitioner, and how it ends. A step up to social care names the child's
//! referral; a step down from it names the child's referral that closed, so the
//! family's record and the children's link both ways.

use crate::ChildId;
use crate::ids::{ItemNo, WorkerId};
use crate::people::HouseholdId;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::code_list! {
    /// How an episode of early help ended.
    pub enum EpisodeEnd ("early help outcome") {
        NeedsMet = "needs_met": "Needs met: the family plan's outcomes achieved",
        SteppedUp = "stepped_up": "Stepped up to children's social care",
        Declined = "declined": "Family declined or withdrew consent",
        MovedAway = "moved_away": "Family moved out of the area",
        Universal = "universal": "Needs met by universal services",
        Other = "other": "Other",
    }
}

/// Who leads the family's plan: a member of staff, or a practitioner of another agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lead {
    Worker(WorkerId),
    /// Another agency's practitioner, as written ("Oak School, family support worker").
    Agency(String),
}

/// A child's referral to or from social care, by child and the referral's number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralLink {
    pub child: ChildId,
    pub referral: ItemNo,
}

/// A fact about a family's early help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EarlyHelpEvent {
    Opened {
        episode: ItemNo,
        date: NaiveDate,
        /// The children the work is for (the household's other members are part of the plan).
        children: Vec<ChildId>,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lead: Option<Lead>,
        /// Stepped down from social care: the child's referral that closed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stepped_down: Option<ReferralLink>,
    },
    AssessmentCompleted {
        episode: ItemNo,
        date: NaiveDate,
    },
    PlanAgreed {
        episode: ItemNo,
        date: NaiveDate,
    },
    PlanReviewed {
        episode: ItemNo,
        date: NaiveDate,
    },
    LeadChanged {
        episode: ItemNo,
        date: NaiveDate,
        lead: Lead,
    },
    /// Stepped up to social care: the referral it led to; the episode closes.
    SteppedUp {
        episode: ItemNo,
        date: NaiveDate,
        referral: ReferralLink,
    },
    Closed {
        episode: ItemNo,
        date: NaiveDate,
        end: EpisodeEnd,
    },
}

impl EarlyHelpEvent {
    fn episode(&self) -> ItemNo {
        use EarlyHelpEvent::*;
        match self {
            Opened { episode, .. }
            | AssessmentCompleted { episode, .. }
            | PlanAgreed { episode, .. }
            | PlanReviewed { episode, .. }
            | LeadChanged { episode, .. }
            | SteppedUp { episode, .. }
            | Closed { episode, .. } => *episode,
        }
    }
}

impl StreamEvent for EarlyHelpEvent {
    fn kind(&self) -> &'static str {
        use EarlyHelpEvent::*;
        match self {
            Opened { .. } => "opened",
            AssessmentCompleted { .. } => "assessment_completed",
            PlanAgreed { .. } => "plan_agreed",
            PlanReviewed { .. } => "plan_reviewed",
            LeadChanged { .. } => "lead_changed",
            SteppedUp { .. } => "stepped_up",
            Closed { .. } => "closed",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        use EarlyHelpEvent::*;
        Some(match self {
            Opened { date, .. }
            | AssessmentCompleted { date, .. }
            | PlanAgreed { date, .. }
            | PlanReviewed { date, .. }
            | LeadChanged { date, .. }
            | SteppedUp { date, .. }
            | Closed { date, .. } => *date,
        })
    }
}

/// One episode as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    pub no: ItemNo,
    pub opened: NaiveDate,
    pub children: Vec<ChildId>,
    pub reason: String,
    /// Lead practitioners in turn: (from, lead).
    pub leads: Vec<(NaiveDate, Lead)>,
    pub stepped_down: Option<ReferralLink>,
    pub assessed: Option<NaiveDate>,
    pub plan: Option<NaiveDate>,
    pub reviews: Vec<NaiveDate>,
    pub stepped_up: Option<(NaiveDate, ReferralLink)>,
    pub closed: Option<(NaiveDate, EpisodeEnd)>,
}

impl Episode {
    /// Open on `d`: opened on or before it and not closed by then.
    pub fn is_open_on(&self, d: NaiveDate) -> bool {
        self.opened <= d && self.closed.as_ref().is_none_or(|(c, _)| *c > d)
    }
}

/// A family's early help: every episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyEarlyHelp {
    pub household: HouseholdId,
    pub episodes: Vec<Episode>,
}

impl FamilyEarlyHelp {
    /// Opened within 12 months (the anniversary included) of an earlier episode's closing.
    pub fn is_re_referral(&self, e: &Episode) -> bool {
        self.episodes.iter().any(|x| {
            x.no != e.no
                && x.closed
                    .as_ref()
                    .is_some_and(|(c, _)| *c <= e.opened && crate::calendar::add_years(*c, 1) >= e.opened)
        })
    }

    fn open_episode(&mut self, no: ItemNo, date: NaiveDate) -> Result<&mut Episode, String> {
        let e = self.episodes.iter_mut().find(|e| e.no == no).ok_or(format!("no episode {no}"))?;
        if let Some((c, _)) = e.closed {
            return Err(format!("episode {no} closed on {c}"));
        }
        if date < e.opened {
            return Err(format!("{date} is before episode {no} opened on {}", e.opened));
        }
        Ok(e)
    }
}

/// Longest reason or agency name.
pub const MAX_TEXT: usize = 2_000;

fn opened(event: &EarlyHelpEvent, episodes: &[Episode]) -> Result<Episode, String> {
    let EarlyHelpEvent::Opened { episode, date, children, reason, lead, stepped_down } = event else {
        return Err("a family's early help starts when an episode opens".into());
    };
    if episodes.iter().any(|e| e.no == *episode) {
        return Err(format!("episode {episode} already exists"));
    }
    if let Some(e) = episodes.iter().find(|e| e.closed.is_none()) {
        return Err(format!("episode {} is still open", e.no));
    }
    if children.is_empty() {
        return Err("early help is for at least one child".into());
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_TEXT {
        return Err(format!("a reason of 1 to {MAX_TEXT} characters is needed"));
    }
    if let Some(Lead::Agency(a)) = lead {
        check_agency(a)?;
    }
    let mut children = children.clone();
    children.sort();
    children.dedup();
    Ok(Episode {
        no: *episode,
        opened: *date,
        children,
        reason: reason.to_string(),
        leads: lead.iter().map(|l| (*date, l.clone())).collect(),
        stepped_down: stepped_down.clone(),
        assessed: None,
        plan: None,
        reviews: vec![],
        stepped_up: None,
        closed: None,
    })
}

fn check_agency(a: &str) -> Result<(), String> {
    if a.trim().is_empty() || a.chars().count() > MAX_TEXT {
        return Err("name the other agency's lead practitioner".into());
    }
    Ok(())
}

impl Projection for FamilyEarlyHelp {
    const STREAM: &'static str = "early_help";
    type Id = HouseholdId;
    type Event = EarlyHelpEvent;

    fn start(id: &HouseholdId, at: Stamp, event: &EarlyHelpEvent) -> Result<Self, String> {
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
        }
        Ok(FamilyEarlyHelp { household: id.clone(), episodes: vec![opened(event, &[])?] })
    }

    fn apply(&mut self, at: Stamp, event: &EarlyHelpEvent) -> Result<(), String> {
        use EarlyHelpEvent::*;
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
        }
        if let Opened { .. } = event {
            let e = opened(event, &self.episodes)?;
            if let Some((c, _)) = self.episodes.iter().filter_map(|x| x.closed).max_by_key(|(c, _)| *c)
                && e.opened < c
            {
                return Err(format!("episode {} opens before the last one closed on {c}", e.no));
            }
            self.episodes.push(e);
            return Ok(());
        }
        let no = event.episode();
        let date = event.effective_date().expect("every event here is dated");
        let e = self.open_episode(no, date)?;
        match event {
            Opened { .. } => unreachable!("handled above"),
            AssessmentCompleted { .. } => {
                if let Some(d) = e.assessed {
                    return Err(format!("episode {no} was assessed on {d}"));
                }
                e.assessed = Some(date);
            }
            PlanAgreed { .. } => {
                if e.assessed.is_none() {
                    return Err("the family plan follows the early help assessment".into());
                }
                if let Some(d) = e.plan {
                    return Err(format!("the family plan was agreed on {d}"));
                }
                e.plan = Some(date);
            }
            PlanReviewed { .. } => {
                let last = e.reviews.last().copied().or(e.plan).ok_or("there is no family plan to review")?;
                if date < last {
                    return Err(format!("{date} is before the plan was last agreed or reviewed on {last}"));
                }
                e.reviews.push(date);
            }
            LeadChanged { lead, .. } => {
                if let Lead::Agency(a) = lead {
                    check_agency(a)?;
                }
                e.leads.push((date, lead.clone()));
            }
            SteppedUp { referral, .. } => {
                if !e.children.contains(&referral.child) {
                    return Err(format!("{} is not one of this episode's children", referral.child));
                }
                e.stepped_up = Some((date, referral.clone()));
                e.closed = Some((date, EpisodeEnd::SteppedUp));
            }
            Closed { end, .. } => {
                if *end == EpisodeEnd::SteppedUp {
                    return Err("a step up names the child's referral (stepped_up)".into());
                }
                e.closed = Some((date, *end));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
