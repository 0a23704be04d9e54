//! What the practitioner's workplace pages share (notes, documents, the
//! chronology, people, trays): who may do what, and opening a child's record
//! for them with its audit entry.

use crate::access::{READ, open_child};
use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::{AppError, AppState};
use carefile_domain::form::Declared;
use carefile_domain::{ChildEvent, ChildId};
use carefile_store::StoreError;

/// Longest text field a workplace form keeps (longer text is cut, never stored whole).
pub const MAX_FIELD: usize = 60_000;

/// Whether `user` may record `event` themselves: their role holds the permission
/// its declaration names (a manager's `child.decide.<step>`); a worker's step
/// they may not record is sent for authorisation instead.
pub fn may_decide(user: &SignedIn, event: &ChildEvent) -> bool {
    event.declaration().is_some_and(|d| user.may(d.permission))
}

/// Refuses unless `user`'s role holds `key` (decision 001's `resource.action`
/// keys), naming what they tried; every check of these pages goes through here.
pub fn require(user: &SignedIn, key: &str, what: &str) -> Result<(), AppError> {
    if user.may(key) { Ok(()) } else { Err(AppError::Forbidden(format!("your role cannot {what}"))) }
}

/// Opens a child's record for a page of the workplace: the access policy, and
/// the audit entry (a view, or a change for a route that is not a GET),
/// before anything is shown.
pub async fn open(state: &AppState, user: &SignedIn, raw: &str, route: &str) -> Result<(ChildId, ChildSummary), AppError> {
    let id = crate::pages::child::parse_id(raw)?;
    let summary = open_child(state, user, &id, route, READ).await?;
    Ok((id, summary))
}

/// Why a write the user made was not stored, in terms they can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The domain refused it: the message says why.
    Refused(String),
    /// Someone else changed the same thing since the form was loaded.
    Stale,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Refused(m) => f.write_str(m),
            Refusal::Stale => f.write_str("someone else changed this since you opened it: reload and check"),
        }
    }
}

/// Separates refusals the user can act on from failures of the store.
pub fn outcome<T>(r: Result<T, StoreError>) -> Result<Result<T, Refusal>, StoreError> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(StoreError::Stream(e)) => Ok(Err(Refusal::Refused(e.message))),
        Err(StoreError::Invariant(e)) => Ok(Err(Refusal::Refused(e.message))),
        Err(StoreError::Refused(m)) => Ok(Err(Refusal::Refused(m))),
        Err(StoreError::SubjectConflict { .. } | StoreError::Conflict { .. }) => Ok(Err(Refusal::Stale)),
        Err(e) => Err(e),
    }
}
