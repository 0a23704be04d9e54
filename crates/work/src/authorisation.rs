//! Steps that need a manager: a worker proposes the step (the event that would
//! record it) and it waits on the team's queue until a manager authorises it
//! (the event is then written to the child's log, as the manager's), returns
//! it with reasons, or the worker withdraws it. The `authorisation` stream,
//! keyed by the child; separation of duties (decision 001) is enforced here:
//! no one authorises their own request.

use crate::task::text;
use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::journey::chronology::describe;
use carefile_domain::stream::{Projection, Stamp, StreamEvent};
use carefile_domain::timescales::{Deadline, Item, Moment};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, ItemNo, TeamId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A step of the journey that a manager authorises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    ContactDecision,
    ReferralDecision,
    AssessmentAuthorisation,
    S47Outcome,
    Closure,
}

impl Step {
    pub const ALL: [Step; 5] =
        [Step::ContactDecision, Step::ReferralDecision, Step::AssessmentAuthorisation, Step::S47Outcome, Step::Closure];

    /// The step an event records, if it is one a manager authorises.
    pub fn of(event: &ChildEvent) -> Option<Step> {
        Some(match event {
            ChildEvent::ContactDecided { .. } => Step::ContactDecision,
            ChildEvent::ReferralDecided { .. } => Step::ReferralDecision,
            ChildEvent::AssessmentAuthorised { .. } => Step::AssessmentAuthorisation,
            ChildEvent::S47Concluded { .. } => Step::S47Outcome,
            ChildEvent::CaseClosed { .. } => Step::Closure,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::ContactDecision => "Decision on a contact",
            Step::ReferralDecision => "Decision on a referral",
            Step::AssessmentAuthorisation => "Assessment authorisation",
            Step::S47Outcome => "Section 47 outcome",
            Step::Closure => "Case closure",
        }
    }

    /// The statutory due item the step meets, if any.
    fn meets(self) -> Option<Item> {
        match self {
            Step::ContactDecision => Some(Item::ContactDecision),
            Step::ReferralDecision => Some(Item::ReferralDecision),
            Step::AssessmentAuthorisation => Some(Item::Assessment),
            Step::S47Outcome | Step::Closure => None,
        }
    }
}

/// Longest note to the manager, or reason.
pub const MAX_NOTE: usize = 4000;

/// A fact about a child's requests for authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AuthorisationEvent {
    /// A worker proposes `proposal` for a manager of `team` to authorise.
    Requested {
        no: ItemNo,
        proposal: ChildEvent,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        team: Option<TeamId>,
    },
    /// The proposer sends a returned request again, changed.
    Resubmitted {
        no: ItemNo,
        proposal: ChildEvent,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// A manager authorised it; the proposal was written to the child's log as `seq`.
    Authorised { no: ItemNo, seq: u64 },
    /// A manager sent it back.
    Returned { no: ItemNo, reason: String },
    /// The proposer took it back.
    Withdrawn { no: ItemNo, reason: String },
}

impl AuthorisationEvent {
    pub fn no(&self) -> ItemNo {
        match self {
            AuthorisationEvent::Requested { no, .. }
            | AuthorisationEvent::Resubmitted { no, .. }
            | AuthorisationEvent::Authorised { no, .. }
            | AuthorisationEvent::Returned { no, .. }
            | AuthorisationEvent::Withdrawn { no, .. } => *no,
        }
    }
}

impl StreamEvent for AuthorisationEvent {
    fn kind(&self) -> &'static str {
        match self {
            AuthorisationEvent::Requested { .. } => "requested",
            AuthorisationEvent::Resubmitted { .. } => "resubmitted",
            AuthorisationEvent::Authorised { .. } => "authorised",
            AuthorisationEvent::Returned { .. } => "returned",
            AuthorisationEvent::Withdrawn { .. } => "withdrawn",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        None
    }
}

/// Where a request stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Returned { by: String, at: DateTime<Utc>, reason: String },
    Authorised { by: String, at: DateTime<Utc>, seq: u64 },
    Withdrawn { by: String, at: DateTime<Utc>, reason: String },
}

/// One request for authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub no: ItemNo,
    pub step: Step,
    pub proposal: ChildEvent,
    pub note: String,
    pub team: Option<TeamId>,
    /// The user who proposed it, and when (the last submission).
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub status: RequestStatus,
    /// How many times it was returned.
    pub returned: u32,
}

impl Request {
    pub fn is_pending(&self) -> bool {
        self.status == RequestStatus::Pending
    }
}

/// A child's requests for authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requests {
    pub child: ChildId,
    pub requests: Vec<Request>,
}

impl Requests {
    pub fn get(&self, no: ItemNo) -> Option<&Request> {
        self.requests.iter().find(|r| r.no == no)
    }

    /// The next request's number.
    pub fn next_no(&self) -> ItemNo {
        self.requests.iter().map(|r| r.no).max().unwrap_or(0) + 1
    }

    pub fn pending(&self) -> impl Iterator<Item = &Request> {
        self.requests.iter().filter(|r| r.is_pending())
    }

