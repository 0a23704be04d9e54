//! Transfers between teams with an accept step: a manager of the team that
//! holds a child proposes moving the child to another team; the proposal
//! waits on the receiving team's queue until one of its managers accepts it
//! with a worker (the allocation is written to the child's log in the same
//! transaction, as theirs), or declines it with a reason; the proposer's side
//! may withdraw it meanwhile. The sending team keeps the child until the
//! transfer is accepted. A decline waits on the sending team's queue until one
//! of its managers has noted it (or proposes again). The `transfer` stream,
//! keyed by the child: one proposal waits at a time.

use crate::task::text;
use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::codes::SocialWorkerChangeReason;
use carefile_domain::stream::{Projection, Stamp, StreamEvent, check_date};
use carefile_domain::{ChildId, ItemNo, TeamId, WorkerId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Longest note or reason.
pub const MAX_NOTE: usize = 4000;

/// A fact about a child's transfers between teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TransferEvent {
    /// A manager of `from` (the team holding the child) proposes `to`; `reason` is the
    /// change of worker's reason the allocation will carry (SSDA903's SW reason).
    Proposed { no: ItemNo, from: TeamId, to: TeamId, reason: SocialWorkerChangeReason, note: String },
    /// A manager of the receiving team accepted it with `worker` from `date`; the
    /// allocation was written to the child's log as `seq`.
    Accepted { no: ItemNo, date: NaiveDate, worker: WorkerId, seq: u64 },
    /// A manager of the receiving team declined it.
    Declined { no: ItemNo, reason: String },
    /// The sending team took it back before it was decided.
    Withdrawn { no: ItemNo, reason: String },
    /// The sending team has read the decline: the child stays with them.
    Noted { no: ItemNo },
}

impl TransferEvent {
    pub fn no(&self) -> ItemNo {
        match self {
            TransferEvent::Proposed { no, .. }
            | TransferEvent::Accepted { no, .. }
            | TransferEvent::Declined { no, .. }
            | TransferEvent::Withdrawn { no, .. }
            | TransferEvent::Noted { no } => *no,
        }
    }
}

impl StreamEvent for TransferEvent {
    fn kind(&self) -> &'static str {
        match self {
            TransferEvent::Proposed { .. } => "proposed",
            TransferEvent::Accepted { .. } => "accepted",
            TransferEvent::Declined { .. } => "declined",
            TransferEvent::Withdrawn { .. } => "withdrawn",
            TransferEvent::Noted { .. } => "noted",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            TransferEvent::Accepted { date, .. } => Some(*date),
            _ => None,
        }
    }
}

/// Who decided, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct By {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Where a transfer stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TransferStatus {
    Pending,
    Accepted { by: By, date: NaiveDate, worker: WorkerId, seq: u64 },
    Declined { by: By, reason: String, noted: Option<By> },
    Withdrawn { by: By, reason: String },
}

/// One proposed transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub no: ItemNo,
    pub from: TeamId,
    pub to: TeamId,
    pub reason: SocialWorkerChangeReason,
    pub note: String,
    pub proposed: By,
    pub status: TransferStatus,
}

impl Transfer {
    pub fn is_pending(&self) -> bool {
        self.status == TransferStatus::Pending
    }

    /// Declined and not yet noted by the sending team.
    pub fn awaits_noting(&self) -> bool {
        matches!(self.status, TransferStatus::Declined { noted: None, .. })
    }
}

/// A child's transfers, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfers {
    pub child: ChildId,
    pub transfers: Vec<Transfer>,
}

impl Transfers {
    pub fn get(&self, no: ItemNo) -> Option<&Transfer> {
        self.transfers.iter().find(|t| t.no == no)
    }

    pub fn next_no(&self) -> ItemNo {
        self.transfers.iter().map(|t| t.no).max().unwrap_or(0) + 1
    }

    /// The proposal waiting for the receiving team, if any.
    pub fn pending(&self) -> Option<&Transfer> {
        self.transfers.iter().find(|t| t.is_pending())
    }

    /// A pending proposal on the receiving team's queue; a decline not yet noted
    /// on the sending team's (only the latest transfer's: a new proposal answers it).
    /// `team` names a team for the titles. Undated: no statute sets a time.
    pub fn tray_items(&self, team: impl Fn(&TeamId) -> String) -> Vec<TrayItem> {
        let Some(last) = self.transfers.last() else { return vec![] };
        let (owner, title) = match &last.status {
            TransferStatus::Pending => (
                Owner::Team(last.to.clone()),
                format!("Transfer in from {}, proposed by {}", team(&last.from), last.proposed.by),
            ),
            TransferStatus::Declined { by, reason, noted: None } => (
                Owner::Team(last.from.clone()),
                format!("Transfer to {} declined by {}: {}", team(&last.to), by.by, crate::authorisation::first_line(reason)),
            ),
            _ => return vec![],
        };
        vec![TrayItem {
            owner,
            subject: Subject::Child(self.child.clone()),
            kind: Kind::Transfer,
            title,
            due: None,
            target: Target::Transfer { child: self.child.clone(), no: last.no },
        }]
    }
}

