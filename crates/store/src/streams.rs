//! The streams beside the child's (decision 002): every one is registered
//! here once, so appends, imports and `check` fold it with the same
//! projection. Adding a stream is one line below and a projection in the
//! domain (or the work crate); the tables stay the same.

use crate::jsonl::Stream;
use carefile_domain::Recorded;
use carefile_domain::stream::changes::{self, Entry};
use carefile_domain::stream::{Projection, Stamp, StreamError, StreamEvent, SubjectId};
use std::any::Any;
use std::marker::PhantomData;

/// A projection held without its type: the store folds any registered stream through this.
pub(crate) type State = Box<dyn Any + Send>;

/// A folded event's columns: its kind and effective date as stored.
pub(crate) struct Columns {
    pub kind: &'static str,
    pub effective: Option<String>,
}

/// A registered stream, seen without its types.
pub(crate) trait Kind: Sync {
    fn name(&self) -> &'static str;
    /// Whether `subject` is a well-formed identifier of this stream's subjects, and its number if it has one.
    fn subject(&self, subject: &str) -> Result<Option<u64>, String>;
    /// Folds the event stored as `payload` into `before`.
    fn fold(
        &self,
        subject: &str,
        before: Option<&State>,
        at: Stamp,
        payload: &str,
    ) -> Result<(State, Columns), FoldError>;
    /// Folds a subject's whole log (`(stamp, payload)` in version order) with its corrections
    /// and withdrawals: how an event that changes earlier ones is folded.
    fn refold(&self, subject: &str, log: &[(Stamp, &str)]) -> Result<(State, Columns), FoldError>;
    /// Whether the stream's entries are corrected and withdrawn.
    fn changed(&self) -> bool;
    fn state_text(&self, state: &State) -> Result<String, String>;
    /// The record the subject belongs to.
    fn about(&self, state: &State) -> Option<String>;
    /// Content kept apart from the log: (SHA-256, size).
    fn blobs(&self, state: &State) -> Vec<(String, u64)>;
    fn parse_text(&self, text: &str) -> Result<State, String>;
    fn same(&self, a: &State, b: &State) -> bool;
}

/// Why an event did not fold: it does not read as the stream's event, or its projection refused it.
#[derive(Debug)]
pub(crate) enum FoldError {
    Unreadable(String),
    Refused(StreamError),
}

impl std::fmt::Display for FoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FoldError::Unreadable(m) => write!(f, "payload: {m}"),
            FoldError::Refused(e) => e.fmt(f),
        }
    }
}

struct Typed<P>(PhantomData<fn() -> P>);

fn typed<P: Projection>(state: &State) -> Result<&P, String> {
    state.downcast_ref::<P>().ok_or_else(|| format!("a {} projection of another type", P::STREAM))
}

