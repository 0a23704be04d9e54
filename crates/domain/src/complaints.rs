//! Complaints, representations and compliments (decision 008): one subject per
//! complaint on the `complaint` stream, about a child, an adult, a household or
//! the service as a whole. A statutory children's complaint runs the Children
//! Act 1989 representations procedure's three stages (local resolution, the
//! investigation, the review panel); a corporate complaint two; a
//! representation and a compliment none beyond the first. The clocks are the
//! timescale engine's ([`crate::timescales::complaint_deadlines`]); this keeps
//! the facts and refuses what the procedure does not allow.

use crate::ChildId;
use crate::ids::{ItemNo, TeamId, WorkerId};
use crate::people::{HouseholdId, PersonId};
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::numbered_id!(
    /// A complaint, representation or compliment: `CM` and digits.
    ComplaintId, "CM", "complaint ID"
);

crate::code_list! {
    /// Which procedure a complaint follows.
    pub enum ComplaintKind ("complaint type") {
        Children = "children": "Children's statutory complaint (Children Act 1989)",
        Corporate = "corporate": "Corporate complaint",
        Representation = "representation": "Representation",
        Compliment = "compliment": "Compliment",
    }
}

impl ComplaintKind {
    /// The last stage its procedure has (0: a compliment, which has none).
    pub fn last_stage(self) -> u8 {
        match self {
            ComplaintKind::Children => 3,
            ComplaintKind::Corporate => 2,
            ComplaintKind::Representation => 1,
            ComplaintKind::Compliment => 0,
        }
    }
}

crate::code_list! {
    /// Who made the complaint.
    pub enum Complainant ("complainant") {
        Child = "child": "The child or young person",
        Parent = "parent": "Parent",
        Carer = "carer": "Foster carer or other carer",
        Relative = "relative": "Other relative",
        Advocate = "advocate": "Advocate",
        Professional = "professional": "Professional",
        Other = "other": "Someone else",
    }
}

