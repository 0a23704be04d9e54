//! Identifiers. Strings from outside are checked once here.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A bad identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {what}: {expected}")]
pub struct BadId {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

macro_rules! string_id {
    ($(#[$m:meta])* $name:ident, $what:literal, $max:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Box<str>);

        impl $name {
            pub fn new(s: &str) -> Result<Self, BadId> {
                let ok = !s.is_empty() && s.len() <= $max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if ok {
                    Ok($name(s.into()))
                } else {
                    Err(BadId { what: $what, value: s.to_string(), expected: concat!("1 to ", $max, " letters, digits, '-' or '_'") })
                }
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = BadId;
            fn try_from(s: String) -> Result<Self, BadId> {
                $name::new(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.into()
            }
        }

        impl std::str::FromStr for $name {
            type Err = BadId;
            fn from_str(s: &str) -> Result<Self, BadId> {
                $name::new(s)
            }
        }
    };
}

string_id!(
    /// The authority's identifier for a child (the 903 CHILD / CIN LAchildID; at most 10 characters so both returns can carry it).
    ChildId, "child ID", 10
);
string_id!(
    /// A member of staff (social worker, manager, reviewing officer…).
    WorkerId, "worker ID", 32
);
string_id!(
    /// A team (First Response, a locality team, Children in Care…).
    TeamId, "team ID", 32
);

/// A number that tells apart the items of one kind within one child's record
/// (the child's third referral, second CP plan…). Assigned by whoever records
/// the item; unique within the child and kind.
pub type ItemNo = u32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert!(ChildId::new("C000123").is_ok());
        assert!(ChildId::new("").is_err());
        assert!(ChildId::new("ELEVENCHARS").is_err());
        let e = ChildId::new("a b").unwrap_err();
        assert!(e.to_string().contains("'a b' is not a valid child ID"));
        assert!(serde_json::from_str::<ChildId>("\"x/y\"").is_err());
    }
}