impl<P: Projection> Kind for Typed<P> {
    fn name(&self) -> &'static str {
        P::STREAM
    }

    fn subject(&self, subject: &str) -> Result<Option<u64>, String> {
        P::Id::parse(subject).map(|id| id.number()).map_err(|e| e.to_string())
    }

    fn fold(
        &self,
        subject: &str,
        before: Option<&State>,
        at: Stamp,
        payload: &str,
    ) -> Result<(State, Columns), FoldError> {
        let id = P::Id::parse(subject).map_err(|e| FoldError::Unreadable(format!("subject: {e}")))?;
        let event: P::Event = serde_json::from_str(payload).map_err(|e| FoldError::Unreadable(e.to_string()))?;
        let before = before.map(typed::<P>).transpose().map_err(FoldError::Unreadable)?;
        let next = P::next(&id, before, at, &event).map_err(FoldError::Refused)?;
        let columns = Columns { kind: event.kind(), effective: event.effective_date().map(|d| d.to_string()) };
        Ok((Box::new(next), columns))
    }

    fn refold(&self, subject: &str, log: &[(Stamp, &str)]) -> Result<(State, Columns), FoldError> {
        let id = P::Id::parse(subject).map_err(|e| FoldError::Unreadable(format!("subject: {e}")))?;
        let log: Vec<(Stamp, Entry<P::Event>)> = log
            .iter()
            .map(|(at, p)| Entry::parse(p).map(|e| (*at, e)).map_err(|e| FoldError::Unreadable(format!("version {}: {e}", at.version))))
            .collect::<Result<_, _>>()?;
        let state = changes::refold::<P>(&id, &log).map_err(|(_, e)| FoldError::Refused(e))?;
        let (state, (_, last)) = state.zip(log.last()).ok_or_else(|| FoldError::Unreadable("an empty log".into()))?;
        let effective = match last {
            Entry::Event(e) => e.effective_date().map(|d| d.to_string()),
            Entry::Change(_) => None,
        };
        Ok((Box::new(state), Columns { kind: last.kind(), effective }))
    }

    fn changed(&self) -> bool {
        <P::Event as StreamEvent>::CHANGED
    }

    fn state_text(&self, state: &State) -> Result<String, String> {
        serde_json::to_string(typed::<P>(state)?).map_err(|e| e.to_string())
    }

    fn about(&self, state: &State) -> Option<String> {
        typed::<P>(state).ok()?.about().map(str::to_string)
    }

    fn blobs(&self, state: &State) -> Vec<(String, u64)> {
        typed::<P>(state).map(|p| p.blobs().into_iter().map(|(h, n)| (h.to_string(), n)).collect()).unwrap_or_default()
    }

    fn parse_text(&self, text: &str) -> Result<State, String> {
        serde_json::from_str::<P>(text).map(|p| Box::new(p) as State).map_err(|e| e.to_string())
    }

    fn same(&self, a: &State, b: &State) -> bool {
        matches!((typed::<P>(a), typed::<P>(b)), (Ok(a), Ok(b)) if a == b)
    }
}

/// Registers each projection's stream: the streams of every export, import and check.
macro_rules! registry {
    ($($p:ty),+ $(,)?) => {
        static KINDS: &[&dyn Kind] = &[$(&Typed::<$p>(PhantomData)),+];

        impl Stream {
            /// Every stream.
            pub const ALL: &'static [Stream] = &[
                Stream::Child, Stream::Org, Stream::Users, Stream::Audit,
                $(Stream::Subject(<$p as Projection>::STREAM)),+
            ];
            /// What `carefile events` writes without `--include`: the record itself.
            pub const RECORD: &'static [Stream] = &[
                Stream::Child, Stream::Org,
                $(Stream::Subject(<$p as Projection>::STREAM)),+
            ];
        }
    };
}

registry! {
    carefile_domain::people::Person,
    carefile_domain::people::Household,
    carefile_domain::people::ChildConnections,
    carefile_domain::people::Merge,
    carefile_domain::notes::Note,
    carefile_domain::documents::Document,
    carefile_domain::plans::Plan,
    carefile_domain::fostering::CarerRecord,
    carefile_domain::adopters::AdopterRecord,
    carefile_domain::panels::Sitting,
    carefile_domain::complaints::Complaint,
    carefile_domain::early_help::FamilyEarlyHelp,
    carefile_work::Task,
    carefile_work::Requests,
    carefile_work::Transfers,
    carefile_work::Acceptances,
    carefile_domain::reviewing::ReviewingRecord,
}

/// The registered stream called `name`.
pub(crate) fn kind(name: &str) -> Option<&'static dyn Kind> {
    KINDS.iter().copied().find(|k| k.name() == name)
}

/// The registered stream of `P`, or a refusal naming it.
pub(crate) fn registered<P: Projection>() -> Result<&'static dyn Kind, crate::StoreError> {
    kind(P::STREAM).ok_or_else(|| {
        crate::StoreError::Unsupported(format!("the {} stream is not registered in the store", P::STREAM))
    })
}

/// An event of a registered stream as stored: for reads that type it afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectEvent<E> {
    pub seq: u64,
    pub version: u64,
    pub recorded: Recorded,
    pub event: E,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_are_unique_and_not_the_typed_ones() {
        let mut names: Vec<&str> = Stream::ALL.iter().map(|s| s.as_str()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "two streams share a name");
        for s in Stream::ALL {
            assert_eq!(s.as_str().parse::<Stream>().unwrap(), *s);
        }
        assert!(KINDS.iter().all(|k| !matches!(k.name(), "child" | "org" | "users" | "audit")));
    }
}
