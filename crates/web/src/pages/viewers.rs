//! Who has seen a child's record (#14 item 3): for the child's managers and
//! information governance (the policy's `audit.read.child`, within the role's
//! scope). Every opening, change, stated reason, break glass and refusal
//! about the child, and every list that showed the child among others, from
//! the audit log: each person with how often and when first and last, then
//! the newest entries. Looking is itself audited, as any opening is.

use crate::access::open_child;
use crate::auth::SignedIn;
use crate::pages::child::parse_id;
use crate::ui::components::{Column, Table};
use crate::ui::{Layout, text};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use carefile_domain::access::{AuditAction, AuditRecord};
use carefile_store::AuditFilter;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use std::collections::BTreeMap;

pub(crate) const KEY: &str = "audit.read.child";
/// The newest entries listed one by one (the summary counts them all).
const NEWEST: usize = 200;

pub fn routes() -> Router<AppState> {
    Router::new().route("/children/{id}/viewers", get(page))
}

/// What an entry says someone did with the record, in words.
fn what(a: AuditAction) -> &'static str {
    match a {
        AuditAction::ViewChild => "Opened the record",
        AuditAction::ViewWithReason => "Opened it outside their usual work, with a reason",
        AuditAction::ViewList => "Saw it in a list",
        AuditAction::ChangeChild => "Recorded or corrected something",
        AuditAction::BreakGlass => "Broke glass",
        AuditAction::Denied => "Was refused",
        AuditAction::ManageUsers => "Changed who may see it",
        _ => "Other",
    }
}

/// One person's dealings with the record.
struct Person {
    times: usize,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
    glass: usize,
}

async fn page(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let id = parse_id(&raw)?;
    let child = open_child(&state, &user, &id, "GET /children/{id}/viewers", KEY).await?;
    let filter = AuditFilter { child: Some(id.clone()), listed: true, ..AuditFilter::default() };
    let entries: Vec<AuditRecord> = state.with_store(move |s| s.audit_log(&filter)).await?;
    let mut people: BTreeMap<&str, Person> = BTreeMap::new();
    for e in &entries {
        let p = people.entry(e.entry.user.as_str()).or_insert(Person { times: 0, first: e.entry.at, last: e.entry.at, glass: 0 });
        p.times += 1;
        p.first = p.first.min(e.entry.at);
        p.last = p.last.max(e.entry.at);
        p.glass += usize::from(e.entry.action == AuditAction::BreakGlass);
    }
    let accounts = state.accounts().clone();
    let role = |name: &str| {
        accounts.users.get(name).and_then(|u| user.policy.role(&u.role)).map_or(String::new(), |d| d.label.clone())
    };
    let when = |t: DateTime<Utc>| t.format("%d/%m/%Y %H:%M").to_string();
    let people_columns =
        [Column::new("Who"), Column::new("Role"), Column::new("Times").numeric(), Column::new("First"), Column::new("Last"), Column::new("Broke glass").numeric()];
    let entry_columns = [Column::new("When (UTC)"), Column::new("Who"), Column::new("What"), Column::new("Where or why")];
    let body = html! {
        p.govuk-body { (text::count(people.len(), "person has", "people have")) " opened, changed or seen this record in a list ("
            (text::count(entries.len(), "entry", "entries")) " in the audit log)." }
        (Table::new("People", &people_columns).id("people").render(people.iter().map(|(name, p)| vec![
            html! { (state.account(name)) },
            html! { (role(name)) },
            html! { (p.times) },
            html! { (when(p.first)) },
            html! { (when(p.last)) },
            html! { (p.glass) },
        ])))
        h2.govuk-heading-m { "Newest entries" }
        @if entries.len() > NEWEST { p.govuk-body { "The newest " (NEWEST) "; the audit log holds them all." } }
        (Table::new("Entries", &entry_columns).hidden_caption().id("entries").render(entries.iter().take(NEWEST).map(|e| vec![
            html! { (when(e.entry.at)) },
            html! { (state.account(&e.entry.user)) },
            html! { (what(e.entry.action)) },
            html! { (e.entry.detail) },
        ])))
    };
    Ok(Layout::new("Who has seen this record")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}
