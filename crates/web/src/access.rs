//! The domain's access policy ([`carefile_domain::access::decide`]) asked for
//! a signed-in user and a child, and the audit entry every decision about a
//! child's record writes. Nothing of a child is shown until its audit entry
//! is durable: if the audit log cannot be written, the view fails.
//!
//! A child that does not exist and one the user may not open get the same
//! answer (404, the same words, an audit entry either way), so IDs cannot be
//! enumerated; a restricted record the user would otherwise open offers break
//! glass, and one outside their scope that a stated reason opens asks for it.

use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::{AppError, AppState};
use carefile_domain::ChildId;
use carefile_domain::access::{
    self, Access, Accounts, AuditAction, AuditEntry, Opening, OpeningKind, UserEvent, check_reason, settle,
};
use carefile_domain::org::Organisation;
use chrono::Duration;
use std::sync::RwLockReadGuard;

/// The permission to open a child's record.
pub const READ: &str = "child.read";

/// What the policy needs besides the user and the child, read once for a
/// whole list (holds the accounts and organisation locks: do not hold it
/// across an await).
pub struct Gate<'a> {
    state: &'a AppState,
    user: &'a SignedIn,
    accounts: RwLockReadGuard<'a, Accounts>,
    org: RwLockReadGuard<'a, Organisation>,
}

impl<'a> Gate<'a> {
    pub fn new(state: &'a AppState, user: &'a SignedIn) -> Gate<'a> {
        Gate { state, user, accounts: state.accounts(), org: state.org() }
    }

    pub fn org(&self) -> &Organisation {
        &self.org
    }

    /// The policy's answer before the user's openings are counted.
    pub fn raw(&self, child: &ChildSummary, key: &str) -> Access {
        let service = child.facts.team.as_ref().and_then(|t| self.org.teams.get(t)).map(|t| t.service);
        let restricted = self.accounts.restricted.contains_key(&child.id);
        let granted = self.accounts.granted(&self.user.username, &child.id);
        let subject = child.facts.subject(service, restricted, granted, self.state.today());
        access::decide(&self.user.policy, &self.user.viewer(), &subject, key)
    }

    /// The answer with the user's live openings (a stated reason, break glass) counted.
    pub fn access(&self, child: &ChildSummary, key: &str) -> Access {
        settle(self.raw(child, key), self.user.openings.get(&child.id), self.state.now())
    }

    /// How a list shows a child: `Some(true)` with their name, `Some(false)`
    /// as "restricted: break glass", `None` not at all.
    pub fn listed(&self, child: &ChildSummary) -> Option<bool> {
        match self.access(child, READ) {
            Access::Allow => Some(true),
            Access::BreakGlass => Some(false),
            Access::NeedsReason | Access::Deny => None,
        }
    }
}

/// What the policy allows `user` for `child` with `key`, openings counted. For one child.
pub fn decide(state: &AppState, user: &SignedIn, child: &ChildSummary, key: &str) -> Access {
    Gate::new(state, user).access(child, key)
}

/// Writes one audit entry by `user`, now.
pub async fn audit(
    state: &AppState,
    user: &str,
    action: AuditAction,
    child: Option<&ChildId>,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    state.audit(AuditEntry::new(state.now(), user, action, child, detail.into())).await
}

/// Writes one `view_list` entry naming every child a list showed, in order.
pub async fn audit_list(
    state: &AppState,
    user: &str,
    route: &str,
    children: impl IntoIterator<Item = ChildId>,
) -> Result<(), AppError> {
    let children: Vec<ChildId> = children.into_iter().collect();
    let detail = format!("{route}: {} shown", children.len());
    let entry = AuditEntry { children, ..AuditEntry::new(state.now(), user, AuditAction::ViewList, None, detail) };
    state.audit(entry).await
}

/// The one refusal for a child that is missing or that the user may not open.
fn no_record(id: &ChildId) -> AppError {
    AppError::NotFound(format!("There is no record {id} that you can open."))
}

/// The child's summary, if it exists and the user may at least know of it
/// (read it, break glass, or state a reason). Otherwise `None` and a `denied`
/// audit entry, the same for a missing child as for a forbidden one.
async fn known(state: &AppState, user: &SignedIn, id: &ChildId, route: &str) -> Result<(ChildSummary, Access), AppError> {
    let found = {
        let index = state.index().await?;
        index.child(id).cloned().map(|c| {
            let a = decide(state, user, &c, READ);
            (c, a)
        })
    };
    match found {
        Some((c, a)) if a != Access::Deny => Ok((c, a)),
        _ => {
            audit(state, &user.username, AuditAction::Denied, Some(id), route).await?;
            Err(no_record(id))
        }
    }
}

