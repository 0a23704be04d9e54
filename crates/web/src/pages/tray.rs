//! The work tray (decision 003): what a person must act on, statutory due
//! items and everything else together, most overdue first; for a team
//! manager, the team's trays (each member's, the team's queue) and the
//! unallocated list. A tray lists children by name, so each view is audited.

use crate::access::audit;
use crate::auth::SignedIn;
use crate::index::Index;
use crate::people::People;
use crate::trays::owners;
use crate::ui::components::{self, Colour, Column, Control, Table, tag};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::{Layout, text};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use carefile_domain::form::Declared;
use carefile_domain::{ChildEvent, ChildId, WorkerId};
use carefile_domain::access::AuditAction;
use carefile_domain::timescales::Moment;
use carefile_work::{Kind, Owner, Subject, Target, TrayItem};
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
fn table(index: &Index, people: &People, items: &[&TrayItem], paging: &Paging, links: &Links, today: NaiveDate) -> Markup {
    const COLUMNS: [Column; 4] = [Column::new("Due"), Column::new("What"), Column::new("Child"), Column::new("Type")];
    Table::new("Tray", &COLUMNS).hidden_caption().paged(paging, links, ("item", "items")).render(paging.slice(items).iter().map(|i| {
        vec![
            due_cell(i.due, today),
            html! { a.govuk-link href=(href(&i.target)) { (i.title) } },
            html! { @match &i.subject {
                Subject::Child(c) => a.govuk-link href={ "/children/" (c) } { (index.child(c).map_or(c.as_str(), |s| s.name.as_str())) },
                Subject::Person(p) => a.govuk-link href={ "/people/" (p) } { (people.adult(p).map_or(p.as_str(), |a| a.name.as_str())) },
                Subject::Household(h) => a.govuk-link href={ "/households/" (h) } { (h) },
                Subject::None => "",
            } },
            html! { (i.kind.label()) },
        ]
    }))
}

/// The children `items` are about, each once, by ID.
fn children_of(items: &[TrayItem]) -> Vec<&ChildId> {
    let mut children: Vec<&ChildId> = items
        .iter()
        .filter_map(|i| match &i.subject {
            Subject::Child(c) => Some(c),
            _ => None,
        })
        .collect();
    children.sort_unstable();
    children.dedup();
    children
}

/// Audits a tray's view: who looked, how many items, naming the children shown.
async fn audited(state: &AppState, user: &SignedIn, route: &str, items: &[TrayItem]) -> Result<(), AppError> {
    let children: Vec<&str> = children_of(items).into_iter().map(ChildId::as_str).collect();
    let detail = format!("{route}: {} items; children {}", items.len(), children.join(" "));
    audit(state, &user.username, AuditAction::ViewAggregate, None, detail).await
}

#[derive(Deserialize, Default)]
struct TrayQuery {
    #[serde(flatten)]
    list: ListQuery,
    /// A team member's tray (managers).
    worker: Option<String>,
    /// Filters: one kind of item (its code), overdue items only, one child's items.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    child: String,
}

/// What a tray is narrowed to. An unknown kind or a child with no item in the
/// tray shows nothing rather than everything, so a stale link never misleads.
struct Filter {
    kind: Option<String>,
    overdue: bool,
    child: Option<String>,
}

impl Filter {
    fn of(q: &TrayQuery) -> Filter {
        let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Filter { kind: given(&q.kind), overdue: !q.overdue.is_empty(), child: given(&q.child) }
    }

    fn is_set(&self) -> bool {
        self.kind.is_some() || self.overdue || self.child.is_some()
    }

    fn keeps(&self, i: &TrayItem, today: NaiveDate) -> bool {
        self.kind.as_ref().is_none_or(|k| i.kind.code() == k)
            && (!self.overdue || i.is_overdue(today))
            && self.child.as_ref().is_none_or(|c| matches!(&i.subject, Subject::Child(x) if x.as_str() == c))
    }

    /// The query string's fields that keep the filter across pages.
    fn keep(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        v.extend(self.kind.clone().map(|k| ("kind", k)));
        if self.overdue {
            v.push(("overdue", "on".to_string()));
        }
        v.extend(self.child.clone().map(|c| ("child", c)));
        v
    }
}

/// The filter form: the kinds and children the whole tray holds, with how many items each.
fn filter_form(index: &Index, items: &[TrayItem], filter: &Filter, worker: Option<&WorkerId>) -> Markup {
    let kinds: Vec<(String, String)> = Kind::ALL
        .iter()
        .filter_map(|k| {
            let n = items.iter().filter(|i| i.kind == *k).count();
            (n > 0).then(|| (k.code().to_string(), format!("{} ({n})", k.label())))
        })
        .collect();
    let mut children: Vec<(String, String)> = children_of(items)
        .into_iter()
        .map(|c| (c.to_string(), index.child(c).map_or(c.to_string(), |s| s.name.clone())))
        .collect();
    children.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let all = |what: &str| std::iter::once((String::new(), what.to_string()));
    let kinds: Vec<_> = all("All types").chain(kinds).collect();
    let children: Vec<_> = all("All children").chain(children).collect();
    html! {
        form.app-filter method="get" action="/tray" {
            @if let Some(w) = worker { input type="hidden" name="worker" value=(w); }
            div.govuk-grid-row {
                div.govuk-grid-column-one-third {
                    (components::select(&Control::new("kind", "kind", "Type"), &kinds, &[filter.kind.clone().unwrap_or_default()], false))
                }
                div.govuk-grid-column-one-third {
                    (components::select(&Control::new("child", "child", "Child"), &children, &[filter.child.clone().unwrap_or_default()], false))
                }
                div.govuk-grid-column-one-third {
                    (components::checkbox(&Control::new("overdue", "overdue", "Overdue only"), filter.overdue))
                }
            }
            div.govuk-button-group {
                button.govuk-button.govuk-button--secondary type="submit" data-module="govuk-button" { "Filter" }
                @if filter.is_set() {
                    a.govuk-link href={ "/tray" @if let Some(w) = worker { "?worker=" (w) } } { "Clear filters" }
                }
            }
        }
    }
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
    let filter = Filter::of(&q);
    // Already in tray order: most overdue, then by due date, then undated.
    let shown: Vec<&TrayItem> = items.iter().filter(|i| filter.keeps(i, today)).collect();
    // The filter's list names every child of the tray, so the view is audited as the whole tray.
    audited(&state, &user, "GET /tray", &items).await?;
    let drafts = if worker.is_none() { crate::drafts::of(&state, &user).await? } else { Vec::new() };
    let overdue = items.iter().filter(|i| i.is_overdue(today)).count();
    let paging = Paging::new(&q.list.page, shown.len(), PER_PAGE);
    let sort = Sort { key: "due", descending: false };
    let mut keep: Vec<(&str, String)> = worker.iter().map(|w| ("worker", w.to_string())).collect();
    keep.extend(filter.keep());
    let links = Links { path: "/tray", keep, sort, default: sort };
    let index = state.index().await?;
    let people = state.people();
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
        @if items.is_empty() { p.govuk-body { "Nothing to do." } } @else {
            (filter_form(&index, &items, &filter, worker.as_ref()))
            @if filter.is_set() { p.govuk-body #filtered { "Showing " (text::count(shown.len(), "item", "items")) " of " (items.len()) "." } }
            @if shown.is_empty() { p.govuk-body { "No item matches the filter." } }
            @else { (table(&index, &people, &shown, &paging, &links, today)) }
        }
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
