//! The work tray (decision 003): what a person must act on, statutory due
//! items and everything else together, most overdue first; for a team
//! manager, the team's trays (each member's, the team's queue) and the
//! unallocated list. A tray lists children by name, so each view is audited.

use crate::access::audit;
use crate::auth::SignedIn;
use crate::index::Index;
use crate::trays::owners;
use crate::ui::components::{self, Colour, Column, Table, tag};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::{Layout, text};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use carefile_domain::form::Declared;
use carefile_domain::{ChildEvent, WorkerId};
use carefile_domain::access::AuditAction;
use carefile_domain::timescales::Moment;
use carefile_work::{Owner, Subject, Target, TrayItem};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/tray", get(mine)).route("/tray/team", get(team)).route("/unallocated", get(unallocated))
}

/// Where acting on an item takes the user.
pub fn href(target: &Target) -> String {
    match target {
        // The record's forms: the menu lists the one that meets the item.
        Target::Meet { child, .. } => format!("/children/{child}/record"),
        Target::Authorisation { child, no } => format!("/children/{child}/authorisations/{no}"),
        Target::Reviewing { child } => format!("/children/{child}/reviewing"),
        Target::Transfer { child, no } => format!("/children/{child}/transfers/{no}"),
        Target::Task { task } => format!("/tasks/{task}"),
        Target::Plan { child, plan, .. } => format!("/children/{child}/plans/{plan}"),
        Target::Child { child } => format!("/children/{child}"),
        Target::Household { household, .. } => format!("/households/{household}"),
        Target::Sitting { sitting, case: Some(c), action: None } => format!("/panels/{sitting}#case-{c}"),
        Target::Sitting { sitting, .. } => format!("/panels/{sitting}"),
        Target::Complaint { complaint, .. } => format!("/complaints/{complaint}"),
        Target::BreakGlass { child, user, at } => format!("/break-glass/{child}/{user}/{at}"),
        Target::Fix { child, form } => match ChildEvent::declarations().iter().find(|d| d.kind == *form) {
            Some(d) => format!("/children/{child}/record/{}", d.slug),
            None => format!("/children/{child}/record"),
        },
    }
}

fn due_cell(due: Option<Moment>, today: NaiveDate) -> Markup {
    let Some(d) = due else { return html! { "No date" } };
    let overdue = if d.time.is_some() { d.date <= today } else { d.date < today };
    html! {
        (text::short_date(d.date)) @if let Some(t) = d.time { " " (t.format("%H:%M")) } " "
        @if overdue { (tag(Colour::Red, "Overdue")) }
        @else if (d.date - today).num_days() <= components::DUE_SOON_DAYS { (tag(Colour::Yellow, "Due soon")) }
    }
}

/// The table of a tray: one page of it.
fn table(index: &Index, items: &[TrayItem], paging: &Paging, links: &Links, today: NaiveDate) -> Markup {
    const COLUMNS: [Column; 4] = [Column::new("Due"), Column::new("What"), Column::new("Child"), Column::new("Type")];
    Table::new("Tray", &COLUMNS).hidden_caption().paged(paging, links, ("item", "items")).render(paging.slice(items).iter().map(|i| {
        vec![
            due_cell(i.due, today),
            html! { a.govuk-link href=(href(&i.target)) { (i.title) } },
            html! { @match &i.subject {
                Subject::Child(c) => a.govuk-link href={ "/children/" (c) } { (index.child(c).map_or(c.as_str(), |s| s.name.as_str())) },
                Subject::Person(p) => a.govuk-link href={ "/people/" (p) } { (p) },
                Subject::Household(h) => a.govuk-link href={ "/households/" (h) } { (h) },
                Subject::None => "",
            } },
            html! { (i.kind.label()) },
        ]
    }))
}