    /// Pending requests on the team's queue (due when the step they meet is
    /// due), and returned ones on their proposer's tray.
    pub fn tray_items(&self, record: &ChildRecord, deadlines: &[Deadline]) -> Vec<TrayItem> {
        let mut out = Vec::new();
        for r in &self.requests {
            let (owner, kind, title) = match &r.status {
                RequestStatus::Pending => (
                    r.team.clone().map_or(Owner::Unallocated, Owner::Team),
                    Kind::Authorisation,
                    format!("{}: {} (proposed by {})", r.step.label(), describe(&r.proposal), r.proposed_by),
                ),
                RequestStatus::Returned { by, reason, .. } => (
                    Owner::User(r.proposed_by.clone()),
                    Kind::Returned,
                    format!("{} returned by {by}: {}", r.step.label(), first_line(reason)),
                ),
                _ => continue,
            };
            out.push(TrayItem {
                owner,
                subject: Subject::Child(self.child.clone()),
                kind,
                title,
                due: due_of(r, record, deadlines),
                target: Target::Authorisation { child: self.child.clone(), no: r.no },
            });
        }
        out
    }

    /// The (item, basis date) of due items a pending request stands in for.
    pub fn covers(&self, record: &ChildRecord) -> Vec<(Item, NaiveDate)> {
        self.pending().filter_map(|r| Some((r.step.meets()?, basis_date(&r.proposal, record)?))).collect()
    }
}

pub(crate) fn first_line(s: &str) -> &str {
    let line = s.lines().next().unwrap_or("");
    match line.char_indices().nth(80) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

/// The date the due item a proposal meets counts from.
fn basis_date(proposal: &ChildEvent, record: &ChildRecord) -> Option<NaiveDate> {
    match proposal {
        ChildEvent::ContactDecided { contact, .. } => {
            record.contacts.iter().find(|c| c.no == *contact).map(|c| c.at.date())
        }
        ChildEvent::ReferralDecided { referral, .. } => {
            record.referrals.iter().find(|r| r.no == *referral).map(|r| r.date())
        }
        ChildEvent::AssessmentAuthorised { assessment, .. } => {
            record.referrals.iter().find(|r| r.assessments.iter().any(|a| a.no == *assessment)).map(|r| r.date())
        }
        _ => None,
    }
}

fn due_of(r: &Request, record: &ChildRecord, deadlines: &[Deadline]) -> Option<Moment> {
    let item = r.step.meets()?;
    let from = basis_date(&r.proposal, record)?;
    deadlines.iter().find(|d| d.item == item && d.from.at.date == from && d.status.is_open()).map(|d| d.due)
}

impl Projection for Requests {
    const STREAM: &'static str = "authorisation";
    type Id = ChildId;
    type Event = AuthorisationEvent;

    fn start(id: &ChildId, at: Stamp, event: &AuthorisationEvent) -> Result<Self, String> {
        let mut r = Requests { child: id.clone(), requests: Vec::new() };
        r.apply(at, event)?;
        Ok(r)
    }

    fn apply(&mut self, at: Stamp, event: &AuthorisationEvent) -> Result<(), String> {
        let by = &at.recorded.by;
        let no = event.no();
        if let AuthorisationEvent::Requested { proposal, note, team, .. } = event {
            let step =
                Step::of(proposal).ok_or_else(|| format!("{} is not a step a manager authorises", proposal.kind()))?;
            text("the note", note, MAX_NOTE, false)?;
            if self.get(no).is_some() {
                return Err(format!("request {no} already exists"));
            }
            self.requests.push(Request {
                no,
                step,
                proposal: proposal.clone(),
                note: note.trim().to_string(),
                team: team.clone(),
                proposed_by: by.clone(),
                proposed_at: at.recorded.at,
                status: RequestStatus::Pending,
                returned: 0,
            });
            return Ok(());
        }
        let r = self.requests.iter_mut().find(|r| r.no == no).ok_or_else(|| format!("no request {no}"))?;
        let at_time = at.recorded.at;
        match event {
            AuthorisationEvent::Requested { .. } => unreachable!("handled above"),
            AuthorisationEvent::Resubmitted { proposal, note, .. } => {
                if !matches!(r.status, RequestStatus::Returned { .. }) {
                    return Err(format!("request {no} was not returned"));
                }
                if *by != r.proposed_by {
                    return Err(format!("only {} may resubmit request {no}", r.proposed_by));
                }
                if Step::of(proposal) != Some(r.step) {
                    return Err(format!("request {no} is for {}", r.step.label().to_lowercase()));
                }
                text("the note", note, MAX_NOTE, false)?;
                r.proposal = proposal.clone();
                r.note = note.trim().to_string();
                r.proposed_at = at_time;
                r.status = RequestStatus::Pending;
            }
            AuthorisationEvent::Authorised { seq, .. } => {
                pending(r)?;
                if *by == r.proposed_by {
                    return Err(format!(
                        "{by} proposed request {no} and cannot authorise it: another manager must (separation of duties)"
                    ));
                }
                r.status = RequestStatus::Authorised { by: by.clone(), at: at_time, seq: *seq };
            }
            AuthorisationEvent::Returned { reason, .. } => {
                pending(r)?;
                text("a reason", reason, MAX_NOTE, true)?;
                r.returned += 1;
                r.status = RequestStatus::Returned { by: by.clone(), at: at_time, reason: reason.trim().to_string() };
            }
            AuthorisationEvent::Withdrawn { reason, .. } => {
                if !matches!(r.status, RequestStatus::Pending | RequestStatus::Returned { .. }) {
                    return Err(format!("request {no} is already decided"));
                }
                if *by != r.proposed_by {
                    return Err(format!("only {} may withdraw request {no}", r.proposed_by));
                }
                text("a reason", reason, MAX_NOTE, true)?;
                r.status = RequestStatus::Withdrawn { by: by.clone(), at: at_time, reason: reason.trim().to_string() };
            }
        }
        Ok(())
    }
}

fn pending(r: &Request) -> Result<(), String> {
    if r.is_pending() { Ok(()) } else { Err(format!("request {} is not waiting for authorisation", r.no)) }
}
