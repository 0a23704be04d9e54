//! User accounts, record restrictions and grants, and the access policy in
//! force, as events of the `users` stream folded into [`Accounts`].

use crate::ids::{ChildId, WorkerId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A role's code (`social-worker`, `team-manager`, …). Roles are data: the
/// access policy ([`super::Policy`]) says which codes exist and what each may
/// do, so this type checks only the code's spelling. An account whose role the
/// policy no longer defines opens nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Role(Box<str>);

impl Role {
    /// 1 to 40 lower-case letters, digits and '-', starting with a letter.
    pub fn new(code: &str) -> Result<Role, String> {
        let ok = (1..=40).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Role(code.into()))
        } else {
            Err(format!("'{code}' is not a role code: 1 to 40 lower-case letters, digits or '-', starting with a letter"))
        }
    }

    /// The code, as on the command line, in the API and in the policy file.
    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(s: String) -> Result<Role, String> {
        Role::new(&s)
    }
}

impl From<Role> for String {
    fn from(r: Role) -> String {
        r.0.into()
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::new(s)
    }
}

/// A fact about users and access, kept in the `users` stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UserEvent {
    /// A new account. `worker` links it to a member of staff, whose team
    /// decides which children they see; `password_hash` is a PHC string (argon2).
    UserAdded { username: String, role: Role, worker: Option<WorkerId>, password_hash: String },
    PasswordChanged { username: String, password_hash: String },
    UserDisabled { username: String },
    /// Only users with an explicit grant (or who break glass) may open this child.
    RecordRestricted { child: ChildId, reason: String },
    RestrictionLifted { child: ChildId },
    AccessGranted { username: String, child: ChildId, reason: String },
    AccessRevoked { username: String, child: ChildId },
    /// The access policy the server started with, when it differs from the
    /// last one adopted: its SHA-256 and exact text, so the next change can
    /// say which roles changed.
    PolicyAdopted { sha256: String, text: String },
}

impl UserEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            UserEvent::UserAdded { .. } => "user_added",
            UserEvent::PasswordChanged { .. } => "password_changed",
            UserEvent::UserDisabled { .. } => "user_disabled",
            UserEvent::RecordRestricted { .. } => "record_restricted",
            UserEvent::RestrictionLifted { .. } => "restriction_lifted",
            UserEvent::AccessGranted { .. } => "access_granted",
            UserEvent::AccessRevoked { .. } => "access_revoked",
            UserEvent::PolicyAdopted { .. } => "policy_adopted",
        }
    }
}

/// A user account as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub role: Role,
    pub worker: Option<WorkerId>,
    pub password_hash: String,
    pub disabled: bool,
}

/// The access policy last adopted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptedPolicy {
    pub sha256: String,
    pub text: String,
}

/// Accounts, restrictions, grants and the adopted policy as they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounts {
    pub users: BTreeMap<String, User>,
    /// Restricted children and why.
    pub restricted: BTreeMap<ChildId, String>,
    /// (username, child) pairs with an explicit grant.
    pub grants: BTreeSet<(String, ChildId)>,
    pub policy: Option<AdoptedPolicy>,
}

/// A user event that cannot apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event}: {message}")]
pub struct AccessError {
    pub event: &'static str,
    pub message: String,
}

/// Longest reason kept for a restriction or a grant.
pub const MAX_REASON: usize = 1000;