crate::code_list! {
    /// What a complaint is about, for the themes the committee reads.
    pub enum Theme ("complaint theme") {
        Communication = "communication": "Communication",
        Delay = "delay": "Delay",
        Conduct = "conduct": "Staff conduct",
        Decision = "decision": "A decision",
        FamilyTime = "family_time": "Family time (contact)",
        Placement = "placement": "Placement",
        Finance = "finance": "Money and allowances",
        Information = "information": "Records and information",
        ServiceQuality = "service_quality": "Quality of service",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// What a stage found.
    pub enum Finding ("finding") {
        Upheld = "upheld": "Upheld",
        PartlyUpheld = "partly_upheld": "Partly upheld",
        NotUpheld = "not_upheld": "Not upheld",
    }
}

crate::code_list! {
    /// The Local Government and Social Care Ombudsman's decision.
    pub enum OmbudsmanDecision ("Ombudsman's decision") {
        FaultInjustice = "fault_injustice": "Fault causing injustice",
        FaultNoInjustice = "fault_no_injustice": "Fault, no injustice",
        NoFault = "no_fault": "No fault",
        NotInvestigated = "not_investigated": "Not investigated",
    }
}

impl OmbudsmanDecision {
    /// The Ombudsman found fault (with or without injustice).
    pub fn fault(self) -> bool {
        matches!(self, OmbudsmanDecision::FaultInjustice | OmbudsmanDecision::FaultNoInjustice)
    }
}

/// Whom or what a complaint is about. Stored as the one identifier it names
/// (`{"child": "C…"}`, `{"person": "P…"}`, `{"household": "H…"}`; none for the
/// service), so that a form has a field for each and names no more than one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AboutIds", into = "AboutIds")]
pub enum About {
    Child(ChildId),
    Adult(PersonId),
    Household(HouseholdId),
    /// The service as a whole (a corporate complaint about a policy).
    #[default]
    Service,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AboutIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    child: Option<ChildId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    person: Option<PersonId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    household: Option<HouseholdId>,
}

impl TryFrom<AboutIds> for About {
    type Error = &'static str;
    fn try_from(ids: AboutIds) -> Result<About, Self::Error> {
        match (ids.child, ids.person, ids.household) {
            (Some(c), None, None) => Ok(About::Child(c)),
            (None, Some(p), None) => Ok(About::Adult(p)),
            (None, None, Some(h)) => Ok(About::Household(h)),
            (None, None, None) => Ok(About::Service),
            _ => Err("a complaint is about one child, one adult or one household: name only one of them"),
        }
    }
}

impl From<About> for AboutIds {
    fn from(a: About) -> AboutIds {
        match a {
            About::Child(c) => AboutIds { child: Some(c), ..AboutIds::default() },
            About::Adult(p) => AboutIds { person: Some(p), ..AboutIds::default() },
            About::Household(h) => AboutIds { household: Some(h), ..AboutIds::default() },
            About::Service => AboutIds::default(),
        }
    }
}

impl About {
    fn id(&self) -> Option<&str> {
        match self {
            About::Child(c) => Some(c.as_str()),
            About::Adult(p) => Some(p.as_str()),
            About::Household(h) => Some(h.as_str()),
            About::Service => None,
        }
    }
}

/// A fact about a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ComplaintEvent {
    Received {
        kind: ComplaintKind,
        /// Absent for a complaint about the service as a whole.
        #[serde(default)]
        about: About,
        complainant: Complainant,
        date: NaiveDate,
        /// When the matter complained of happened, where known (the one-year limit counts from it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        matter: Option<NaiveDate>,
        themes: Vec<Theme>,
        summary: String,
        /// The team the complaint is about, for figures by service.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        team: Option<TeamId>,
        /// Who answers it (a manager); else the complaints officers' queue.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        handler: Option<WorkerId>,
    },
    /// The current stage's receipt acknowledged to the complainant.
    Acknowledged {
        date: NaiveDate,
    },
    /// Given to a manager to answer (or to another, taking it from the first).
    Allocated {
        handler: WorkerId,
    },
    /// Made more than a year after the matter: the complaints officer accepts it, with the reason.
    LateAccepted {
        reason: String,
    },
    /// The current stage's response extended to the longest the procedure allows, with the reason.
    Extended {
        date: NaiveDate,
        reason: String,
    },
    /// The current stage answered (stage 3: the authority's response to the panel's report).
    Responded {
        date: NaiveDate,
        finding: Finding,
        summary: String,
    },
    /// The complainant asked for the next stage.
    Escalated {
        date: NaiveDate,
    },
    /// Stage 3's review panel met.
    PanelHeld {
        date: NaiveDate,
        finding: Finding,
    },
    /// Stage 3's panel sent its report.
    PanelReported {
        date: NaiveDate,
    },
    /// The Ombudsman decided.
    Ombudsman {
        date: NaiveDate,
        decision: OmbudsmanDecision,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        remedy: String,
    },
    /// A lesson learned, with who acts on it and by when.
    LessonAgreed {
        no: ItemNo,
        what: String,
        owner: WorkerId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<NaiveDate>,
    },
    LessonDone {
        no: ItemNo,
        date: NaiveDate,
    },
    Withdrawn {
        date: NaiveDate,
        reason: String,
    },
}

impl StreamEvent for ComplaintEvent {
    const CHANGED: bool = true;

    fn kind(&self) -> &'static str {
        match self {
            ComplaintEvent::Received { .. } => "received",
            ComplaintEvent::Acknowledged { .. } => "acknowledged",
            ComplaintEvent::Allocated { .. } => "allocated",
            ComplaintEvent::LateAccepted { .. } => "late_accepted",
            ComplaintEvent::Extended { .. } => "extended",
            ComplaintEvent::Responded { .. } => "responded",
            ComplaintEvent::Escalated { .. } => "escalated",
            ComplaintEvent::PanelHeld { .. } => "panel_held",
            ComplaintEvent::PanelReported { .. } => "panel_reported",
            ComplaintEvent::Ombudsman { .. } => "ombudsman",
            ComplaintEvent::LessonAgreed { .. } => "lesson_agreed",
            ComplaintEvent::LessonDone { .. } => "lesson_done",
            ComplaintEvent::Withdrawn { .. } => "withdrawn",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        use ComplaintEvent::*;
        match self {
            Received { date, .. }
            | Acknowledged { date }
            | Extended { date, .. }
            | Responded { date, .. }
            | Escalated { date }
            | PanelHeld { date, .. }
            | PanelReported { date }
            | Ombudsman { date, .. }
            | LessonDone { date, .. }
            | Withdrawn { date, .. } => Some(*date),
            Allocated { .. } | LateAccepted { .. } | LessonAgreed { .. } => None,
        }
    }
}

/// One stage as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    /// 1, 2 or 3.
    pub stage: u8,
    /// Received (stage 1) or asked for (later stages): the stage's day 0.
    pub from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended: Option<(NaiveDate, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_held: Option<(NaiveDate, Finding)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_reported: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded: Option<(NaiveDate, Finding)>,
}

