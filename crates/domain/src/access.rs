//! Who may use carefile and what they did: user accounts as events, record
//! restrictions and grants, and the audit entries every view and change writes.
//!
//! The store keeps these in the `users` and `audit` streams beside the record;
//! the decisions made from them (who may see which child) live with the web
//! application's policy, which folds [`UserEvent`]s into [`Accounts`].

use crate::ids::{ChildId, WorkerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a user may do, as `service.md` §1 describes the people who use carefile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    SocialWorker,
    TeamManager,
    ReviewingOfficer,
    Analyst,
    Admin,
    Councillor,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::SocialWorker, Role::TeamManager, Role::ReviewingOfficer, Role::Analyst, Role::Admin, Role::Councillor];

    /// The name used on the command line and in the API (`social-worker`, …).
    pub fn code(self) -> &'static str {
        match self {
            Role::SocialWorker => "social-worker",
            Role::TeamManager => "team-manager",
            Role::ReviewingOfficer => "reviewing-officer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
            Role::Councillor => "councillor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SocialWorker => "Social worker",
            Role::TeamManager => "Team manager",
            Role::ReviewingOfficer => "Reviewing officer",
            Role::Analyst => "Performance analyst",
            Role::Admin => "Administrator",
            Role::Councillor => "Councillor",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL.into_iter().find(|r| r.code() == s).ok_or_else(|| {
            let names: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
            format!("unknown role '{s}': expected one of {}", names.join(", "))
        })
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

/// Accounts, restrictions and grants as they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounts {
    pub users: BTreeMap<String, User>,
    /// Restricted children and why.
    pub restricted: BTreeMap<ChildId, String>,
    /// (username, child) pairs with an explicit grant.
    pub grants: BTreeSet<(String, ChildId)>,
}

/// A user event that cannot apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event}: {message}")]
pub struct AccessError {
    pub event: &'static str,
    pub message: String,
}

impl Accounts {
    pub fn apply(&mut self, e: &UserEvent) -> Result<(), AccessError> {
        let err = |m: String| AccessError { event: e.kind(), message: m };
        let known = |u: &str| if self.users.contains_key(u) { Ok(()) } else { Err(err(format!("no user '{u}'"))) };
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
                        role: *role,
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
                if reason.trim().is_empty() {
                    return Err(err("a restriction must say why".into()));
                }
                self.restricted.insert(child.clone(), reason.clone());
            }
            UserEvent::RestrictionLifted { child } => {
                if self.restricted.remove(child).is_none() {
                    return Err(err(format!("{child} is not restricted")));
                }
            }
            UserEvent::AccessGranted { username, child, reason } => {
                known(username)?;
                if reason.trim().is_empty() {
                    return Err(err("a grant must say why".into()));
                }
                self.grants.insert((username.clone(), child.clone()));
            }
            UserEvent::AccessRevoked { username, child } => {
                if !self.grants.remove(&(username.clone(), child.clone())) {
                    return Err(err(format!("'{username}' has no grant for {child}")));
                }
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
}

fn valid_username(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// What an audited user did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    /// Opened a child's record (any page or API route showing it).
    ViewChild,
    /// Recorded or corrected something on a child's record.
    ChangeChild,
    /// Opened a restricted record without a grant, giving a reason.
    BreakGlass,
    /// Was refused access.
    Denied,
    /// Looked at aggregate figures (dashboards, reports).
    ViewAggregate,
    /// Searched the audit log.
    SearchAudit,
    /// Added or changed a user, a restriction or a grant.
    ManageUsers,
}

/// One line of the audit log as written; the store adds its place in the
/// hash chain ([`AuditRecord`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When, in UTC to the microsecond.
    pub at: DateTime<Utc>,
    pub user: String,
    pub action: AuditAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<ChildId>,
    /// The page or route, and anything else worth knowing (a break-glass reason).
    /// Never a child's personal details.
    pub detail: String,
}

/// An audit entry as stored: its sequence number in the audit stream and the
/// hash chaining it to the entry before (SHA-256, hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: u64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(name: &str) -> UserEvent {
        UserEvent::UserAdded {
            username: name.into(),
            role: Role::SocialWorker,
            worker: None,
            password_hash: "$argon2id$x".into(),
        }
    }

    #[test]
    fn role_codes_round_trip_and_unknown_names_are_refused() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>(), Ok(r));
        }
        assert!("director".parse::<Role>().unwrap_err().contains("social-worker"));
    }

    #[test]
    fn accounts_fold_and_refuse_what_cannot_apply() {
        let child = ChildId::new("C1").unwrap();
        let a = Accounts::replay(&[
            added("sam"),
            UserEvent::RecordRestricted { child: child.clone(), reason: "staff relative".into() },
            UserEvent::AccessGranted { username: "sam".into(), child: child.clone(), reason: "allocated".into() },
            UserEvent::UserDisabled { username: "sam".into() },
        ])
        .unwrap();
        assert!(a.users["sam"].disabled);
        assert!(a.restricted.contains_key(&child));
        assert!(a.grants.contains(&("sam".to_string(), child.clone())));

        assert!(Accounts::replay(&[added("sam"), added("sam")]).is_err());
        assert!(Accounts::replay(&[added("bad name")]).is_err());
        assert!(Accounts::replay(&[UserEvent::UserDisabled { username: "nobody".into() }]).is_err());
        let no_reason = UserEvent::RecordRestricted { child, reason: " ".into() };
        assert!(Accounts::replay(&[no_reason]).is_err());
    }
}
