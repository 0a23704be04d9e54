//! User accounts, record restrictions and grants, and the access policy in
//! force, as events of the `users` stream folded into [`Accounts`].

use crate::ids::{ChildId, WorkerId};
use chrono::{DateTime, Utc};
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
    /// A disabled account in use again (its password and second factor as they were).
    UserEnabled { username: String },
    /// A new role, or a new member of staff linked (whose team decides what they see).
    RoleChanged { username: String, role: Role, worker: Option<WorkerId> },
    /// A TOTP second factor (RFC 6238): the shared secret in base32, and the
    /// SHA-256 (hex) of each one-time recovery code.
    SecondFactorEnrolled { username: String, secret: String, recovery: Vec<String> },
    /// The second factor removed (a lost phone): the next sign-in enrols again.
    SecondFactorRemoved { username: String },
    /// A recovery code spent (its SHA-256), never accepted again.
    RecoveryCodeUsed { username: String, code: String },
    /// The account signs in through the authority's identity provider
    /// (OpenID Connect) as the one whose ID tokens carry this issuer and
    /// subject (never matched on an email address, which can be reused).
    IdentityLinked { username: String, issuer: String, subject: String },
    /// The account no longer signs in through the identity provider.
    IdentityUnlinked { username: String },
    /// A restricted record opened without a grant (break glass), to be
    /// reviewed by the opener's manager (or information governance).
    GlassBroken { username: String, child: ChildId, at: DateTime<Utc>, category: String, reason: String },
    /// A break-glass opening (`username`, `child`, `at`) reviewed by `by`:
    /// justified or not, and why.
    GlassReviewed { username: String, child: ChildId, at: DateTime<Utc>, by: String, justified: bool, note: String },
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
            UserEvent::UserEnabled { .. } => "user_enabled",
            UserEvent::RoleChanged { .. } => "role_changed",
            UserEvent::SecondFactorEnrolled { .. } => "second_factor_enrolled",
            UserEvent::SecondFactorRemoved { .. } => "second_factor_removed",
            UserEvent::RecoveryCodeUsed { .. } => "recovery_code_used",
            UserEvent::IdentityLinked { .. } => "identity_linked",
            UserEvent::IdentityUnlinked { .. } => "identity_unlinked",
            UserEvent::GlassBroken { .. } => "glass_broken",
            UserEvent::GlassReviewed { .. } => "glass_reviewed",
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
    pub second_factor: Option<SecondFactor>,
    /// The identity provider's account this one signs in as, if any.
    pub identity: Option<Identity>,
}

/// An account at the authority's OpenID provider: its issuer and subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
}

/// Longest issuer or subject kept (OpenID Connect bounds a subject at 255 ASCII characters).
pub const MAX_IDENTITY: usize = 255;

/// A user's TOTP second factor.
#[derive(Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// The shared secret, base32.
    pub secret: String,
    /// SHA-256 (hex) of the recovery codes not yet spent.
    pub recovery: BTreeSet<String>,
}

impl fmt::Debug for SecondFactor {
    /// Never prints the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecondFactor {{ {} recovery codes left }}", self.recovery.len())
    }
}

/// A break-glass opening: who, which record, when (its key), why, and its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glass {
    pub username: String,
    pub child: ChildId,
    pub at: DateTime<Utc>,
    pub category: String,
    pub reason: String,
    pub review: Option<GlassReview>,
}