impl StageRecord {
    fn new(stage: u8, from: NaiveDate) -> StageRecord {
        StageRecord { stage, from, acknowledged: None, extended: None, panel_held: None, panel_reported: None, responded: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    pub no: ItemNo,
    pub what: String,
    pub owner: WorkerId,
    pub by: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
}

/// A complaint as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: ComplaintId,
    pub kind: ComplaintKind,
    pub about: About,
    pub complainant: Complainant,
    pub received: NaiveDate,
    pub matter: Option<NaiveDate>,
    pub themes: Vec<Theme>,
    pub summary: String,
    pub team: Option<TeamId>,
    pub handler: Option<WorkerId>,
    pub late_accepted: Option<String>,
    /// Stages reached, in order (none for a compliment).
    pub stages: Vec<StageRecord>,
    pub ombudsman: Option<(NaiveDate, OmbudsmanDecision, String)>,
    pub lessons: Vec<Lesson>,
    pub withdrawn: Option<(NaiveDate, String)>,
}

/// Longest summary, reason or lesson.
pub const MAX_TEXT: usize = 10_000;

fn text(what: &str, value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(format!("{what} is needed"));
    }
    if v.chars().count() > MAX_TEXT {
        return Err(format!("{what} is at most {MAX_TEXT} characters"));
    }
    Ok(v.to_string())
}

fn not_before(what: &str, date: NaiveDate, earlier: NaiveDate, name: &str) -> Result<(), String> {
    if date < earlier {
        return Err(format!("{what} on {date} is before {name} on {earlier}"));
    }
    Ok(())
}

impl Complaint {
    /// The stage now open or last reached.
    pub fn current(&self) -> Option<&StageRecord> {
        self.stages.last()
    }

    /// Answered at its last stage reached, or withdrawn.
    pub fn is_closed(&self) -> bool {
        self.withdrawn.is_some() || self.current().is_none_or(|s| s.responded.is_some())
    }

    /// More than a year passed between the matter and the complaint: the
    /// complaints officer decides whether to accept it (regulation 9(2)).
    pub fn out_of_time(&self) -> bool {
        self.matter.is_some_and(|m| crate::calendar::add_years(m, 1) < self.received)
    }

    fn open_stage(&mut self) -> Result<&mut StageRecord, String> {
        if self.kind == ComplaintKind::Compliment {
            return Err("a compliment has no stages to answer".into());
        }
        let s = self.stages.last_mut().ok_or("the complaint has no stage")?;
        if let Some((d, _)) = s.responded {
            return Err(format!("stage {} was answered on {d}", s.stage));
        }
        Ok(s)
    }
}

impl Projection for Complaint {
    const STREAM: &'static str = "complaint";
    type Id = ComplaintId;
    type Event = ComplaintEvent;

    fn start(id: &ComplaintId, at: Stamp, event: &ComplaintEvent) -> Result<Self, String> {
        let ComplaintEvent::Received { kind, about, complainant, date, matter, themes, summary, team, handler } = event
        else {
            return Err("a complaint starts when it is received".into());
        };
        check_date(*date, at)?;
        if let Some(m) = matter {
            check_date(*m, at)?;
            not_before("the complaint", *date, *m, "the matter it concerns")?;
        }
        let mut themes = themes.clone();
        themes.sort();
        themes.dedup();
        let stages = if *kind == ComplaintKind::Compliment { vec![] } else { vec![StageRecord::new(1, *date)] };
        Ok(Complaint {
            id: id.clone(),
            kind: *kind,
            about: about.clone(),
            complainant: *complainant,
            received: *date,
            matter: *matter,
            themes,
            summary: text("a summary", summary)?,
            team: team.clone(),
            handler: handler.clone(),
            late_accepted: None,
            stages,
            ombudsman: None,
            lessons: vec![],
            withdrawn: None,
        })
    }

    fn about(&self) -> Option<&str> {
        self.about.id()
    }

