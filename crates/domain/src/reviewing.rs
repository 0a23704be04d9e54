//! Reviewing officers' and conference chairs' work on a child (the IRO
//! Handbook 2010; Working Together 2023 ch. 4).
//!
//! **Independence** (Handbook §2.19): whoever reviews a child's plan is never
//! the child's worker nor the line manager of the child's worker. The first
//! half needs only the child's record and is one of its invariants
//! ([`crate::ChildRecord`] refuses the allocation or the assignment); the
//! second needs the organisation, so writers ask [`independent`] before an
//! allocation or an assignment is stored.
//!
//! **Their own record** (the `reviewing` stream, keyed by the child): the
//! minutes of each review or conference they chaired (the meetings themselves
//! are the child's entries), their visits and other contact with the child
//! between reviews, midway checks of the plan's progress, and disputes raised
//! through the issue resolution process with each stage and the outcome.

use crate::journey::{ChildEvent, ChildRecord, ReviewerRole};
use crate::org::{Organisation, StaffRole};
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use crate::{ChildId, ItemNo, WorkerId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Whether `manager` line-manages `worker` on `date`: a team manager of the
/// worker's team, or a service manager of that team's service.
pub fn manages(org: &Organisation, manager: &WorkerId, worker: &WorkerId, date: NaiveDate) -> bool {
    let team_of = |w: &WorkerId| org.staff.get(w).filter(|s| s.in_post(date)).and_then(|s| s.team_on(date));
    let (Some(m), Some(team)) = (org.staff.get(manager).filter(|s| s.in_post(date)), team_of(worker)) else {
        return false;
    };
    match m.role {
        StaffRole::TeamManager => team_of(manager) == Some(team),
        StaffRole::ServiceManager => {
            let service = |t| org.teams.get(t).map(|t| t.service);
            team_of(manager).and_then(service).is_some_and(|s| service(team) == Some(s))
        }
        _ => false,
    }
}

/// Refuses an allocation that would put the child's worker under one of its
/// reviewers, or a reviewer's assignment over the line manager of its worker
/// (a correction is judged by its replacement). `Err` says why.
pub fn independent(org: &Organisation, record: &ChildRecord, event: &ChildEvent) -> Result<(), String> {
    let name = |w: &WorkerId| org.staff.get(w).map_or_else(|| w.to_string(), |s| s.name.clone());
    match event {
        ChildEvent::Corrected { replacement, .. } => independent(org, record, replacement),
        ChildEvent::WorkerAllocated { date, worker, .. } => {
            match record.reviewers_on(*date).into_iter().find(|r| manages(org, &r.worker, worker, *date)) {
                Some(r) => Err(format!(
                    "{} is the child's {} and manages {}: choose a worker they do not manage",
                    name(&r.worker),
                    r.role.label().to_lowercase(),
                    name(worker)
                )),
                None => Ok(()),
            }
        }
        ChildEvent::ReviewerAssigned { date, worker, role } => {
            match record.allocation_on(*date).and_then(|a| a.worker.as_ref()) {
                Some(allocated) if manages(org, worker, allocated, *date) => Err(format!(
                    "{} manages the child's worker {}: a {} is independent of the case's line management",
                    name(worker),
                    name(allocated),
                    role.label().to_lowercase()
                )),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// A meeting a reviewer chairs, as the child's log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meeting {
    /// A looked-after child's review (`lac_review_held`), chaired by the IRO.
    LacReview,
    /// An initial child protection conference (`icpc_held`), chaired by the conference chair.
    Icpc,
    /// A review child protection conference (`cp_review_held`).
    CpReview,
}

impl Meeting {
    pub const ALL: [Meeting; 3] = [Meeting::LacReview, Meeting::Icpc, Meeting::CpReview];

    pub fn label(self) -> &'static str {
        match self {
            Meeting::LacReview => "Looked-after review",
            Meeting::Icpc => "Initial child protection conference",
            Meeting::CpReview => "Review child protection conference",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Meeting::LacReview => "lac_review",
            Meeting::Icpc => "icpc",
            Meeting::CpReview => "cp_review",
        }
    }

    pub fn from_code(code: &str) -> Option<Meeting> {
        Meeting::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Who chairs it.
    pub fn chair(self) -> ReviewerRole {
        match self {
            Meeting::LacReview => ReviewerRole::ReviewingOfficer,
            Meeting::Icpc | Meeting::CpReview => ReviewerRole::ConferenceChair,
        }
    }

    /// The meetings of this kind the child's record holds, by date.
    pub fn held(self, record: &ChildRecord) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = match self {
            Meeting::LacReview => record.lac_reviews.iter().map(|r| r.date).collect(),
            Meeting::Icpc => record.referrals.iter().flat_map(|r| r.icpcs.iter().map(|c| c.date)).collect(),
            Meeting::CpReview => {
                record.referrals.iter().flat_map(|r| r.cp_plans.iter().flat_map(|p| p.reviews.iter().copied())).collect()
            }
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

crate::code_list! {
    /// How a reviewer was in touch with the child between reviews.
    pub enum ContactKind ("reviewer's contact") {
        Visit = "visit": "Visit in person",
        Video = "video": "Video call",
        Phone = "phone": "Telephone call",
        Message = "message": "Letter, email or message",
        Meeting = "meeting": "Another meeting the child attended",
    }
}

crate::code_list! {
    /// A stage of the issue resolution process (IRO Handbook §§6.8-6.13; a local protocol names them).
    pub enum Stage ("issue resolution stage") {
        Informal = "informal": "Informal: raised with the social worker",
        TeamManager = "team_manager": "Team manager",
        ServiceManager = "service_manager": "Service manager",
        HeadOfService = "head_of_service": "Head of service",
        Director = "director": "Director of children's services",
        Cafcass = "cafcass": "Referred to Cafcass",
    }
}

/// Longest note, concern or outcome.
pub const MAX_TEXT: usize = 20_000;

/// A fact of a reviewer's own record about a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReviewingEvent {
    /// The written record of the meeting held on `held` was issued on `date`.
    MinutesIssued { meeting: Meeting, held: NaiveDate, date: NaiveDate },
    /// The reviewer was in touch with the child between reviews.
    ContactMade {
        date: NaiveDate,
        kind: ContactKind,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        seen_alone: bool,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// Progress of the plan checked midway between reviews; `on_track` false raises a concern.
    MidwayChecked {
        date: NaiveDate,
        on_track: bool,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// A concern about the child's plan raised through the issue resolution process.
    DisputeRaised { no: ItemNo, date: NaiveDate, stage: Stage, concern: String },
    /// Not resolved at its stage: taken to the next.
    DisputeEscalated {
        no: ItemNo,
        date: NaiveDate,
        stage: Stage,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    DisputeResolved { no: ItemNo, date: NaiveDate, outcome: String },
}

impl StreamEvent for ReviewingEvent {
    fn kind(&self) -> &'static str {
        match self {
            ReviewingEvent::MinutesIssued { .. } => "minutes_issued",
            ReviewingEvent::ContactMade { .. } => "contact_made",
            ReviewingEvent::MidwayChecked { .. } => "midway_checked",
            ReviewingEvent::DisputeRaised { .. } => "dispute_raised",
            ReviewingEvent::DisputeEscalated { .. } => "dispute_escalated",
            ReviewingEvent::DisputeResolved { .. } => "dispute_resolved",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        Some(match self {
            ReviewingEvent::MinutesIssued { date, .. }
            | ReviewingEvent::ContactMade { date, .. }
            | ReviewingEvent::MidwayChecked { date, .. }
            | ReviewingEvent::DisputeRaised { date, .. }
            | ReviewingEvent::DisputeEscalated { date, .. }
            | ReviewingEvent::DisputeResolved { date, .. } => *date,
        })
    }
}

/// Who recorded an entry, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entered {
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    pub meeting: Meeting,
    pub held: NaiveDate,
    pub issued: NaiveDate,
    pub entered: Entered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerContact {
    pub date: NaiveDate,
    pub kind: ContactKind,
    pub seen_alone: bool,
    pub note: String,
    pub entered: Entered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MidwayCheck {
    pub date: NaiveDate,
    pub on_track: bool,
    pub note: String,
    pub entered: Entered,
}

/// One stage a dispute reached: from `date`, with what was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageReached {
    pub stage: Stage,
    pub date: NaiveDate,
    pub note: String,
    pub entered: Entered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub no: ItemNo,
    pub concern: String,
    /// Raised at the first stage, escalated through the rest, in order.
    pub stages: Vec<StageReached>,
    pub resolved: Option<(NaiveDate, String)>,
}

impl Dispute {
    pub fn stage(&self) -> Stage {
        self.stages.last().map_or(Stage::Informal, |s| s.stage)
    }
    pub fn raised(&self) -> NaiveDate {
        self.stages.first().map_or(NaiveDate::MIN, |s| s.date)
    }
}

/// A reviewer's record about one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewingRecord {
    pub child: ChildId,
    pub minutes: Vec<Minutes>,
    pub contacts: Vec<ReviewerContact>,
    pub midway: Vec<MidwayCheck>,
    pub disputes: Vec<Dispute>,
}

impl ReviewingRecord {
    /// The minutes of the meeting held on `held`, if issued.
    pub fn minutes_of(&self, meeting: Meeting, held: NaiveDate) -> Option<&Minutes> {
        self.minutes.iter().find(|m| m.meeting == meeting && m.held == held)
    }

    /// The reviewer's last visit to the child in person on or before `on`.
    pub fn last_visit(&self, on: NaiveDate) -> Option<NaiveDate> {
        self.contacts.iter().filter(|c| c.kind == ContactKind::Visit && c.date <= on).map(|c| c.date).max()
    }

    /// The reviewer's last contact with the child on or before `on`: a visit, a call or a meeting
    /// the child attended (Ofsted's Annex A, list 8: "Date of last IRO visit / contact to the
    /// child"). A letter or message is not contact with the child.
    pub fn last_contact(&self, on: NaiveDate) -> Option<NaiveDate> {
        self.contacts.iter().filter(|c| c.kind != ContactKind::Message && c.date <= on).map(|c| c.date).max()
    }

    pub fn dispute(&self, no: ItemNo) -> Option<&Dispute> {
        self.disputes.iter().find(|d| d.no == no)
    }

    pub fn next_dispute(&self) -> ItemNo {
        self.disputes.iter().map(|d| d.no).max().unwrap_or(0) + 1
    }

    /// Disputes not yet resolved.
    pub fn open_disputes(&self) -> impl Iterator<Item = &Dispute> {
        self.disputes.iter().filter(|d| d.resolved.is_none())
    }
}

fn text(what: &str, value: &str, required: bool) -> Result<String, String> {
    if required && value.trim().is_empty() {
        return Err(format!("{what} is needed"));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(format!("{what} is at most {MAX_TEXT} characters"));
    }
    Ok(value.trim().to_string())
}

impl Projection for ReviewingRecord {
    const STREAM: &'static str = "reviewing";
    type Id = ChildId;
    type Event = ReviewingEvent;

    fn start(id: &ChildId, at: Stamp, event: &ReviewingEvent) -> Result<Self, String> {
        let mut r = ReviewingRecord { child: id.clone(), minutes: vec![], contacts: vec![], midway: vec![], disputes: vec![] };
        r.apply(at, event)?;
        Ok(r)
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn apply(&mut self, at: Stamp, event: &ReviewingEvent) -> Result<(), String> {
        if let Some(date) = event.effective_date() {
            check_date(date, at)?;
        }
        let entered = Entered { by: at.recorded.by.clone(), at: at.recorded.at };
        match event {
            ReviewingEvent::MinutesIssued { meeting, held, date } => {
                if date < held {
                    return Err(format!("the minutes are issued on {date}, before the meeting on {held}"));
                }
                if self.minutes_of(*meeting, *held).is_some() {
                    return Err(format!("the minutes of the {} on {held} are already issued", meeting.label().to_lowercase()));
                }
                self.minutes.push(Minutes { meeting: *meeting, held: *held, issued: *date, entered });
            }
            ReviewingEvent::ContactMade { date, kind, seen_alone, note } => {
                let note = text("the note", note, false)?;
                self.contacts.push(ReviewerContact { date: *date, kind: *kind, seen_alone: *seen_alone, note, entered });
            }
            ReviewingEvent::MidwayChecked { date, on_track, note } => {
                let note = text("the note", note, !on_track)
                    .map_err(|e| if *on_track { e } else { format!("{e}: say what the concern is") })?;
                self.midway.push(MidwayCheck { date: *date, on_track: *on_track, note, entered });
            }
            ReviewingEvent::DisputeRaised { no, date, stage, concern } => {
                if self.dispute(*no).is_some() {
                    return Err(format!("dispute {no} already exists"));
                }
                let concern = text("the concern", concern, true)?;
                let first = StageReached { stage: *stage, date: *date, note: String::new(), entered };
                self.disputes.push(Dispute { no: *no, concern, stages: vec![first], resolved: None });
            }
            ReviewingEvent::DisputeEscalated { no, date, stage, note } => {
                let d = open_dispute(&mut self.disputes, *no)?;
                let last = d.stages.last().map(|s| (s.stage, s.date));
                if let Some((before, since)) = last {
                    if *stage <= before {
                        return Err(format!("dispute {no} is at the {} stage already: escalation goes further", before.label().to_lowercase()));
                    }
                    if *date < since {
                        return Err(format!("{date} is before the dispute reached its stage on {since}"));
                    }
                }
                let note = text("the note", note, false)?;
                d.stages.push(StageReached { stage: *stage, date: *date, note, entered });
            }
            ReviewingEvent::DisputeResolved { no, date, outcome } => {
                let d = open_dispute(&mut self.disputes, *no)?;
                if let Some(since) = d.stages.last().map(|s| s.date)
                    && *date < since
                {
                    return Err(format!("{date} is before the dispute reached its stage on {since}"));
                }
                d.resolved = Some((*date, text("the outcome", outcome, true)?));
            }
        }
        Ok(())
    }
}

fn open_dispute(disputes: &mut [Dispute], no: ItemNo) -> Result<&mut Dispute, String> {
    let d = disputes.iter_mut().find(|d| d.no == no).ok_or_else(|| format!("no dispute {no}"))?;
    if d.resolved.is_some() {
        return Err(format!("dispute {no} is resolved"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::{ChildDetails, ReviewerRole};
    use crate::org::{OrgEvent, Service};
    use crate::{ChildId, TeamId};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn w(s: &str) -> WorkerId {
        WorkerId::new(s).unwrap()
    }
    fn t(s: &str) -> TeamId {
        TeamId::new(s).unwrap()
    }

    /// Two locality teams in one service and a reviewing team: each with a manager and a worker.
    fn org() -> Organisation {
        let mut org = Organisation::default();
        let team = |id: &str, service| OrgEvent::TeamFormed {
            team: t(id),
            name: format!("Team {id}"),
            service,
            locality: None,
            date: d("2020-01-01"),
        };
        let staff = |id: &str, team: &str, role| OrgEvent::StaffJoined {
            worker: w(id),
            name: format!("Staff {id}"),
            team: t(team),
            role,
            fte: 1.0,
            agency: false,
            date: d("2020-01-01"),
        };
        for e in [
            team("T1", Service::Locality),
            team("T2", Service::Locality),
            team("R1", Service::Reviewing),
            staff("W1", "T1", StaffRole::SocialWorker),
            staff("M1", "T1", StaffRole::TeamManager),
            staff("M2", "T2", StaffRole::TeamManager),
            staff("S1", "T2", StaffRole::ServiceManager),
            staff("I1", "R1", StaffRole::ReviewingOfficer),
            staff("I2", "T1", StaffRole::TeamManager),
        ] {
            org.apply(&e).unwrap();
        }
        // I2 managed team T1 until moving to reviewing.
        org.apply(&OrgEvent::StaffMoved { worker: w("I2"), team: t("R1"), date: d("2026-02-01") }).unwrap();
        org
    }

    fn allocated(worker: &str) -> ChildEvent {
        ChildEvent::WorkerAllocated { date: d("2026-03-02"), worker: w(worker), team: t("T1"), reason: None }
    }
    fn reviewer(worker: &str, date: &str) -> ChildEvent {
        ChildEvent::ReviewerAssigned { date: d(date), worker: w(worker), role: ReviewerRole::ReviewingOfficer }
    }

    fn record(events: &[ChildEvent]) -> Result<ChildRecord, crate::InvariantError> {
        let details = ChildDetails { forename: "Ada".into(), dob: Some(d("2015-01-01")), ..Default::default() };
        let mut log = vec![(1, ChildEvent::Registered { details })];
        log.extend(events.iter().cloned().enumerate().map(|(i, e)| (i as u64 + 2, e)));
        ChildRecord::replay(&ChildId::new("C1").unwrap(), &log)
    }

    #[test]
    fn line_managers_are_the_teams_managers_and_the_services() {
        let (org, on) = (org(), d("2026-03-02"));
        assert!(manages(&org, &w("M1"), &w("W1"), on));
        assert!(!manages(&org, &w("M2"), &w("W1"), on), "another team's manager");
        assert!(manages(&org, &w("S1"), &w("W1"), on), "the service's manager");
        assert!(!manages(&org, &w("I1"), &w("W1"), on));
        assert!(manages(&org, &w("I2"), &w("W1"), d("2026-01-15")) && !manages(&org, &w("I2"), &w("W1"), on));
    }

    #[test]
    fn a_reviewer_is_never_the_childs_worker() {
        // The record refuses it either way round.
        let e = record(&[reviewer("I1", "2026-03-01"), allocated("I1")]).unwrap_err();
        assert!(e.message.contains("never the child's worker"), "{}", e.message);
        let e = record(&[allocated("I1"), reviewer("I1", "2026-03-05")]).unwrap_err();
        assert!(e.message.contains("allocated as the child's worker"), "{}", e.message);
        // Assigned from a date before a later allocation to them: refused as well.
        assert!(record(&[allocated("W1"), reviewer("W1", "2026-03-01")]).is_err());
        assert!(record(&[reviewer("I1", "2026-03-01"), allocated("W1")]).is_ok());
    }

    #[test]
    fn a_reviewer_is_never_the_line_manager_of_the_childs_worker() {
        let org = org();
        let with_worker = record(&[allocated("W1")]).unwrap();
        for (who, refused) in [("M1", true), ("S1", true), ("M2", false), ("I1", false), ("I2", false)] {
            let r = independent(&org, &with_worker, &reviewer(who, "2026-03-05"));
            assert_eq!(r.is_err(), refused, "{who}: {r:?}");
        }
        let reviewed = record(&[reviewer("M1", "2026-03-01")]).unwrap();
        let why = independent(&org, &reviewed, &allocated("W1")).unwrap_err();
        assert!(why.contains("Staff M1") && why.contains("manages Staff W1"), "{why}");
        let corrected = ChildEvent::Corrected { seq: 2, replacement: Box::new(allocated("W1")) };
        assert!(independent(&org, &reviewed, &corrected).is_err(), "a correction is judged by its replacement");
        assert!(independent(&org, &record(&[reviewer("I1", "2026-03-01")]).unwrap(), &allocated("W1")).is_ok());
    }
}
