//! The domain's access policy applied to a signed-in user, and the audit entry
//! every decision about a child's record writes. Nothing of a child is shown
//! until its audit entry is durable: if the audit log cannot be written, the
//! view fails.

use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::{AppError, AppState};
use carefile_domain::ChildId;
use carefile_domain::access::{Access, AuditAction, AuditEntry, access};

/// What the policy allows `user` for `child`, taking a break-glass opening
/// earlier in the session into account. Writes nothing: for lists.
pub fn decide(state: &AppState, user: &SignedIn, child: &ChildSummary) -> Access {
    match access(&user.viewer(), &child.scope(), &state.accounts()) {
        // Opened this session by breaking glass, or from the front door with a stated reason.
        Access::BreakGlass | Access::Deny if user.broken_glass.contains(&child.id) => Access::Allow,
        a => a,
    }
}

/// Writes one audit entry by `user`, now.
pub async fn audit(
    state: &AppState,
    user: &str,
    action: AuditAction,
    child: Option<&ChildId>,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    let entry =
        AuditEntry { at: state.now(), user: user.to_string(), action, child: child.cloned(), detail: detail.into() };
    state.audit(entry).await
}

/// Opens a child's record for `route` (a route template, e.g. `GET /children/{id}`):
/// the summary if the policy allows, with a `view_child` audit entry (or
/// `change_child` when `change`); otherwise a `denied` entry and the refusal.
pub async fn open_child(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    route: &str,
    change: bool,
) -> Result<ChildSummary, AppError> {
    let child =
        state.index().await?.child(id).cloned().ok_or_else(|| AppError::NotFound(format!("no child with ID {id}")))?;
    let glass = user.broken_glass.contains(id);
    match decide(state, user, &child) {
        Access::Allow => {
            let action = if change { AuditAction::ChangeChild } else { AuditAction::ViewChild };
            let detail = if glass { format!("{route} (break glass)") } else { route.to_string() };
            audit(state, &user.username, action, Some(id), detail).await?;
            Ok(child)
        }
        Access::BreakGlass => {
            audit(state, &user.username, AuditAction::Denied, Some(id), format!("{route}: restricted, no grant"))
                .await?;
            Err(AppError::BreakGlass(id.clone()))
        }
        Access::Deny => {
            audit(state, &user.username, AuditAction::Denied, Some(id), route).await?;
            Err(AppError::Forbidden(format!("you may not see the record of {id}")))
        }
    }
}

/// Opens a restricted record without a grant: allowed only where the policy
/// offers break glass, with a written reason, audited as `break_glass`, and
/// remembered for the rest of the session.
pub async fn break_glass(state: &AppState, user: &SignedIn, id: &ChildId, reason: &str) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        return Err(AppError::BadRequest("say why you need to open this record (at least 10 characters)".into()));
    }
    let child =
        state.index().await?.child(id).cloned().ok_or_else(|| AppError::NotFound(format!("no child with ID {id}")))?;
    if access(&user.viewer(), &child.scope(), &state.accounts()) != Access::BreakGlass {
        audit(state, &user.username, AuditAction::Denied, Some(id), "break glass refused").await?;
        return Err(AppError::Forbidden(format!("break glass is not available to you for {id}")));
    }
    audit(state, &user.username, AuditAction::BreakGlass, Some(id), reason).await?;
    state.sessions().break_glass(&user.session, id.clone()).await?;
    Ok(())
}

/// Opens a child outside the user's scope from the front door, with a stated
/// reason (decision 001: a stated reason widens the front door's scope):
/// audited as `break_glass` with the reason, and remembered for the session.
/// Not for restricted records, which need break glass proper.
pub async fn open_with_reason(state: &AppState, user: &SignedIn, id: &ChildId, reason: &str) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.chars().count() < 10 || reason.chars().count() > 500 {
        return Err(AppError::BadRequest("say why you need to open this record (10 to 500 characters)".into()));
    }
    let child =
        state.index().await?.child(id).cloned().ok_or_else(|| AppError::NotFound(format!("no child with ID {id}")))?;
    if !crate::workplace::may(user, "child.register")
        || access(&user.viewer(), &child.scope(), &state.accounts()) != Access::Deny
    {
        audit(state, &user.username, AuditAction::Denied, Some(id), "open with a reason refused").await?;
        return Err(AppError::Forbidden(format!("{id} cannot be opened with a reason by you")));
    }
    audit(state, &user.username, AuditAction::BreakGlass, Some(id), format!("front door, view with reason: {reason}"))
        .await?;
    state.sessions().break_glass(&user.session, id.clone()).await?;
    Ok(())
}
