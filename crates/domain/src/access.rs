//! Who may use carefile and what they did: user accounts as events, record
//! restrictions and grants, and the audit entries every view and change writes.
//!
//! The store keeps these in the `users` and `audit` streams beside the record;
//! the decisions made from them (who may see which child) live with the web
//! application's policy, which folds [`UserEvent`]s into [`Accounts`].

use crate::ids::{ChildId, TeamId, WorkerId};
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

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::ViewChild,
        AuditAction::ChangeChild,
        AuditAction::BreakGlass,
        AuditAction::Denied,
        AuditAction::ViewAggregate,
        AuditAction::SearchAudit,
        AuditAction::ManageUsers,
    ];

    /// The snake_case name, as stored and as the audit search takes it.
    pub fn name(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::ViewChild => "view_child",
            AuditAction::ChangeChild => "change_child",
            AuditAction::BreakGlass => "break_glass",
            AuditAction::Denied => "denied",
            AuditAction::ViewAggregate => "view_aggregate",
            AuditAction::SearchAudit => "search_audit",
            AuditAction::ManageUsers => "manage_users",
        }
    }
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

/// Who is asking to see a child: their role, and the member of staff (and
/// that person's team on the reference date) their account is linked to.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub username: &'a str,
    pub role: Role,
    pub worker: Option<&'a WorkerId>,
    pub team: Option<&'a TeamId>,
}

/// The facts about one child, on the reference date, that decide who sees it.
#[derive(Debug, Clone, Copy)]
pub struct ChildScope<'a> {
    pub child: &'a ChildId,
    /// The allocated worker and team (`None`: unallocated).
    pub worker: Option<&'a WorkerId>,
    pub team: Option<&'a TeamId>,
    /// On a child protection plan or looked after: a reviewing officer's children.
    pub cp_or_looked_after: bool,
}

/// What the policy decides for one viewer and one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Allow,
    /// A restricted record the viewer would otherwise see: they may open it
    /// only by breaking glass with a written reason (audited as such).
    BreakGlass,
    Deny,
}

impl Role {
    /// Roles that work with individual children. Analysts work from
    /// aggregates and the statutory returns, administrators run accounts and
    /// the audit log, councillors see aggregates only: none opens a record.
    pub fn sees_children(self) -> bool {
        matches!(self, Role::SocialWorker | Role::TeamManager | Role::ReviewingOfficer)
    }
}

