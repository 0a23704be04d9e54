//! People and households (decision 002). A child keeps its own `child` stream;
//! an adult (parent, carer, adopter, professional) is a [`Person`] on the
//! `person` stream; a household or family is a [`Household`] on the
//! `household` stream. Relationships are dated facts recorded on the first
//! party's stream (a child's on the child's); [`Relation::inverse`] names them
//! from the other side.

mod connections;
mod details;
mod household;
pub mod matching;
mod merge;
mod person;

pub use connections::{ChildConnections, ConnectionEvent};
pub use merge::{MAX_MERGE_REASON, Merge, MergeEvent, MergeStep, merged_record, renumbered};
pub use details::{Address, BadDetail, PersonDetails, Professional, nhs_number_valid, normalise_postcode};
pub use household::{Household, HouseholdEvent, HouseholdId, HouseholdKind, MemberRole, Membership};
pub use person::{
    Alert, AlertKind, Connections, MAX_ALERT_DETAIL, Person, PersonEvent, PersonId, Relation, Relationship,
};

use crate::ChildId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Anyone carefile keeps a record of: a child (on the `child` stream) or an adult.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRef {
    Child(ChildId),
    Adult(PersonId),
}

impl fmt::Display for PersonRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersonRef::Child(c) => c.fmt(f),
            PersonRef::Adult(p) => p.fmt(f),
        }
    }
}
