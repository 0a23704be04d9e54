//! The audit log's entries: who viewed or changed what, and when. Entries
//! never carry a child's personal details: route templates, ids, counts and
//! bounded reasons only.

use crate::ids::ChildId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

macro_rules! audit_actions {
    ($($(#[$m:meta])* $name:ident = $code:literal,)+) => {
        /// What an audited user did.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum AuditAction { $($(#[$m])* $name,)+ }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$name,)+];

            /// The snake_case name, as stored and as the audit search takes it.
            pub fn name(self) -> &'static str {
                match self { $(AuditAction::$name => $code,)+ }
            }
        }
    };
}

audit_actions! {
    SignIn = "sign_in",
    SignInFailed = "sign_in_failed",
    SignOut = "sign_out",
    /// Opened a child's record (any page or API route showing it).
    ViewChild = "view_child",
    /// Opened a record outside the role's scope, stating why.
    ViewWithReason = "view_with_reason",
    /// Saw a list of children (search, caseload, team, due list, drill-down,
    /// export): one entry naming every child shown.
    ViewList = "view_list",
    /// Recorded or corrected something on a child's record.
    ChangeChild = "change_child",
    /// Opened a restricted record without a grant, giving a category and reason.
    BreakGlass = "break_glass",
    /// Reviewed a break-glass opening: justified or not, and why.
    BreakGlassReviewed = "break_glass_reviewed",
    /// Was refused access.
    Denied = "denied",
    /// Looked at aggregate figures (dashboards, reports).
    ViewAggregate = "view_aggregate",
    /// Searched the audit log.
    SearchAudit = "search_audit",
    /// Added or changed a user, a restriction or a grant.
    ManageUsers = "manage_users",
    /// The server started with an access policy that differs from the last one.
    PolicyChanged = "policy_changed",
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
    /// The children a list view showed, in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ChildId>,
    /// The page or route, and anything else worth knowing (a break-glass reason).
    /// Never a child's personal details.
    pub detail: String,
}

/// Longest `user` an entry keeps, in characters (usernames are shorter).
pub const MAX_USER: usize = 64;
/// Longest `detail` an entry keeps, in characters: a route and a written
/// reason, never whatever a request carried.
pub const MAX_DETAIL: usize = 2_000;

/// `text` cut to `max` characters, marked with an ellipsis where cut.
fn bounded(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some(_) => {
            let cut = text.char_indices().nth(max - 1).map_or(text.len(), |(i, _)| i);
            format!("{}…", &text[..cut])
        }
    }
}

/// How a failed sign-in names what was typed as the username: an account's
/// own name as it is, anything else as a short hash, so that a password typed
/// into the wrong box, or a megabyte of junk, never reaches the audit log.
pub fn typed_username(typed: &str, is_account: bool) -> String {
    use sha2::{Digest, Sha256};
    if is_account && typed.chars().count() <= MAX_USER {
        typed.to_string()
    } else {
        let hash = Sha256::digest(typed.as_bytes());
        let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("unknown:{hex}")
    }
}

impl AuditEntry {
    /// An entry about at most one child; `user` and `detail` bounded
    /// ([`MAX_USER`], [`MAX_DETAIL`]) so no request can grow the log by more.
    pub fn new(at: DateTime<Utc>, user: &str, action: AuditAction, child: Option<&ChildId>, detail: String) -> AuditEntry {
        AuditEntry {
            at,
            user: bounded(user, MAX_USER),
            action,
            child: child.cloned(),
            children: Vec::new(),
            detail: if detail.chars().count() > MAX_DETAIL { bounded(&detail, MAX_DETAIL) } else { detail },
        }
    }

    /// Whether the entry is about `child`, alone or in a list.
    pub fn names(&self, child: &ChildId) -> bool {
        self.child.as_ref() == Some(child) || self.children.contains(child)
    }
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

    #[test]
    fn entries_are_bounded_whatever_they_are_given() {
        let at = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc();
        let huge = "é".repeat(1 << 20);
        let e = AuditEntry::new(at, &huge, AuditAction::SignInFailed, None, huge.clone());
        assert_eq!((e.user.chars().count(), e.detail.chars().count()), (MAX_USER, MAX_DETAIL));
        assert!(e.user.ends_with('…') && e.detail.starts_with("éé"));
        let short = AuditEntry::new(at, "sam", AuditAction::SignIn, None, "x".repeat(MAX_DETAIL));
        assert_eq!((short.user.as_str(), short.detail.len()), ("sam", MAX_DETAIL));
    }

    #[test]
    fn a_failed_sign_in_names_only_accounts() {
        assert_eq!(typed_username("sam", true), "sam");
        let typed = typed_username("correct horse battery staple", false);
        assert!(typed.starts_with("unknown:") && typed.len() == 24 && !typed.contains("horse"), "{typed}");
        assert_eq!(typed, typed_username("correct horse battery staple", false), "the same typing, the same name");
        assert_ne!(typed, typed_username("correct horse battery stapler", false));
        assert!(typed_username(&"a".repeat(1 << 20), true).starts_with("unknown:"));
    }

    #[test]
    fn audit_action_names_are_their_serde_names() {
        for a in AuditAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::Value::String(a.name().into()));
        }
    }

    #[test]
    fn entries_without_a_list_are_stored_as_before() {
        let at = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc();
        let e = AuditEntry::new(at, "sam", AuditAction::ViewChild, None, "GET /x".into());
        let text = serde_json::to_string(&e).unwrap();
        assert!(!text.contains("children"), "{text}");
        let c = ChildId::new("C1").unwrap();
        let list = AuditEntry { children: vec![c.clone()], ..e };
        assert!(list.names(&c));
        let back: AuditEntry = serde_json::from_str(&serde_json::to_string(&list).unwrap()).unwrap();
        assert_eq!(back, list);
    }
}
