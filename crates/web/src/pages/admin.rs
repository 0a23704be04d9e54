//! Administrators' pages: the audit log, searchable, and the user list.

use super::Layout;
use crate::auth::SignedIn;
use crate::ui::components::{Colour, Column, Control, Table, button, input, inset, secondary_button, select, tag, warning};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use carefile_domain::ChildId;
use axum::response::{IntoResponse, Redirect, Response};
use carefile_domain::access::{AuditAction, Role, UserEvent};
use carefile_domain::WorkerId;
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
                let a = AuditAction::ALL.iter().copied().find(|a| a.name() == self.action.trim());
                Some(a.ok_or_else(|| AppError::BadRequest(format!("action: unknown action '{}'", self.action)))?)
            },
            from: if blank(&self.from) { None } else { Some(date("from", &self.from)?) },
            // "to" is inclusive in the form: entries before the next day.
            to: if blank(&self.to) { None } else { Some(date("to", &self.to)? + chrono::Duration::days(1)) },
            listed: true,
            limit: Some(AUDIT_LIMIT),
        })
    }
}


pub async fn audit(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<AuditQuery>,
    Query(list): Query<ListQuery>,
) -> Result<Markup, AppError> {
    user.require("audit.read.log")?;
    let filter = q.filter()?;
    let rows = state.read_primary(move |s| s.audit_log(&filter)).await?;
    crate::access::audit(&state, &user.username, AuditAction::SearchAudit, None, format!("{} entries", rows.len()))
        .await?;
    let newest = Sort { key: "seq", descending: true };
    let paging = Paging::new(&list.page, rows.len(), PER_PAGE);
    let keep = vec![("user", q.user.clone()), ("child", q.child.clone()), ("action", q.action.clone()), ("from", q.from.clone()), ("to", q.to.clone())];
    let links = Links { path: "/admin/audit", keep, sort: newest, default: newest };
    let mut actions = vec![(String::new(), "Any".to_string())];
    actions.extend(AuditAction::ALL.iter().map(|a| (a.name().to_string(), a.name().to_string())));
    let columns = [Column::new("#").numeric(), Column::new("When (UTC)"), Column::new("User"), Column::new("Action"), Column::new("Child"), Column::new("Detail")];
    let body = html! {
        form method="get" action="/admin/audit" {
            div.govuk-grid-row {
                div.govuk-grid-column-one-third { (input(&Control::new("user", "user", "User"), "text", &q.user, Some("off"))) }
                div.govuk-grid-column-one-third { (input(&Control::new("child", "child", "Child ID"), "text", &q.child, Some("off"))) }
                div.govuk-grid-column-one-third { (select(&Control::new("action", "action", "Action"), &actions, std::slice::from_ref(&q.action), false)) }
            }
            div.govuk-grid-row {
                div.govuk-grid-column-one-third { (input(&Control::new("from", "from", "From").hint("YYYY-MM-DD"), "text", &q.from, Some("off"))) }
                div.govuk-grid-column-one-third { (input(&Control::new("to", "to", "To").hint("YYYY-MM-DD"), "text", &q.to, Some("off"))) }
            }
            (button("Search"))
        }
        @if rows.len() == AUDIT_LIMIT { (inset(html! { "Only the newest " (AUDIT_LIMIT) " entries that match are shown: narrow the search to see older ones." })) }
        p.govuk-body { (text::count(rows.len(), "entry", "entries")) ", newest first." }
        (Table::new("Audit entries", &columns).hidden_caption().id("audit").paged(&paging, &links, ("entry", "entries"))
            .render(paging.slice(&rows).iter().map(|r| vec![
                html! { (r.seq) },
                html! { (r.entry.at.format("%Y-%m-%d %H:%M:%S")) },
                html! { (state.account(&r.entry.user)) },
                html! { (r.entry.action.name()) },
                html! { @if let Some(c) = &r.entry.child { (c) } },
                html! { (r.entry.detail) },
            ])))
    };
    Ok(Layout::new("Audit log").user(Some(&user)).section("/admin/audit").render(body))
}

