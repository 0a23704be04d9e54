//! Streams beside the child's (decision 002): people, households, notes,
//! documents, plans, tasks… Each is a log of events about one subject (a
//! person, a household, a child's notes) folded into a projection that refuses
//! what would break it, as [`ChildRecord::apply`](crate::ChildRecord::apply)
//! does for a child. The store keeps every such stream in one table and every
//! projection in another, knowing each only through these traits, so a new
//! service adds a module, not a table.

pub mod changes;

use crate::Recorded;
use crate::ids::BadId;
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::hash::Hash;

/// The identifier of a stream's subject, as stored in the `subject` column.
pub trait SubjectId:
    Clone + Eq + Ord + Hash + fmt::Debug + fmt::Display + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// Reads a stored or typed identifier, checking its form.
    fn parse(s: &str) -> Result<Self, BadId>;
    fn as_str(&self) -> &str;
    /// The number of an identifier the store handed out ([`NumberedId`]).
    fn number(&self) -> Option<u64> {
        None
    }
}

/// Identifiers the store hands out: a fixed prefix and a number (`P000012`).
pub trait NumberedId: SubjectId {
    const PREFIX: &'static str;
    fn from_number(n: u64) -> Self;
}

/// One fact in a stream.
pub trait StreamEvent: Serialize + DeserializeOwned + Clone + fmt::Debug + Send + Sync + 'static {
    /// The event's name as stored (`person_registered`…).
    fn kind(&self) -> &'static str;
    /// The date the fact took effect, where it has one.
    fn effective_date(&self) -> Option<NaiveDate>;
    /// Whether the stream's entries are corrected and withdrawn ([`changes`]): those of the
    /// streams recorded through forms.
    const CHANGED: bool = false;
}

/// Where an event sits in its stream: its global sequence number, its version
/// within the subject (1, 2, …), and who recorded it when.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    pub seq: u64,
    pub version: u64,
    pub recorded: &'a Recorded,
}

/// A subject as it stands: the fold of its stream.
pub trait Projection: Serialize + DeserializeOwned + Clone + PartialEq + fmt::Debug + Send + Sync + 'static {
    /// The stream's name as stored (`person`, `household`…); unique across carefile.
    const STREAM: &'static str;
    type Id: SubjectId;
    type Event: StreamEvent;

    /// The projection from a subject's first event, or why that event cannot start one.
    fn start(id: &Self::Id, at: Stamp, event: &Self::Event) -> Result<Self, String>;

    /// The record this subject belongs to (a child's id for a note about the
    /// child), so the store can list a record's subjects; `None` for subjects
    /// that stand alone (a person, a household).
    fn about(&self) -> Option<&str> {
        None
    }

    /// Content the store keeps for this subject apart from the log, by SHA-256
    /// and size (a document's bytes): `check` verifies it is all there.
    fn blobs(&self) -> Vec<(&str, u64)> {
        Vec::new()
    }

    /// Applies a later event, or says why it cannot apply. May leave `self`
    /// half changed on refusal: callers use [`Projection::next`].
    fn apply(&mut self, at: Stamp, event: &Self::Event) -> Result<(), String>;

    /// The projection after `event`: a new subject from `None`, else the
    /// state moved on; on refusal the error names the stream, subject and event.
    fn next(id: &Self::Id, before: Option<&Self>, at: Stamp, event: &Self::Event) -> Result<Self, StreamError> {
        let refused =
            |message| StreamError { stream: Self::STREAM, subject: id.to_string(), event: event.kind(), message };
        match before {
            None => Self::start(id, at, event).map_err(refused),
            Some(state) => {
                let mut next = state.clone();
                next.apply(at, event).map_err(refused)?;
                Ok(next)
            }
        }
    }

    /// The fold of a whole stream, in version order.
    fn replay<'a>(
        id: &Self::Id,
        events: impl IntoIterator<Item = (Stamp<'a>, &'a Self::Event)>,
    ) -> Result<Option<Self>, StreamError> {
        let mut state = None;
        for (at, e) in events {
            state = Some(Self::next(id, state.as_ref(), at, e)?);
        }
        Ok(state)
    }
}

/// An event a stream's projection refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event} for {stream} {subject}: {message}")]
pub struct StreamError {
    pub stream: &'static str,
    pub subject: String,
    pub event: &'static str,
    pub message: String,
}

/// A fact's date must be a plausible one: not before 1900, and not after the
/// day it was recorded (the next day allowed, for a UK evening recorded in UTC).
pub fn check_date(date: NaiveDate, at: Stamp) -> Result<(), String> {
    if date < NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date") {
        return Err(format!("{date} is before 1900"));
    }
    let recorded = at.recorded.at.date_naive();
    if date > recorded.succ_opt().unwrap_or(recorded) {
        return Err(format!("{date} is after the day it was recorded ({recorded})"));
    }
    Ok(())
}

/// Declares a numbered identifier: a prefix and at least six digits, e.g.
/// `P000012`. The crate using it needs `serde` as a dependency.
#[macro_export]
macro_rules! numbered_id {
    ($(#[$m:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Box<str>);

        impl $name {
            pub fn new(s: &str) -> Result<Self, $crate::ids::BadId> {
                let digits = s.strip_prefix($prefix).unwrap_or("");
                if !digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
                    Ok($name(s.into()))
                } else {
                    Err($crate::ids::BadId {
                        what: $what,
                        value: s.to_string(),
                        expected: concat!("'", $prefix, "' and up to 12 digits"),
                    })
                }
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl $crate::stream::SubjectId for $name {
            fn parse(s: &str) -> Result<Self, $crate::ids::BadId> {
                $name::new(s)
            }
            fn as_str(&self) -> &str {
                &self.0
            }
            fn number(&self) -> Option<u64> {
                self.0.strip_prefix($prefix)?.parse().ok()
            }
        }

        impl $crate::stream::NumberedId for $name {
            const PREFIX: &'static str = $prefix;
            fn from_number(n: u64) -> Self {
                $name(format!(concat!($prefix, "{:06}"), n).into())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ids::BadId;
            fn try_from(s: String) -> Result<Self, $crate::ids::BadId> {
                $name::new(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.into()
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ids::BadId;
            fn from_str(s: &str) -> Result<Self, $crate::ids::BadId> {
                $name::new(s)
            }
        }
    };
}

/// The child's own identifier keys the streams about a child beside its log (notes, documents, plans).
impl SubjectId for crate::ChildId {
    fn parse(s: &str) -> Result<Self, BadId> {
        crate::ChildId::new(s)
    }
    fn as_str(&self) -> &str {
        crate::ChildId::as_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::numbered_id!(TestId, "X", "test ID");

    #[test]
    fn numbered_ids_are_a_prefix_and_digits() {
        use super::SubjectId;
        assert_eq!(TestId::from_number(12).as_str(), "X000012");
        assert_eq!(TestId::from_number(1_234_567).number(), Some(1_234_567));
        assert!(TestId::new("X1").is_ok());
        for bad in ["", "X", "Y12", "X12a", "x12", "X1234567890123"] {
            assert!(TestId::new(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<TestId>("\"X-1\"").is_err());
    }
}