fn by(at: Stamp) -> By {
    By { by: at.recorded.by.clone(), at: at.recorded.at }
}

impl Projection for Transfers {
    const STREAM: &'static str = "transfer";
    type Id = ChildId;
    type Event = TransferEvent;

    fn start(id: &ChildId, at: Stamp, event: &TransferEvent) -> Result<Self, String> {
        let mut t = Transfers { child: id.clone(), transfers: Vec::new() };
        t.apply(at, event)?;
        Ok(t)
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn apply(&mut self, at: Stamp, event: &TransferEvent) -> Result<(), String> {
        let no = event.no();
        if let TransferEvent::Proposed { from, to, reason, note, .. } = event {
            if from == to {
                return Err(format!("{to} already holds the child"));
            }
            if let Some(p) = self.pending() {
                return Err(format!("a transfer to {} is already waiting (transfer {})", p.to, p.no));
            }
            if self.get(no).is_some() {
                return Err(format!("transfer {no} already exists"));
            }
            text("the note", note, MAX_NOTE, false)?;
            // A new proposal answers an earlier decline.
            for t in &mut self.transfers {
                if let TransferStatus::Declined { noted: noted @ None, .. } = &mut t.status {
                    *noted = Some(by(at));
                }
            }
            self.transfers.push(Transfer {
                no,
                from: from.clone(),
                to: to.clone(),
                reason: *reason,
                note: note.trim().to_string(),
                proposed: by(at),
                status: TransferStatus::Pending,
            });
            return Ok(());
        }
        let t = self.transfers.iter_mut().find(|t| t.no == no).ok_or_else(|| format!("no transfer {no}"))?;
        let waiting = |t: &Transfer| {
            if t.is_pending() { Ok(()) } else { Err(format!("transfer {no} is not waiting for the receiving team")) }
        };
        match event {
            TransferEvent::Proposed { .. } => unreachable!("handled above"),
            TransferEvent::Accepted { date, worker, seq, .. } => {
                waiting(t)?;
                if at.recorded.by == t.proposed.by {
                    return Err("whoever proposed a transfer cannot accept it: a manager of the receiving team does".into());
                }
                check_date(*date, at)?;
                let proposed_on = t.proposed.at.date_naive();
                if *date < proposed_on {
                    return Err(format!("{date} is before the transfer was proposed on {proposed_on}"));
                }
                t.status = TransferStatus::Accepted { by: by(at), date: *date, worker: worker.clone(), seq: *seq };
            }
            TransferEvent::Declined { reason, .. } => {
                waiting(t)?;
                if at.recorded.by == t.proposed.by {
                    return Err("whoever proposed a transfer withdraws it rather than declining it".into());
                }
                text("a reason", reason, MAX_NOTE, true)?;
                t.status = TransferStatus::Declined { by: by(at), reason: reason.trim().to_string(), noted: None };
            }
            TransferEvent::Withdrawn { reason, .. } => {
                waiting(t)?;
                text("a reason", reason, MAX_NOTE, true)?;
                t.status = TransferStatus::Withdrawn { by: by(at), reason: reason.trim().to_string() };
            }
            TransferEvent::Noted { .. } => {
                let TransferStatus::Declined { noted, .. } = &mut t.status else {
                    return Err(format!("transfer {no} was not declined"));
                };
                if noted.is_some() {
                    return Err(format!("transfer {no}'s decline is already noted"));
                }
                *noted = Some(by(at));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::Recorded;
    use carefile_domain::stream::StreamError;
    use chrono::TimeZone;

    fn team(s: &str) -> TeamId {
        TeamId::new(s).unwrap()
    }

    fn fold(events: &[(&str, TransferEvent)]) -> Result<Option<Transfers>, StreamError> {
        let recs: Vec<Recorded> = events
            .iter()
            .map(|(by, _)| Recorded::new(Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap(), *by, None))
            .collect();
        let id = ChildId::new("C1").unwrap();
        Transfers::replay(
            &id,
            events
                .iter()
                .zip(&recs)
                .enumerate()
                .map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)),
        )
    }

    fn proposed(no: ItemNo, to: &str) -> TransferEvent {
        TransferEvent::Proposed {
            no,
            from: team("T1"),
            to: team(to),
            reason: SocialWorkerChangeReason::Tsproc,
            note: "Assessment done: a child in need plan, long term".into(),
        }
    }

    fn accepted(no: ItemNo, date: &str) -> TransferEvent {
        TransferEvent::Accepted { no, date: date.parse().unwrap(), worker: WorkerId::new("W9").unwrap(), seq: 40 }
    }

    fn owners(t: &Transfers) -> Vec<(Owner, Kind)> {
        t.tray_items(|t| format!("team {t}")).into_iter().map(|i| (i.owner, i.kind)).collect()
    }

    #[test]
    fn a_proposal_waits_on_the_receiving_queue_until_accepted() {
        let t = fold(&[("tm1", proposed(1, "T2"))]).unwrap().unwrap();
        assert_eq!(owners(&t), [(Owner::Team(team("T2")), Kind::Transfer)]);
        let items = t.tray_items(|t| format!("team {t}"));
        assert!(items[0].title.contains("team T1") && items[0].title.contains("tm1"), "{}", items[0].title);
        assert_eq!(items[0].target, Target::Transfer { child: ChildId::new("C1").unwrap(), no: 1 });

        let done = fold(&[("tm1", proposed(1, "T2")), ("tm2", accepted(1, "2026-03-02"))]).unwrap().unwrap();
        assert!(owners(&done).is_empty());
        assert!(matches!(&done.transfers[0].status, TransferStatus::Accepted { by, .. } if by.by == "tm2"));
        assert!(done.pending().is_none());
    }

    #[test]
    fn a_decline_waits_on_the_sending_queue_until_noted_or_proposed_again() {
        let declined = TransferEvent::Declined { no: 1, reason: "Not in our area".into() };
        let t = fold(&[("tm1", proposed(1, "T2")), ("tm2", declined.clone())]).unwrap().unwrap();
        assert_eq!(owners(&t), [(Owner::Team(team("T1")), Kind::Transfer)]);
        let noted = fold(&[("tm1", proposed(1, "T2")), ("tm2", declined.clone()), ("tm1b", TransferEvent::Noted { no: 1 })]);
        assert!(owners(&noted.unwrap().unwrap()).is_empty());
        // Proposed again elsewhere: the new proposal is on T3's queue, the decline answered.
        let again = fold(&[("tm1", proposed(1, "T2")), ("tm2", declined), ("tm1", proposed(2, "T3"))]).unwrap().unwrap();
        assert_eq!(owners(&again), [(Owner::Team(team("T3")), Kind::Transfer)]);
        assert!(!again.transfers[0].awaits_noting());
    }

    #[test]
    fn refusals_say_why() {
        let refused = |events: &[(&str, TransferEvent)]| fold(events).unwrap_err().message;
        let p = || ("tm1", proposed(1, "T2"));
        assert!(refused(&[("tm1", proposed(1, "T1"))]).contains("already holds"));
        assert!(refused(&[p(), ("tm1", proposed(2, "T3"))]).contains("already waiting"));
        assert!(refused(&[p(), ("tm1", accepted(1, "2026-03-02"))]).contains("cannot accept"));
        assert!(refused(&[p(), ("tm2", accepted(1, "2026-03-01"))]).contains("before the transfer was proposed"));
        assert!(refused(&[p(), ("tm2", accepted(1, "2026-03-09"))]).contains("after the day it was recorded"));
        assert!(refused(&[p(), ("tm2", TransferEvent::Declined { no: 1, reason: " ".into() })]).contains("reason"));
        assert!(refused(&[p(), ("tm1", TransferEvent::Declined { no: 1, reason: "x".into() })]).contains("withdraws"));
        let withdrawn = ("tm1", TransferEvent::Withdrawn { no: 1, reason: "The family moved back".into() });
        assert!(refused(&[p(), withdrawn.clone(), ("tm2", accepted(1, "2026-03-02"))]).contains("not waiting"));
        assert!(refused(&[p(), ("tm2", TransferEvent::Noted { no: 1 })]).contains("not declined"));
        assert!(refused(&[p(), ("tm2", accepted(2, "2026-03-02"))]).contains("no transfer 2"));
        let long = TransferEvent::Proposed {
            no: 1,
            from: team("T1"),
            to: team("T2"),
            reason: SocialWorkerChangeReason::Tsproc,
            note: "x".repeat(MAX_NOTE + 1),
        };
        assert!(refused(&[("tm1", long)]).contains("at most"));
        // Withdrawn, then proposed again: allowed.
        assert!(fold(&[p(), withdrawn, ("tm1", proposed(2, "T2"))]).is_ok());
    }
}