/// A break-glass opening's review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlassReview {
    pub by: String,
    pub justified: bool,
    pub note: String,
}

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;

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
    /// Break-glass openings by when, who and which record.
    pub glass: BTreeMap<(DateTime<Utc>, String, ChildId), Glass>,
    /// The account each linked identity signs in as.
    pub identities: BTreeMap<Identity, String>,
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
                        second_factor: None,
                        identity: None,
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
            UserEvent::UserEnabled { username } => {
                known(username)?;
                let u = self.users.get_mut(username).expect("known");
                if !u.disabled {
                    return Err(err(format!("'{username}' is not disabled")));
                }
                u.disabled = false;
            }
            UserEvent::RoleChanged { username, role, worker } => {
                known(username)?;
                let u = self.users.get_mut(username).expect("known");
                if (&u.role, &u.worker) == (role, worker) {
                    return Err(err(format!("'{username}' has that role and member of staff already")));
                }
                u.role = role.clone();
                u.worker = worker.clone();
            }
            UserEvent::SecondFactorEnrolled { username, secret, recovery } => {
                known(username)?;
                let base32 = |c: char| c.is_ascii_uppercase() || ('2'..='7').contains(&c);
                if !(26..=128).contains(&secret.len()) || !secret.chars().all(base32) {
                    return Err(err("the secret must be 26 to 128 base32 characters (at least 128 bits)".into()));
                }
                let codes: BTreeSet<String> = recovery.iter().cloned().collect();
                if codes.len() != RECOVERY_CODES || !codes.iter().all(|c| super::policy::is_sha256_hex(c)) {
                    return Err(err(format!("{RECOVERY_CODES} different recovery codes, each a SHA-256 in hex")));
                }
                let u = self.users.get_mut(username).expect("known");
                u.second_factor = Some(SecondFactor { secret: secret.clone(), recovery: codes });
            }
            UserEvent::SecondFactorRemoved { username } => {
                known(username)?;
                if self.users.get_mut(username).expect("known").second_factor.take().is_none() {
                    return Err(err(format!("'{username}' has no second factor")));
                }
            }
            UserEvent::RecoveryCodeUsed { username, code } => {
                known(username)?;
                let spent = self.users.get_mut(username).expect("known").second_factor.as_mut().is_some_and(|f| f.recovery.remove(code));
                if !spent {
                    return Err(err(format!("'{username}' has no such recovery code left")));
                }
            }
            UserEvent::IdentityLinked { username, issuer, subject } => {
                known(username)?;
                let printable = |s: &str| (1..=MAX_IDENTITY).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic());
                if !printable(issuer) || !printable(subject) {
                    return Err(err(format!("the issuer and subject must each be 1 to {MAX_IDENTITY} printable ASCII characters")));
                }
                let identity = Identity { issuer: issuer.clone(), subject: subject.clone() };
                if let Some(other) = self.identities.get(&identity) {
                    return Err(err(format!("that identity signs in as '{other}' already")));
                }
                let u = self.users.get_mut(username).expect("known");
                if let Some(old) = u.identity.replace(identity.clone()) {
                    self.identities.remove(&old);
                }
                self.identities.insert(identity, username.clone());
            }
            UserEvent::IdentityUnlinked { username } => {
                known(username)?;
                let Some(old) = self.users.get_mut(username).expect("known").identity.take() else {
                    return Err(err(format!("'{username}' has no linked identity")));
                };
                self.identities.remove(&old);
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
            UserEvent::GlassBroken { username, child, at, category, reason } => {
                known(username)?;
                reason_ok(reason, "break-glass opening")?;
                let key = (*at, username.clone(), child.clone());
                if self.glass.contains_key(&key) {
                    return Err(err(format!("{username} broke glass on {child} at {at} already")));
                }
                let glass = Glass {
                    username: username.clone(),
                    child: child.clone(),
                    at: *at,
                    category: category.clone(),
                    reason: reason.clone(),
                    review: None,
                };
                self.glass.insert(key, glass);
            }
            UserEvent::GlassReviewed { username, child, at, by, justified, note } => {
                reason_ok(note, "review")?;
                if by == username {
                    return Err(err(format!("{by} cannot review their own break-glass opening")));
                }
                let Some(g) = self.glass.get_mut(&(*at, username.clone(), child.clone())) else {
                    return Err(err(format!("no break-glass opening by {username} on {child} at {at}")));
                };
                if g.review.is_some() {
                    return Err(err(format!("the break-glass opening by {username} on {child} at {at} is reviewed already")));
                }
                g.review = Some(GlassReview { by: by.clone(), justified: *justified, note: note.clone() });
            }
            UserEvent::PolicyAdopted { sha256, text } => {
                if !super::policy::is_sha256_hex(sha256) {
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

    /// The account that the identity provider's `issuer` and `subject` sign in as.
    pub fn by_identity(&self, issuer: &str, subject: &str) -> Option<&User> {
        let key = Identity { issuer: issuer.into(), subject: subject.into() };
        self.identities.get(&key).and_then(|u| self.users.get(u))
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
    fn an_identity_signs_in_as_one_account_matched_on_issuer_and_subject() {
        let link = |u: &str, iss: &str, sub: &str| UserEvent::IdentityLinked { username: u.into(), issuer: iss.into(), subject: sub.into() };
        let a = Accounts::replay(&[added("sam"), added("kim"), link("sam", "https://idp", "248289761001")]).unwrap();
        assert_eq!(a.by_identity("https://idp", "248289761001").map(|u| u.username.as_str()), Some("sam"));
        // The same subject from another issuer is another person.
        assert!(a.by_identity("https://other", "248289761001").is_none());
        assert!(a.by_identity("https://idp", "248289761002").is_none());
        // One identity, one account.
        assert!(Accounts::replay(&[added("sam"), added("kim"), link("sam", "https://idp", "1"), link("kim", "https://idp", "1")]).is_err());
        // Linking again replaces the old identity; unlinking forgets it.
        let relinked = Accounts::replay(&[added("sam"), link("sam", "https://idp", "1"), link("sam", "https://idp", "2")]).unwrap();
        assert!(relinked.by_identity("https://idp", "1").is_none());
        assert_eq!(relinked.users["sam"].identity.as_ref().map(|i| i.subject.as_str()), Some("2"));
        let unlinked = Accounts::replay(&[added("sam"), link("sam", "https://idp", "1"), UserEvent::IdentityUnlinked { username: "sam".into() }]).unwrap();
        assert!(unlinked.by_identity("https://idp", "1").is_none() && unlinked.identities.is_empty());
        for (iss, sub) in [("", "1"), ("https://idp", ""), ("https://idp", "a b"), ("https://idp", &"x".repeat(MAX_IDENTITY + 1))] {
            assert!(Accounts::replay(&[added("sam"), link("sam", iss, sub)]).is_err(), "{iss} {sub}");
        }
        assert!(Accounts::replay(&[added("sam"), link("nobody", "https://idp", "1")]).is_err());
        assert!(Accounts::replay(&[added("sam"), UserEvent::IdentityUnlinked { username: "sam".into() }]).is_err());
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

    #[test]
    fn break_glass_openings_wait_for_a_review_by_someone_else() {
        let child = ChildId::new("C1").unwrap();
        let at = DateTime::from_timestamp(1_774_947_600, 0).unwrap();
        let broken = UserEvent::GlassBroken {
            username: "sam".into(),
            child: child.clone(),
            at,
            category: "out-of-hours emergency duty".into(),
            reason: "police called about the child tonight".into(),
        };
        let review = |by: &str, at| UserEvent::GlassReviewed {
            username: "sam".into(),
            child: child.clone(),
            at,
            by: by.into(),
            justified: true,
            note: "the police call is on the duty log".into(),
        };
        let mut a = Accounts::replay(&[added("sam"), broken.clone()]).unwrap();
        assert!(a.glass.values().all(|g| g.review.is_none()));
        assert!(a.clone().apply(&broken).is_err(), "the same opening twice");
        assert!(a.clone().apply(&review("sam", at)).is_err(), "not by the opener");
        assert!(a.clone().apply(&review("tm", at + chrono::Duration::seconds(1))).is_err(), "no such opening");
        a.apply(&review("tm", at)).unwrap();
        assert_eq!(a.glass.values().next().unwrap().review.as_ref().map(|r| (r.by.as_str(), r.justified)), Some(("tm", true)));
        assert!(a.apply(&review("ig", at)).is_err(), "reviewed once");
    }

    #[test]
    fn accounts_are_enabled_again_and_change_role() {
        let name = || "sam".to_string();
        let manager = Role::new("team-manager").unwrap();
        let w = WorkerId::new("W7").unwrap();
        let mut a = Accounts::replay(&[added("sam"), UserEvent::UserDisabled { username: name() }]).unwrap();
        a.apply(&UserEvent::UserEnabled { username: name() }).unwrap();
        assert!(!a.users["sam"].disabled);
        assert!(a.apply(&UserEvent::UserEnabled { username: name() }).is_err(), "not disabled");
        a.apply(&UserEvent::RoleChanged { username: name(), role: manager.clone(), worker: Some(w.clone()) }).unwrap();
        assert_eq!((&a.users["sam"].role, a.users["sam"].worker.as_ref()), (&manager, Some(&w)));
        let same = UserEvent::RoleChanged { username: name(), role: manager, worker: Some(w) };
        assert!(a.apply(&same).is_err(), "a change that changes nothing");
        assert!(a.apply(&UserEvent::UserEnabled { username: "nobody".into() }).is_err());
    }

    #[test]
    fn a_second_factor_is_enrolled_spent_and_removed() {
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|i| super::super::sha256_hex(&i.to_string())).collect();
        let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string();
        let enrol = |secret: &str, recovery: Vec<String>| UserEvent::SecondFactorEnrolled { username: "sam".into(), secret: secret.into(), recovery };
        let mut a = Accounts::replay(&[added("sam"), enrol(&secret, codes.clone())]).unwrap();
        let f = a.users["sam"].second_factor.clone().unwrap();
        assert_eq!((f.secret.as_str(), f.recovery.len()), (secret.as_str(), RECOVERY_CODES));
        assert!(!format!("{f:?}").contains(&secret), "Debug hides the secret");
        let spend = UserEvent::RecoveryCodeUsed { username: "sam".into(), code: codes[3].clone() };
        a.apply(&spend).unwrap();
        assert!(a.apply(&spend).is_err(), "a recovery code is spent once");
        assert_eq!(a.users["sam"].second_factor.as_ref().unwrap().recovery.len(), RECOVERY_CODES - 1);
        a.apply(&UserEvent::SecondFactorRemoved { username: "sam".into() }).unwrap();
        assert!(a.users["sam"].second_factor.is_none());
        assert!(a.apply(&UserEvent::SecondFactorRemoved { username: "sam".into() }).is_err());

        let fresh = || Accounts::replay(&[added("sam")]).unwrap();
        assert!(fresh().apply(&enrol("SHORT", codes.clone())).is_err(), "too short a secret");
        assert!(fresh().apply(&enrol("jbswy3dpehpk3pxpjbswy3dpehpk3pxp", codes.clone())).is_err(), "not base32");
        assert!(fresh().apply(&enrol(&secret, codes[..9].to_vec())).is_err(), "too few codes");
        let mut twice = codes.clone();
        twice[1] = twice[0].clone();
        assert!(fresh().apply(&enrol(&secret, twice)).is_err(), "codes repeated");
        let mut plain = codes;
        plain[0] = "12345-67890".into();
        assert!(fresh().apply(&enrol(&secret, plain)).is_err(), "a code stored in the clear");
    }
}