/// The record-level access policy, pure so it can be tested exhaustively:
/// - social workers see children allocated to them or to their team;
/// - team managers see their team's children;
/// - reviewing officers see children on a CP plan or looked after;
/// - analysts, administrators and councillors never see a child's record;
/// - a restricted child is seen only with an explicit grant (by a role that
///   sees children at all); without one, whoever the rules above would let
///   in must break glass, and everyone else is refused.
pub fn access(viewer: &Viewer, child: &ChildScope, accounts: &Accounts) -> Access {
    if !viewer.role.sees_children() {
        return Access::Deny;
    }
    let own = viewer.worker.is_some() && viewer.worker == child.worker;
    let team = viewer.team.is_some() && viewer.team == child.team;
    let by_rule = match viewer.role {
        Role::SocialWorker => own || team,
        Role::TeamManager => team,
        Role::ReviewingOfficer => child.cp_or_looked_after,
        Role::Analyst | Role::Admin | Role::Councillor => false,
    };
    if !accounts.restricted.contains_key(child.child) {
        return if by_rule { Access::Allow } else { Access::Deny };
    }
    if accounts.grants.contains(&(viewer.username.to_string(), child.child.clone())) {
        Access::Allow
    } else if by_rule {
        Access::BreakGlass
    } else {
        Access::Deny
    }
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
    fn audit_action_names_are_their_serde_names() {
        for a in AuditAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::Value::String(a.name().into()));
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

    /// Every role × own / team / other / CP-or-looked-after child, unrestricted,
    /// restricted, and restricted with a grant.
    #[test]
    fn access_policy_matrix() {
        use Access::*;
        let (w1, w2, w3) = (WorkerId::new("W1").unwrap(), WorkerId::new("W2").unwrap(), WorkerId::new("W3").unwrap());
        let (t1, t2) = (TeamId::new("T1").unwrap(), TeamId::new("T2").unwrap());
        let child = ChildId::new("C1").unwrap();
        // The viewer is W1 in T1 for the practitioner roles.
        let scope = |which: &str| match which {
            "own" => ChildScope { child: &child, worker: Some(&w1), team: Some(&t1), cp_or_looked_after: false },
            "team" => ChildScope { child: &child, worker: Some(&w2), team: Some(&t1), cp_or_looked_after: false },
            "other" => ChildScope { child: &child, worker: Some(&w3), team: Some(&t2), cp_or_looked_after: false },
            "unallocated" => ChildScope { child: &child, worker: None, team: None, cp_or_looked_after: false },
            _ => ChildScope { child: &child, worker: Some(&w3), team: Some(&t2), cp_or_looked_after: true },
        };
        let open = Accounts::default();
        let mut restricted = Accounts::default();
        restricted.restricted.insert(child.clone(), "staff relative".into());
        let mut granted = restricted.clone();
        granted.grants.insert(("u".into(), child.clone()));

        // (role, [own, team, other, unallocated, cp/la]) when not restricted.
        let expected: [(Role, [Access; 5]); 6] = [
            (Role::SocialWorker, [Allow, Allow, Deny, Deny, Deny]),
            (Role::TeamManager, [Allow, Allow, Deny, Deny, Deny]),
            (Role::ReviewingOfficer, [Deny, Deny, Deny, Deny, Allow]),
            (Role::Analyst, [Deny; 5]),
            (Role::Admin, [Deny; 5]),
            (Role::Councillor, [Deny; 5]),
        ];
        for (role, row) in expected {
            let viewer = Viewer { username: "u", role, worker: Some(&w1), team: Some(&t1) };
            for (which, want) in ["own", "team", "other", "unallocated", "cp"].into_iter().zip(row) {
                let s = scope(which);
                assert_eq!(access(&viewer, &s, &open), want, "{role:?} {which}");
                let want_restricted = if want == Allow { BreakGlass } else { Deny };
                assert_eq!(access(&viewer, &s, &restricted), want_restricted, "{role:?} {which} restricted");
                let want_granted = if role.sees_children() { Allow } else { Deny };
                assert_eq!(access(&viewer, &s, &granted), want_granted, "{role:?} {which} granted");
            }
        }
        // A grant is personal: another user still has to break glass.
        let other_user = Viewer { username: "v", role: Role::SocialWorker, worker: Some(&w1), team: Some(&t1) };
        assert_eq!(access(&other_user, &scope("own"), &granted), BreakGlass);
        // An account linked to no member of staff sees no allocated child.
        let unlinked = Viewer { username: "u", role: Role::SocialWorker, worker: None, team: None };
        assert_eq!(access(&unlinked, &scope("unallocated"), &open), Deny);
    }

    proptest::proptest! {
        /// Whatever the viewer and the child: roles that do not see children
        /// are always refused; a restricted child is never opened without a
        /// grant; a grant never opens a child to those roles; and restriction
        /// only ever narrows (allowed when restricted implies allowed when not).
        #[test]
        fn policy_invariants(role in 0usize..6, vw in 0u8..3, vt in 0u8..3, cw in 0u8..4, ct in 0u8..4, cp: bool, granted: bool) {
            let id = |p: &str, n: u8| format!("{p}{n}");
            let (vw, vt, cw, ct) = (WorkerId::new(&id("W", vw)).unwrap(), TeamId::new(&id("T", vt)).unwrap(), WorkerId::new(&id("W", cw)).unwrap(), TeamId::new(&id("T", ct)).unwrap());
            let child = ChildId::new("C1").unwrap();
            let role = Role::ALL[role];
            let viewer = Viewer { username: "u", role, worker: Some(&vw), team: Some(&vt) };
            let scope = ChildScope { child: &child, worker: Some(&cw), team: Some(&ct), cp_or_looked_after: cp };
            let open = Accounts::default();
            let mut restricted = Accounts::default();
            restricted.restricted.insert(child.clone(), "reason".into());
            if granted {
                restricted.grants.insert(("u".into(), child.clone()));
            }
            let (a_open, a_restricted) = (access(&viewer, &scope, &open), access(&viewer, &scope, &restricted));
            if !role.sees_children() {
                proptest::prop_assert_eq!((a_open, a_restricted), (Access::Deny, Access::Deny));
            }
            if !granted {
                proptest::prop_assert_ne!(a_restricted, Access::Allow);
                proptest::prop_assert_eq!(a_restricted == Access::BreakGlass, a_open == Access::Allow);
            }
            proptest::prop_assert_ne!(a_open, Access::BreakGlass);
        }
    }
}
