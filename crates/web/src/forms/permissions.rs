//! Which forms a user may record, asked of the access policy (decision 001,
//! `crates/domain/config/access.toml`): a kind's declaration names the
//! permission key it needs (`child.record.visit`, `child.decide.referral`…).

use super::FormKind;
use crate::auth::SignedIn;

/// Whether `user`'s role holds `key`.
pub fn holds(user: &SignedIn, key: &str) -> bool {
    user.may(key)
}

/// Whether `user` may send a step of `kind` for a manager's authorisation rather than record it
/// (a worker's screening decision, assessment, closure…): an authorising kind, for a role that
/// records the case's work (the request itself is the work tray's, #13).
pub fn may_propose(user: &SignedIn, kind: FormKind) -> bool {
    kind.authorises.is_some() && user.policy.role(&user.role).is_some_and(|r| r.holds_any("child.record"))
}

/// Whether `user` may record entries of `kind`; `Err` says why not, in words for the page.
pub fn may_record(user: &SignedIn, kind: FormKind) -> Result<(), String> {
    if holds(user, kind.permission) {
        Ok(())
    } else {
        Err(format!("{} is not recorded by a {} ({} is needed)", kind.title, user.role_label().to_lowercase(), kind.permission))
    }
}