pub async fn users(State(state): State<AppState>, user: SignedIn, Query(list): Query<ListQuery>) -> Result<Markup, AppError> {
    user.require("users.read")?;
    let accounts = state.accounts().clone();
    let users: Vec<_> = accounts.users.values().collect();
    let by_name = Sort { key: "username", descending: false };
    let paging = Paging::new(&list.page, users.len(), PER_PAGE);
    let links = Links { path: "/admin/users", keep: vec![], sort: by_name, default: by_name };
    let columns = [Column::new("Username"), Column::new("Role"), Column::new("Member of staff"), Column::new("Grants").numeric(), Column::new("State")];
    let table = {
        let org = state.org();
        Table::new("Users", &columns).hidden_caption().id("users").paged(&paging, &links, ("user", "users"))
            .render(paging.slice(&users).iter().map(|u| vec![
                html! { (u.username) },
                html! { (user.policy.role(&u.role).map_or(u.role.code(), |d| d.label.as_str())) },
                html! { @if let Some(w) = &u.worker { (text::worker(&org, w)) } },
                html! { (accounts.grants.iter().filter(|(n, _)| *n == u.username).count()) },
                html! {
                    @if u.disabled { (tag(Colour::Grey, "Disabled")) } @else { (tag(Colour::Green, "Active")) }
                    @if u.second_factor.is_some() { " " (tag(Colour::Blue, "Second factor")) }
                    @if u.identity.is_some() { " " (tag(Colour::Blue, "Single sign-on")) }
                },
            ]))
    };
    let roles: Vec<(String, String)> =
        user.policy.roles.iter().map(|(r, d)| (r.code().to_string(), d.label.clone())).collect();
    let body = html! {
        (table)
        h2.govuk-heading-m { "Restricted records" }
        p.govuk-body { (text::count(accounts.restricted.len(), "record is", "records are")) " restricted: each needs a grant, or break glass with a reason." }
        h2.govuk-heading-m { "Accounts" }
        form method="post" action="/admin/users/add" {
            h3.govuk-heading-s { "Add a user" }
            (super::csrf_input(&user.csrf))
            (input(&Control::new("add-username", "username", "Username").required(true), "text", "", Some("off")))
            (select(&Control::new("add-role", "role", "Role"), &roles, &[], false))
            (input(&Control::new("add-worker", "worker", "Member of staff (their staff ID), if they have caseloads").hint("Leave blank for a user with no team"), "text", "", Some("off")))
            (secondary_button("Add a user"))
        }
        (change_form(&user.csrf, "reset", "Reset a password (ends their sessions)", &[("username", "Username")]))
        (change_form(&user.csrf, "unlock", "Unlock a user slowed by failed sign-ins", &[("username", "Username")]))
        (change_form(&user.csrf, "disable", "Disable a user (ends their sessions)", &[("username", "Username")]))
        (change_form(&user.csrf, "enable", "Enable a disabled user again", &[("username", "Username")]))
        form method="post" action="/admin/users/role" {
            h3.govuk-heading-s { "Change a user's role or member of staff" }
            (super::csrf_input(&user.csrf))
            (input(&Control::new("role-username", "username", "Username").required(true), "text", "", Some("off")))
            (select(&Control::new("role-role", "role", "Role"), &roles, &[], false))
            (input(&Control::new("role-worker", "worker", "Member of staff (their staff ID), if they have caseloads").hint("Leave blank for a user with no team"), "text", "", Some("off")))
            (secondary_button("Change the role"))
        }
        (change_form(&user.csrf, "second-factor", "Remove a user's second factor (a lost phone: they set it up again at their next sign-in)", &[("username", "Username")]))
        @if let Some(oidc) = &state.config().oidc {
            (change_form(&user.csrf, "sso", &format!("Link a user to their account at {} (its subject identifier, not an email address)", oidc.settings.label), &[("username", "Username"), ("subject", "Subject identifier")]))
            (change_form(&user.csrf, "sso-unlink", &format!("Unlink a user from {}", oidc.settings.label), &[("username", "Username")]))
        }
        h2.govuk-heading-m { "Change access" }
        (change_form(&user.csrf, "restrict", "Restrict a record", &[("child", "Child ID"), ("reason", "Why")]))
        (change_form(&user.csrf, "lift", "Lift a record's restriction", &[("child", "Child ID")]))
        (change_form(&user.csrf, "grant", "Grant a user access to a restricted record", &[("username", "Username"), ("child", "Child ID"), ("reason", "Why")]))
        (change_form(&user.csrf, "revoke", "Revoke a user's grant", &[("username", "Username"), ("child", "Child ID")]))
    };
    Ok(Layout::new("Users").user(Some(&user)).section("/admin/users").render(body))
}