/// Audits a tray's view: who looked, how many items, naming the children shown.
async fn audited(state: &AppState, user: &SignedIn, route: &str, items: &[TrayItem]) -> Result<(), AppError> {
    let mut children: Vec<&str> = items
        .iter()
        .filter_map(|i| match &i.subject {
            Subject::Child(c) => Some(c.as_str()),
            _ => None,
        })
        .collect();
    children.sort_unstable();
    children.dedup();
    let detail = format!("{route}: {} items; children {}", items.len(), children.join(" "));
    audit(state, &user.username, AuditAction::ViewAggregate, None, detail).await
}

#[derive(Deserialize, Default)]
struct TrayQuery {
    #[serde(flatten)]
    list: ListQuery,
    /// A team member's tray (managers).
    worker: Option<String>,
}

async fn mine(State(state): State<AppState>, user: SignedIn, Query(q): Query<TrayQuery>) -> Result<Markup, AppError> {
    // Panel advisers and chairs hold tasks (panel actions) without children's records.
    if !user.may(crate::access::READ) && !user.may("task.read") {
        return Err(AppError::Forbidden("your role has no tray of children's work".into()));
    }
    let today = state.today();
    let (title, owners, worker) = match q.worker.as_deref() {
        Some(w) => {
            let w = WorkerId::new(w).map_err(|e| AppError::NotFound(e.to_string()))?;
            let org = state.org();
            let member =
                org.staff.get(&w).filter(|s| s.team_on(today).is_some() && s.team_on(today) == user.team.as_ref());
            let name = match (user.may(crate::pages::TEAM_KEY), member) {
                (true, Some(s)) => s.name.clone(),
                _ => return Err(AppError::Forbidden("you may see the trays of your own team only".into())),
            };
            (format!("{name}'s tray"), vec![Owner::Worker(w.clone())], Some(w))
        }
        None => ("My tray".to_string(), owners(&user), None),
    };
    let items = state.tray(&owners).await?;
    audited(&state, &user, "GET /tray", &items).await?;
    let drafts = if worker.is_none() { crate::drafts::of(&state, &user).await? } else { Vec::new() };
    let overdue = items.iter().filter(|i| i.is_overdue(today)).count();
    let paging = Paging::new(&q.list.page, items.len(), PER_PAGE);
    let sort = Sort { key: "due", descending: false };
    let keep = worker.iter().map(|w| ("worker", w.to_string())).collect();
    let links = Links { path: "/tray", keep, sort, default: sort };
    let index = state.index().await?;
    let body = html! {
        p.govuk-body { (text::count(items.len(), "item", "items")) @if overdue > 0 { ", " strong { (overdue) " overdue" } } "." }
        @if user.may(crate::pages::TEAM_KEY) && worker.is_none() {
            p.govuk-body { a.govuk-link href="/tray/team" { "My team's trays" } " · " a.govuk-link href="/unallocated" { "Unallocated children" } }
        }
        @if !drafts.is_empty() {
            h2.govuk-heading-m { "Drafts in progress" }
            ul.govuk-list {
                @for d in &drafts {
                    li { a.govuk-link href=(d.key) { (if d.title.is_empty() { d.key.as_str() } else { d.title.as_str() }) }
                        " " span.app-count { "saved " (text::short_date(d.saved_at.date_naive())) " " (d.saved_at.format("%H:%M")) } }
                }
            }
        }
        @if items.is_empty() { p.govuk-body { "Nothing to do." } } @else { (table(&index, &items, &paging, &links, today)) }
    };
    Ok(Layout::new(&title).user(Some(&user)).section("/tray").render(body))
}