impl Accounts {
    pub fn apply(&mut self, e: &UserEvent) -> Result<(), AccessError> {
        let err = |m: String| AccessError { event: e.kind(), message: m };
        let known = |u: &str| if self.users.contains_key(u) { Ok(()) } else { Err(err(format!("no user '{u}'"))) };
        let reason_ok = |r: &str, what: &str| {
            if r.trim().is_empty() {
                Err(err(format!("a {what} must say why")))
            } else if r.chars().count() > MAX_REASON {
                Err(err(format!("the reason is longer than {MAX_REASON} characters")))
            } else {
                Ok(())
            }
        };
        match e {
            UserEvent::UserAdded { username, role, worker, password_hash } => {
                if self.users.contains_key(username) {
                    return Err(err(format!("user '{username}' already exists")));
                }
                if !valid_username(username) {
                    return Err(err(format!("'{username}' is not a valid username: 1 to 64 letters, digits, '.', '-' or '_'")));
                }
                self.users.insert(
                    username.clone(),
                    User {
                        username: username.clone(),
                        role: role.clone(),
                        worker: worker.clone(),
                        password_hash: password_hash.clone(),
                        disabled: false,
                    },
                );
            }
            UserEvent::PasswordChanged { username, password_hash } => {
                known(username)?;
                if let Some(u) = self.users.get_mut(username) {
                    u.password_hash = password_hash.clone();
                }
            }
            UserEvent::UserDisabled { username } => {
                known(username)?;
                if let Some(u) = self.users.get_mut(username) {
                    u.disabled = true;
                }
            }
            UserEvent::RecordRestricted { child, reason } => {
                reason_ok(reason, "restriction")?;
                self.restricted.insert(child.clone(), reason.clone());
            }
            UserEvent::RestrictionLifted { child } => {
                if self.restricted.remove(child).is_none() {
                    return Err(err(format!("{child} is not restricted")));
                }
            }
            UserEvent::AccessGranted { username, child, reason } => {
                known(username)?;
                reason_ok(reason, "grant")?;
                self.grants.insert((username.clone(), child.clone()));
            }
            UserEvent::AccessRevoked { username, child } => {
                if !self.grants.remove(&(username.clone(), child.clone())) {
                    return Err(err(format!("'{username}' has no grant for {child}")));
                }
            }
            UserEvent::PolicyAdopted { sha256, text } => {
                if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(err("the policy's SHA-256 must be 64 hex digits".into()));
                }
                self.policy = Some(AdoptedPolicy { sha256: sha256.clone(), text: text.clone() });
            }
        }
        Ok(())
    }

    /// Folds a users stream, refusing the first event that cannot apply.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a UserEvent>) -> Result<Accounts, AccessError> {
        let mut accounts = Accounts::default();
        for e in events {
            accounts.apply(e)?;
        }
        Ok(accounts)
    }

    /// Whether `username` holds a grant for `child`.
    pub fn granted(&self, username: &str, child: &ChildId) -> bool {
        self.grants.iter().any(|(u, c)| u == username && c == child)
    }
}

/// 1 to 64 letters, digits, '.', '-' or '_'.
pub fn valid_username(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(name: &str) -> UserEvent {
        UserEvent::UserAdded {
            username: name.into(),
            role: Role::new("social-worker").unwrap(),
            worker: None,
            password_hash: "$argon2id$x".into(),
        }
    }

    #[test]
    fn role_codes_are_checked_for_spelling_only() {
        for ok in ["social-worker", "admin", "panel-member-2"] {
            assert_eq!(ok.parse::<Role>().unwrap().code(), ok);
        }
        for bad in ["", "Social", "2nd", "a b", "x".repeat(41).as_str()] {
            assert!(bad.parse::<Role>().is_err(), "{bad}");
        }
        // Stored as the plain code, as the closed enum of earlier versions was.
        let r: Role = serde_json::from_str("\"team-manager\"").unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"team-manager\"");
        assert!(serde_json::from_str::<Role>("\"Team Manager\"").is_err());
    }

    #[test]
    fn accounts_fold_and_refuse_what_cannot_apply() {
        let child = ChildId::new("C1").unwrap();
        let a = Accounts::replay(&[
            added("sam"),
            UserEvent::RecordRestricted { child: child.clone(), reason: "staff relative".into() },
            UserEvent::AccessGranted { username: "sam".into(), child: child.clone(), reason: "allocated".into() },
            UserEvent::UserDisabled { username: "sam".into() },
            UserEvent::PolicyAdopted { sha256: "ab".repeat(32), text: "x".into() },
        ])
        .unwrap();
        assert!(a.users["sam"].disabled);
        assert!(a.restricted.contains_key(&child));
        assert!(a.granted("sam", &child));
        assert_eq!(a.policy.as_ref().map(|p| p.sha256.as_str()), Some("ab".repeat(32).as_str()));

        assert!(Accounts::replay(&[added("sam"), added("sam")]).is_err());
        assert!(Accounts::replay(&[added("bad name")]).is_err());
        assert!(Accounts::replay(&[UserEvent::UserDisabled { username: "nobody".into() }]).is_err());
        let no_reason = UserEvent::RecordRestricted { child: child.clone(), reason: " ".into() };
        assert!(Accounts::replay(&[no_reason]).is_err());
        let long = UserEvent::RecordRestricted { child, reason: "x".repeat(MAX_REASON + 1) };
        assert!(Accounts::replay(&[long]).is_err());
        let bad_hash = UserEvent::PolicyAdopted { sha256: "xyz".into(), text: String::new() };
        assert!(Accounts::replay(&[bad_hash]).is_err());
    }
}