fn change_form(csrf: &str, action: &str, title: &str, fields: &[(&str, &str)]) -> Markup {
    html! {
        form method="post" action={ "/admin/users/" (action) } {
            h3.govuk-heading-s { (title) }
            (super::csrf_input(csrf))
            @for (name, label) in fields {
                @let id = format!("{action}-{name}");
                (input(&Control::new(&id, name, label).required(true), "text", "", Some("off")))
            }
            (secondary_button(title))
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
    #[serde(default)]
    role: String,
    #[serde(default)]
    worker: String,
    #[serde(default)]
    subject: String,
}

/// Adds a user, resets a password, unlocks, disables, restricts or lifts a
/// restriction, grants or revokes: checked against the accounts first so a
/// refusal says why, then stored and audited. A new password is shown once.
pub async fn change(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Path(action): axum::extract::Path<String>,
    axum::Form(f): axum::Form<Change>,
) -> Result<Response, AppError> {
    user.require(if matches!(action.as_str(), "restrict" | "lift") { "child.restrict" } else { "users.manage" })?;
    let child = || ChildId::new(f.child.trim()).map_err(|e| AppError::BadRequest(format!("child: {e}")));
    let username = f.username.trim().to_string();
    let reason = f.reason.trim().to_string();
    let known = || {
        if state.accounts().users.contains_key(&username) {
            Ok(username.clone())
        } else {
            Err(AppError::BadRequest(format!("no user '{username}'")))
        }
    };
    if action == "unlock" {
        // Not an account change: the sign-in and second-factor counts are forgotten (a device's own counts stay).
        let name = known()?;
        let key = format!("u:{name}");
        state.session_store(move |s| s.throttle_clear(&key)).await?;
        crate::auth::second_factor::forget_failures(&state, &name).await?;
        crate::access::audit(&state, &user.username, AuditAction::ManageUsers, None, format!("unlocked {name}")).await?;
        return Ok(Redirect::to("/admin/users").into_response());
    }
    let mut password = None;
    let mut new_password = || -> Result<String, AppError> {
        let p = crate::auth::password::generate()?;
        let hash = crate::auth::password::hash(&p)?;
        password = Some(p);
        Ok(hash)
    };
    let role = || {
        let role = Role::new(f.role.trim()).ok().filter(|r| user.policy.role(r).is_some());
        role.ok_or_else(|| AppError::BadRequest(format!("role: no role '{}'", f.role.trim())))
    };
    let worker = || match f.worker.trim() {
        "" => Ok(None),
        w => {
            let w = WorkerId::new(w).map_err(|e| AppError::BadRequest(format!("member of staff: {e}")))?;
            match state.org().staff.get(&w) {
                None => Err(AppError::BadRequest(format!("member of staff: no '{w}'"))),
                Some(s) if !s.in_post(state.today()) => {
                    Err(AppError::BadRequest(format!("member of staff: {w} is not in post (their account would be disabled)")))
                }
                Some(_) => Ok(Some(w)),
            }
        }
    };
    let event = match action.as_str() {
        "add" => UserEvent::UserAdded { username, role: role()?, worker: worker()?, password_hash: new_password()? },
        "reset" => UserEvent::PasswordChanged { username: known()?, password_hash: new_password()? },
        "disable" => UserEvent::UserDisabled { username },
        "enable" => {
            let name = known()?;
            // The housekeeping sweep would disable a leaver's account again at once.
            let left = state.accounts().users[&name].worker.clone().and_then(|w| {
                let org = state.org();
                org.staff.get(&w).filter(|s| !s.in_post(state.today())).map(|_| w)
            });
            if let Some(w) = left {
                return Err(AppError::BadRequest(format!(
                    "{name} is linked to {w}, who is not in post: link them to a member of staff in post first (change the role)"
                )));
            }
            UserEvent::UserEnabled { username: name }
        }
        "role" => UserEvent::RoleChanged { username: known()?, role: role()?, worker: worker()? },
        "second-factor" => UserEvent::SecondFactorRemoved { username },
        "sso" => {
            let Some(oidc) = &state.config().oidc else { return Err(AppError::BadRequest("single sign-on is not configured".into())) };
            UserEvent::IdentityLinked { username, issuer: oidc.settings.issuer.clone(), subject: f.subject.trim().to_string() }
        }
        "sso-unlink" => UserEvent::IdentityUnlinked { username },
        "restrict" => UserEvent::RecordRestricted { child: child()?, reason },
        "lift" => UserEvent::RestrictionLifted { child: child()? },
        "grant" => UserEvent::AccessGranted { username, child: child()?, reason },
        "revoke" => UserEvent::AccessRevoked { username, child: child()? },
        _ => return Err(AppError::NotFound(format!("no access change '{action}'"))),
    };
    state.accounts().clone().apply(&event).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let detail = match &event {
        UserEvent::UserAdded { username, role, .. } => format!("added {username} as {}", role.code()),
        UserEvent::RoleChanged { username, role, worker } => {
            format!("{username}'s role is now {}{}", role.code(), worker.as_ref().map_or(String::new(), |w| format!(", member of staff {w}")))
        }
        UserEvent::IdentityLinked { username, issuer, subject } => format!("linked {username} to {subject} at {issuer}"),
        UserEvent::AccessGranted { username, .. }
        | UserEvent::AccessRevoked { username, .. }
        | UserEvent::IdentityUnlinked { username }
        | UserEvent::UserDisabled { username }
        | UserEvent::UserEnabled { username }
        | UserEvent::SecondFactorRemoved { username }
        | UserEvent::PasswordChanged { username, .. } => format!("{} {username}", event.kind()),
        _ => event.kind().to_string(),
    };
    let child = match &event {
        UserEvent::RecordRestricted { child, .. }
        | UserEvent::RestrictionLifted { child }
        | UserEvent::AccessGranted { child, .. }
        | UserEvent::AccessRevoked { child, .. } => Some(child.clone()),
        _ => None,
    };
    let ended = match &event {
        // Sessions made with the old password, role or second factor end.
        UserEvent::PasswordChanged { username, .. }
        | UserEvent::RoleChanged { username, .. }
        | UserEvent::SecondFactorRemoved { username }
        | UserEvent::IdentityLinked { username, .. }
        | UserEvent::IdentityUnlinked { username } => Some(username.clone()),
        _ => None,
    };
    let named = match &event {
        UserEvent::UserAdded { username, .. } | UserEvent::PasswordChanged { username, .. } => username.clone(),
        _ => String::new(),
    };
    state.append_users(&user.username, vec![event]).await?;
    if let Some(name) = ended {
        state.session_store(move |s| s.sessions_end_user(&name).map(|_| ())).await?;
    }
    crate::access::audit(&state, &user.username, AuditAction::ManageUsers, child.as_ref(), detail).await?;
    match password {
        Some(p) => Ok(shown_once(&user, &named, &p).into_response()),
        None => Ok(Redirect::to("/admin/users").into_response()),
    }
}

/// A new password, shown to the administrator once (never stored but as its hash, never sent again).
fn shown_once(user: &SignedIn, username: &str, password: &str) -> Markup {
    let body = html! {
        div.govuk-panel.govuk-panel--confirmation {
            h1.govuk-panel__title { "Password for " (username) }
            div.govuk-panel__body { code id="new-password" { (password) } }
        }
        (warning("This password is shown only once. Give it to them in person or by phone, never by email."))
        p.govuk-body { a.govuk-link href="/admin/users" { "Back to users" } }
    };
    Layout::new("New password").user(Some(user)).section("/admin/users").render(body)
}