async fn team(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    user.require(crate::pages::TEAM_KEY)?;
    let team = user.team.clone().ok_or_else(|| AppError::Forbidden("your account is not linked to a team".into()))?;
    let today = state.today();
    let members: Vec<(WorkerId, String)> = {
        let org = state.org();
        let mut m: Vec<_> = org
            .staff
            .values()
            .filter(|s| s.in_post(today) && s.team_on(today) == Some(&team))
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect();
        m.sort_by(|a, b| a.1.cmp(&b.1));
        m
    };
    let mut rows = Vec::new();
    let mut all = Vec::new();
    for (id, name) in &members {
        let items = state.tray(&[Owner::Worker(id.clone())]).await?;
        let overdue = items.iter().filter(|i| i.is_overdue(today)).count();
        rows.push((Some(id.clone()), name.clone(), items.len(), overdue));
        all.extend(items);
    }
    let queue = state.tray(&[Owner::Team(team.clone())]).await?;
    let queue_overdue = queue.iter().filter(|i| i.is_overdue(today)).count();
    audited(&state, &user, "GET /tray/team", &all).await?;
    const COLUMNS: [Column; 3] =
        [Column::new("Tray"), Column::new("Items").numeric(), Column::new("Overdue").numeric()];
    let body = html! {
        (Table::new("Trays of the team", &COLUMNS).render(
            std::iter::once(vec![
                html! { a.govuk-link href="/tray" { "The team's queue (authorisations, unallocated children's work)" } },
                html! { (queue.len()) }, html! { (queue_overdue) },
            ])
            .chain(rows.iter().map(|(id, name, n, overdue)| vec![
                html! { a.govuk-link href={ "/tray?worker=" (id.as_ref().map_or("", |w| w.as_str())) } { (name) } },
                html! { (n) },
                html! { @if *overdue > 0 { (tag(Colour::Red, &overdue.to_string())) } @else { "0" } },
            ]))
        ))
        p.govuk-body { a.govuk-link href="/unallocated" { "Unallocated children" } }
    };
    Ok(Layout::new("My team's trays").user(Some(&user)).section("/tray").render(body))
}

async fn unallocated(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Markup, AppError> {
    user.require(crate::pages::TEAM_KEY)?;
    let team = user.team.clone().ok_or_else(|| AppError::Forbidden("your account is not linked to a team".into()))?;
    let today = state.today();
    let (body, detail) = {
        let index = state.index().await?;
        let mut children: Vec<_> = index.of_team(&team).filter(|c| c.worker().is_none() && c.is_open()).collect();
        // Most urgent first: the earliest due item.
        children.sort_by_key(|c| (index.due(&c.id).first().map(|d| d.due), c.name.clone()));
        let paging = Paging::new(&q.page, children.len(), PER_PAGE);
        let sort = Sort { key: "due", descending: false };
        let links = Links { path: "/unallocated", keep: vec![], sort, default: sort };
        const COLUMNS: [Column; 4] =
            [Column::new("Child"), Column::new("Status"), Column::new("Next due"), Column::new("")];
        let body = html! {
            p.govuk-body { (text::count(children.len(), "child", "children")) " in your team with no allocated worker." }
            @if !children.is_empty() {
                (Table::new("Unallocated children", &COLUMNS).hidden_caption().paged(&paging, &links, ("child", "children")).render(
                    paging.slice(&children).iter().map(|c| vec![
                        html! { a.govuk-link href={ "/children/" (c.id) } { (c.name) } },
                        html! { (c.status_words().join(", ")) },
                        html! { @match index.due(&c.id).first() { Some(d) => (due_cell(Some(d.due), today)), None => "Nothing due" } },
                        html! { a.govuk-link href={ "/children/" (c.id) "/record/allocation" } { "Allocate" span.govuk-visually-hidden { " " (c.name) } } },
                    ])
                ))
            }
        };
        let shown: Vec<&str> = paging.slice(&children).iter().map(|c| c.id.as_str()).collect();
        let detail = format!("GET /unallocated: {} children; shown {}", children.len(), shown.join(" "));
        (body, detail)
    };
    audit(&state, &user.username, AuditAction::ViewAggregate, None, detail).await?;
    Ok(Layout::new("Unallocated children").user(Some(&user)).section("/tray").render(body))
}