/// Opens a child's record for `route` (a route template, e.g. `GET /children/{id}`)
/// to do `key` (`child.read` to view; a form's key to record): the summary if
/// the policy allows, with a `view_child` audit entry (`change_child` for a
/// route that is not a GET); otherwise a `denied` entry and the refusal, which asks for a
/// stated reason or break glass where either would open it.
pub async fn open_child(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    route: &str,
    key: &str,
) -> Result<ChildSummary, AppError> {
    let (child, read) = known(state, user, id, route).await?;
    let refusal = match read {
        Access::Allow if key == READ || decide(state, user, &child, key) == Access::Allow => None,
        Access::Allow => {
            // A page of the record the role may not see (who has seen it), or a form it may not use.
            let why = if route.starts_with("GET ") && !key.starts_with("child.record") && !key.starts_with("child.decide") {
                "your role may not see this page of the record"
            } else {
                "your role may not record this"
            };
            Some((format!("{route}: {key} not allowed"), AppError::Forbidden(why.into())))
        }
        Access::NeedsReason => Some((format!("{route}: needs a stated reason"), AppError::NeedsReason(id.clone()))),
        _ => Some((format!("{route}: restricted, no grant"), AppError::BreakGlass(id.clone()))),
    };
    if let Some((detail, e)) = refusal {
        audit(state, &user.username, AuditAction::Denied, Some(id), detail).await?;
        return Err(e);
    }
    let how = match user.openings.get(id).map(|o| o.kind) {
        Some(OpeningKind::BreakGlass) => " (break glass)",
        Some(OpeningKind::StatedReason) => " (stated reason)",
        None => "",
    };
    // Drawing a form views the record; only a write changes it.
    let action = if route.starts_with("GET ") { AuditAction::ViewChild } else { AuditAction::ChangeChild };
    audit(state, &user.username, action, Some(id), format!("{route}{how}")).await?;
    Ok(child)
}

/// Opens a restricted record without a grant: allowed only where the policy
/// offers break glass, with one of the policy's categories and a written
/// reason; audited as `break_glass` and open for the policy's hours.
pub async fn break_glass(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    category: &str,
    reason: &str,
    route: &str,
) -> Result<Opening, AppError> {
    let policy = &user.policy.settings.break_glass;
    let (child, _) = known(state, user, id, route).await?;
    if Gate::new(state, user).raw(&child, READ) != Access::BreakGlass {
        audit(state, &user.username, AuditAction::Denied, Some(id), format!("{route}: break glass not offered")).await?;
        return Err(AppError::BadRequest(format!("{id} opens without breaking glass")));
    }
    let reason = check_reason(reason, policy.min_reason_chars).map_err(AppError::BadRequest)?;
    let Some(category) = policy.categories.iter().find(|c| c.as_str() == category.trim()) else {
        return Err(AppError::BadRequest("choose what kind of emergency it is".into()));
    };
    let opening = Opening { kind: OpeningKind::BreakGlass, until: state.now() + Duration::hours(policy.hours.into()) };
    audit(state, &user.username, AuditAction::BreakGlass, Some(id), format!("{category}: {reason}")).await?;
    // For review by the opener's manager (`pages::glass`).
    let broken = UserEvent::GlassBroken {
        username: user.username.clone(),
        child: id.clone(),
        at: state.now(),
        category: category.clone(),
        reason: reason.to_string(),
    };
    state.append_users(&user.username, vec![broken]).await?;
    state.sessions().open(&user.session, id.clone(), opening).await?;
    Ok(opening)
}

/// Opens a record outside the user's scope with a stated reason, where the
/// policy allows (a front-door worker's long-closed record, a role whose
/// reason widens its scope); audited as `view_with_reason`.
pub async fn state_reason(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    reason: &str,
    route: &str,
) -> Result<Opening, AppError> {
    let settings = &user.policy.settings;
    let (child, _) = known(state, user, id, route).await?;
    if Gate::new(state, user).raw(&child, READ) != Access::NeedsReason {
        audit(state, &user.username, AuditAction::Denied, Some(id), format!("{route}: no reason needed")).await?;
        return Err(AppError::BadRequest(format!("{id} opens without a stated reason")));
    }
    let reason = check_reason(reason, settings.reason_min_chars).map_err(AppError::BadRequest)?;
    let opening = Opening { kind: OpeningKind::StatedReason, until: state.now() + Duration::hours(settings.reason_hours.into()) };
    audit(state, &user.username, AuditAction::ViewWithReason, Some(id), reason).await?;
    state.sessions().open(&user.session, id.clone(), opening).await?;
    Ok(opening)
}
