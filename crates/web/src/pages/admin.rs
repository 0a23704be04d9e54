//! Administrators' pages: the audit log, searchable, and the user list.

use super::layout;
use crate::auth::SignedIn;
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use carefile_domain::ChildId;
use carefile_domain::access::{AuditAction, Role, UserEvent};
use carefile_store::AuditFilter;
use chrono::{NaiveDate, NaiveTime};
use maud::{Markup, html};
use serde::Deserialize;

/// The audit search form's fields; blank means any.
#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    child: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// Most entries one search shows.
const AUDIT_LIMIT: usize = 500;

impl AuditQuery {
    /// The store's filter; a malformed field is a clear error naming it.
    fn filter(&self) -> Result<AuditFilter, AppError> {
        let blank = |s: &str| s.trim().is_empty();
        let date = |field: &str, s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(|d| d.and_time(NaiveTime::MIN).and_utc())
                .map_err(|_| AppError::BadRequest(format!("{field}: expected a date YYYY-MM-DD, got '{s}'")))
        };
        Ok(AuditFilter {
            user: (!blank(&self.user)).then(|| self.user.trim().to_string()),
            child: if blank(&self.child) {
                None
            } else {
                Some(ChildId::new(self.child.trim()).map_err(|e| AppError::BadRequest(format!("child: {e}")))?)
            },
            action: if blank(&self.action) {
                None
            } else {
                let a = AuditAction::ALL.into_iter().find(|a| a.name() == self.action.trim());
                Some(a.ok_or_else(|| AppError::BadRequest(format!("action: unknown action '{}'", self.action)))?)
            },
            from: if blank(&self.from) { None } else { Some(date("from", &self.from)?) },
            // "to" is inclusive in the form: entries before the next day.
            to: if blank(&self.to) { None } else { Some(date("to", &self.to)? + chrono::Duration::days(1)) },
            limit: Some(AUDIT_LIMIT),
        })
    }
}


pub async fn audit(State(state): State<AppState>, user: SignedIn, Query(q): Query<AuditQuery>) -> Result<Markup, AppError> {
    user.require(Role::Admin)?;
    let filter = q.filter()?;
    let rows = state.read_store(move |s| s.audit_log(&filter)).await?;
    crate::access::audit(&state, &user.username, AuditAction::SearchAudit, None, format!("{} entries", rows.len()))
        .await?;
    let body = html! {
        form method="get" action="/admin/audit" {
            label { "User " input name="user" value=(q.user); }
            label { "Child ID " input name="child" value=(q.child); }
            label { "Action " select name="action" {
                option value="" { "any" }
                @for a in AuditAction::ALL { option value=(a.name()) selected[q.action == a.name()] { (a.name()) } }
            } }
            label { "From " input type="date" name="from" value=(q.from); }
            label { "To " input type="date" name="to" value=(q.to); }
            p { button type="submit" { "Search" } }
        }
        p { (rows.len()) " entries" @if rows.len() == AUDIT_LIMIT { " (the newest " (AUDIT_LIMIT) ")" } ", newest first." }
        table {
            thead { tr { th { "#" } th { "When (UTC)" } th { "User" } th { "Action" } th { "Child" } th { "Detail" } } }
            tbody { @for r in &rows {
                tr {
                    td { (r.seq) } td { (r.entry.at.format("%Y-%m-%d %H:%M:%S")) } td { (r.entry.user) }
                    td { (r.entry.action.name()) }
                    td { @if let Some(c) = &r.entry.child { (c) } }
                    td { (r.entry.detail) }
                }
            } }
        }
    };
    Ok(layout("Audit log", Some(&user), body))
}

pub async fn users(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    user.require(Role::Admin)?;
    let accounts = state.accounts().clone();
    let body = html! {
        p { "Add users with " code { "carefile user add --role ROLE NAME" } "." }
        table {
            thead { tr { th { "Username" } th { "Role" } th { "Member of staff" } th { "Grants" } th { "State" } } }
            tbody { @for u in accounts.users.values() {
                tr {
                    td { (u.username) } td { (u.role.label()) }
                    td { @if let Some(w) = &u.worker { (w) } }
                    td { (accounts.grants.iter().filter(|(n, _)| *n == u.username).count()) }
                    td { @if u.disabled { "disabled" } @else { "active" } }
                }
            } }
        }
        h2 { "Restricted records" }
        p { (accounts.restricted.len()) " restricted: each needs a grant, or break glass with a reason." }
        h2 { "Change access" }
        (change_form(&user.csrf, "restrict", "Restrict a record", &[("child", "Child ID"), ("reason", "Why")]))
        (change_form(&user.csrf, "grant", "Grant a user access to a restricted record", &[("username", "Username"), ("child", "Child ID"), ("reason", "Why")]))
        (change_form(&user.csrf, "disable", "Disable a user (ends their sessions)", &[("username", "Username")]))
    };
    Ok(layout("Users", Some(&user), body))
}

fn change_form(csrf: &str, action: &str, title: &str, fields: &[(&str, &str)]) -> Markup {
    html! {
        form method="post" action={ "/admin/users/" (action) } {
            h3 { (title) }
            (super::csrf_input(csrf))
            @for (name, label) in fields {
                label { (label) " " input name=(name) required; }
            }
            p { button type="submit" { (title) } }
        }
    }
}

/// The fields of the access forms; each form uses some of them.
#[derive(Deserialize)]
pub struct Change {
    #[serde(default)]
    username: String,
    #[serde(default)]
    child: String,
    #[serde(default)]
    reason: String,
}

/// Restricts a record, grants access to one, or disables a user: checked
/// against the accounts first so a refusal says why, then stored and audited.
pub async fn change(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Path(action): axum::extract::Path<String>,
    axum::Form(f): axum::Form<Change>,
) -> Result<axum::response::Redirect, AppError> {
    user.require(Role::Admin)?;
    let child = || ChildId::new(f.child.trim()).map_err(|e| AppError::BadRequest(format!("child: {e}")));
    let username = f.username.trim().to_string();
    let reason = f.reason.trim().to_string();
    let event = match action.as_str() {
        "restrict" => UserEvent::RecordRestricted { child: child()?, reason },
        "grant" => UserEvent::AccessGranted { username, child: child()?, reason },
        "disable" => UserEvent::UserDisabled { username },
        _ => return Err(AppError::NotFound(format!("no access change '{action}'"))),
    };
    state.accounts().clone().apply(&event).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let detail = match &event {
        UserEvent::AccessGranted { username, .. } | UserEvent::UserDisabled { username } => {
            format!("{} {username}", event.kind())
        }
        _ => event.kind().to_string(),
    };
    let child = match &event {
        UserEvent::RecordRestricted { child, .. } | UserEvent::AccessGranted { child, .. } => Some(child.clone()),
        _ => None,
    };
    state.append_users(&user.username, vec![event]).await?;
    crate::access::audit(&state, &user.username, AuditAction::ManageUsers, child.as_ref(), detail).await?;
    Ok(axum::response::Redirect::to("/admin/users"))
}