    fn apply(&mut self, at: Stamp, event: &ComplaintEvent) -> Result<(), String> {
        use ComplaintEvent::*;
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
            not_before("this", d, self.received, "the complaint was received")?;
        }
        if let Some((d, _)) = &self.withdrawn {
            return Err(format!("the complaint was withdrawn on {d}"));
        }
        match event {
            Received { .. } => return Err("the complaint is already received".into()),
            Acknowledged { date } => {
                let s = self.open_stage()?;
                if let Some(d) = s.acknowledged {
                    return Err(format!("stage {} was acknowledged on {d}", s.stage));
                }
                not_before("the acknowledgement", *date, s.from, "the stage started")?;
                s.acknowledged = Some(*date);
            }
            Allocated { handler } => {
                if self.is_closed() {
                    return Err("the complaint is answered: nothing is left to allocate".into());
                }
                if self.handler.as_ref() == Some(handler) {
                    return Err(format!("{handler} already answers this complaint"));
                }
                self.handler = Some(handler.clone());
            }
            LateAccepted { reason } => {
                if !self.out_of_time() {
                    return Err("the complaint was made within a year of the matter: nothing to accept late".into());
                }
                self.late_accepted = Some(text("a reason", reason)?);
            }
            Extended { date, reason } => {
                let reason = text("a reason", reason)?;
                let s = self.open_stage()?;
                if s.stage == 3 {
                    return Err("stage 3's timescales are not extended".into());
                }
                if let Some((d, _)) = &s.extended {
                    return Err(format!("stage {} was already extended on {d}", s.stage));
                }
                not_before("the extension", *date, s.from, "the stage started")?;
                s.extended = Some((*date, reason));
            }
            Responded { date, finding, summary } => {
                text("a summary of the response", summary)?;
                let s = self.open_stage()?;
                not_before("the response", *date, s.from, "the stage started")?;
                if s.stage == 3 {
                    let reported = s.panel_reported.ok_or("the authority responds to the panel's report: none yet")?;
                    not_before("the response", *date, reported, "the panel's report")?;
                }
                s.responded = Some((*date, *finding));
            }
            Escalated { date } => {
                if self.kind == ComplaintKind::Compliment {
                    return Err("a compliment has no stages".into());
                }
                let last = self.kind.last_stage();
                let s = self.current().ok_or("the complaint has no stage")?;
                let Some((answered, _)) = s.responded else {
                    return Err(format!("stage {} is not answered yet", s.stage));
                };
                if s.stage >= last {
                    return Err(format!("a {} has no stage after {}", self.kind.label().to_lowercase(), s.stage));
                }
                not_before("the request", *date, answered, "the last response")?;
                let stage = s.stage + 1;
                self.stages.push(StageRecord::new(stage, *date));
            }
            PanelHeld { date, finding } => {
                let s = self.open_stage()?;
                if s.stage != 3 {
                    return Err("a review panel sits at stage 3".into());
                }
                if let Some((d, _)) = s.panel_held {
                    return Err(format!("the panel met on {d}"));
                }
                not_before("the panel", *date, s.from, "stage 3 was asked for")?;
                s.panel_held = Some((*date, *finding));
            }
            PanelReported { date } => {
                let s = self.open_stage()?;
                let (held, _) = s.panel_held.ok_or("the panel has not met")?;
                if s.panel_reported.is_some() {
                    return Err("the panel has reported".into());
                }
                not_before("the report", *date, held, "the panel met")?;
                s.panel_reported = Some(*date);
            }
            Ombudsman { date, decision, remedy } => {
                if self.kind == ComplaintKind::Compliment {
                    return Err("a compliment does not go to the Ombudsman".into());
                }
                if let Some((d, _, _)) = &self.ombudsman {
                    return Err(format!("the Ombudsman decided on {d}"));
                }
                let remedy = if remedy.trim().is_empty() { String::new() } else { text("the remedy", remedy)? };
                self.ombudsman = Some((*date, *decision, remedy));
            }
            LessonAgreed { no, what, owner, by } => {
                if self.lessons.iter().any(|l| l.no == *no) {
                    return Err(format!("lesson {no} already exists"));
                }
                let what = text("the lesson", what)?;
                self.lessons.push(Lesson { no: *no, what, owner: owner.clone(), by: *by, done: None });
            }
            LessonDone { no, date } => {
                let l = self.lessons.iter_mut().find(|l| l.no == *no).ok_or(format!("no lesson {no}"))?;
                if let Some(d) = l.done {
                    return Err(format!("lesson {no} was done on {d}"));
                }
                l.done = Some(*date);
            }
            Withdrawn { date, reason } => {
                if self.is_closed() {
                    return Err("the complaint is already answered".into());
                }
                self.withdrawn = Some((*date, text("a reason", reason)?));
            }
        }
        Ok(())
    }
}

pub mod declarations;
pub mod examples;

#[cfg(test)]
mod tests;
