//! A child's relationships (the child is the first party: "P000012 is the
//! child's mother") and the alerts on the child's record (risk to staff…), on
//! the `connection` stream about the child, so the `child` stream's log stays
//! the journey. An adult's are on their own `person` stream; both fold into
//! [`Connections`].

use super::PersonRef;
use super::person::{AlertKind, Connections, Relation};
use crate::ChildId;
use crate::ids::ItemNo;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A change to a child's relationships or alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConnectionEvent {
    RelationshipRecorded {
        other: PersonRef,
        relation: Relation,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        parental_responsibility: bool,
    },
    RelationshipEnded {
        other: PersonRef,
        relation: Relation,
        date: NaiveDate,
    },
    AlertRaised {
        no: ItemNo,
        kind: AlertKind,
        detail: String,
        date: NaiveDate,
    },
    AlertEnded {
        no: ItemNo,
        date: NaiveDate,
    },
}

impl StreamEvent for ConnectionEvent {
    fn kind(&self) -> &'static str {
        match self {
            ConnectionEvent::RelationshipRecorded { .. } => "relationship_recorded",
            ConnectionEvent::RelationshipEnded { .. } => "relationship_ended",
            ConnectionEvent::AlertRaised { .. } => "alert_raised",
            ConnectionEvent::AlertEnded { .. } => "alert_ended",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            ConnectionEvent::RelationshipRecorded { from, .. } => *from,
            ConnectionEvent::RelationshipEnded { date, .. }
            | ConnectionEvent::AlertRaised { date, .. }
            | ConnectionEvent::AlertEnded { date, .. } => Some(*date),
        }
    }
}

/// A child's relationships and alerts as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildConnections {
    pub child: ChildId,
    #[serde(flatten)]
    pub connections: Connections,
}

impl Projection for ChildConnections {
    const STREAM: &'static str = "connection";
    type Id = ChildId;
    type Event = ConnectionEvent;

    fn start(id: &ChildId, at: Stamp, event: &ConnectionEvent) -> Result<Self, String> {
        let mut c = ChildConnections { child: id.clone(), connections: Connections::default() };
        c.apply(at, event)?;
        Ok(c)
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn apply(&mut self, at: Stamp, event: &ConnectionEvent) -> Result<(), String> {
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
        }
        let me = PersonRef::Child(self.child.clone());
        let c = &mut self.connections;
        match event {
            ConnectionEvent::RelationshipRecorded { other, relation, from, parental_responsibility } => {
                c.relationship_recorded(&me, other, *relation, *from, *parental_responsibility)
            }
            ConnectionEvent::RelationshipEnded { other, relation, date } => {
                c.relationship_ended(other, *relation, *date)
            }
            ConnectionEvent::AlertRaised { no, kind, detail, date } => c.alert_raised(*no, *kind, detail, *date),
            ConnectionEvent::AlertEnded { no, date } => c.alert_ended(*no, *date),
        }
    }
}
