//! The team manager's view, from the index (never the store): the team's
//! open children, timeliness over the last twelve months (assessments within
//! 45 working days of the referral, CP visits, CP and looked-after reviews),
//! and three paged lists on their own pages: children with no allocated
//! worker (most urgent first, with a link to allocate), what is overdue by
//! worker (most overdue first, with a link to an oversight entry), and the
//! month's allocations and oversight entries (newest first). Allocations and
//! oversight are events on the child's record (see `record.rs`). Each list
//! is audited with the children it showed.

use super::Layout;
use super::caseload::{caseload, child_link};
use crate::access::{Gate, audit_list};
use crate::auth::SignedIn;
use crate::index::{ChildSummary, Index};
use crate::oversight::{self, Timeliness};
use crate::ui::components::{Column, Table, due_cell};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use carefile_domain::access::AuditAction;
use carefile_domain::timescales::{DueRow, Status};
use carefile_domain::{TeamId, WorkerId};
use maud::{Markup, html};

/// The team view is for those who allocate the team's work.
pub const KEY: &str = "child.allocate";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/team", get(overview))
        .route("/team/unallocated", get(unallocated))
        .route("/team/overdue", get(overdue))
        .route("/team/activity", get(activity))
}

/// The manager's team, or why there is none.
fn team_of(user: &SignedIn) -> Result<TeamId, AppError> {
    user.require(KEY)?;
    user.team.clone().ok_or_else(|| AppError::Forbidden("your account is not linked to a team".into()))
}

fn overdue_rows<'a>(index: &'a Index, children: &[(&'a ChildSummary, bool)]) -> Vec<(&'a ChildSummary, bool, &'a DueRow)> {
    children
        .iter()
        .flat_map(|(c, shown)| index.due(&c.id).iter().filter(|r| r.status == Status::Overdue).map(move |r| (*c, *shown, r)))
        .collect()
}

/// The sections of the team view, each with how many it lists.
fn sections(path: &str, counts: [usize; 3]) -> Markup {
    let items = [
        ("/team", "Overview", None),
        ("/team/unallocated", "Unallocated children", Some(counts[0])),
        ("/team/overdue", "Overdue by worker", Some(counts[1])),
        ("/team/activity", "Allocations and oversight this month", Some(counts[2])),
        ("/team/quality", "Data quality for the returns", None),
    ];
    html! {
        nav.app-no-print aria-label="Team view" {
            ul.govuk-list {
                @for (href, label, n) in items {
                    li {
                        @if href == path { strong { (label) @if let Some(n) = n { " (" (text::number(n)) ")" } } }
                        @else { a.govuk-link href=(href) { (label) @if let Some(n) = n { " (" (text::number(n)) ")" } } }
                    }
                }
            }
        }
    }
}

/// What every team page starts from: the team, its open children, and the
/// counts of the three lists.
struct TeamView<'a> {
    name: String,
    /// The team's children that are open or have something due (as on a
    /// caseload), each with whether the policy lets its name be shown.
    children: Vec<(&'a ChildSummary, bool)>,
    counts: [usize; 3],
}

fn view<'a>(gate: &Gate, index: &'a Index, user: &SignedIn, team: &TeamId) -> TeamView<'a> {
    let children = caseload(index, user, gate);
    let unallocated = children.iter().filter(|(c, _)| c.worker().is_none()).count();
    let overdue = overdue_rows(index, &children).len();
    let activity: usize =
        index.of_team(team).filter_map(|c| index.oversight(&c.id)).map(|f| f.recent.len()).sum();
    let name = text::team(gate.org(), team).to_string();
    TeamView { name, children, counts: [unallocated, overdue, activity] }
}

async fn overview(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    let team = team_of(&user)?;
    let today = state.today();
    let (from, _) = oversight::windows(today);
    let body = {
        let index = state.index().await?;
        let v = view(&Gate::new(&state, &user), &index, &user, &team);
        let rows = oversight::timeliness(index.of_team(&team).filter_map(|c| index.oversight(&c.id)));
        let allocated = v.children.len() - v.counts[0];
        html! {
            p.govuk-body-l { (text::count(v.children.len(), "child", "children")) " open to " (v.name) " on " (text::date(today))
                ": " (text::number(allocated)) " allocated, " (text::number(v.counts[0])) " unallocated." }
            (sections("/team", v.counts))
            (Table::new(&format!("Timeliness, {} to {}", text::date(from), text::date(today)), &TIMELINESS).row_headers().id("timeliness")
                .render(rows.iter().map(|(item, t)| timeliness_row(item.label(), t))))
        }
    };
    crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, "GET /team").await?;
    Ok(Layout::new("My team").user(Some(&user)).section("/team").render(body))
}

const TIMELINESS: [Column; 5] = [
    Column::new("Deadline"),
    Column::new("On time").numeric(),
    Column::new("Late").numeric(),
    Column::new("Overdue").numeric(),
    Column::new("% on time").numeric(),
];

fn timeliness_row(label: &str, t: &Timeliness) -> Vec<Markup> {
    vec![
        html! { (label) },
        html! { (text::number(t.on_time)) },
        html! { (text::number(t.late)) },
        html! { @if t.overdue > 0 { strong { (text::number(t.overdue)) } } @else { "0" } },
        html! { @if let Some(p) = t.percent() { (p) "%" } @else { "None due" } },
    ]
}

/// A team sub-page around its list.
fn team_page(user: &SignedIn, title: &str, path: &str, v: &TeamView, list: Markup) -> Markup {
    Layout::new(title).caption(&v.name).back("/team", "Back to the team").user(Some(user)).section("/team").render(html! {
        (sections(path, v.counts))
        (list)
    })
}

const UNALLOCATED_DEFAULT: Sort = Sort { key: "due", descending: false };

async fn unallocated(State(state): State<AppState>, user: SignedIn, Query(q): Query<ListQuery>) -> Result<Markup, AppError> {
    let team = team_of(&user)?;
    let (page, shown) = {
        let index = state.index().await?;
        let today = index.as_of();
        let v = view(&Gate::new(&state, &user), &index, &user, &team);
        let mut rows: Vec<(&ChildSummary, bool, Option<&DueRow>)> = v
            .children
            .iter()
            .filter(|(c, _)| c.worker().is_none())
            .map(|(c, shown)| (*c, *shown, index.due(&c.id).first()))
            .collect();
        let sort = Sort::from_query(&q, &["due", "name"], UNALLOCATED_DEFAULT);
        rows.sort_by(|a, b| {
            let by_name = a.0.name_lower.cmp(&b.0.name_lower);
            let primary = match sort.key {
                "name" => by_name,
                _ => match (a.2, b.2) {
                    (Some(x), Some(y)) => x.due.date.cmp(&y.due.date),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                },
            };
            sort.apply(primary).then(by_name)
        });
        let paging = Paging::new(&q.page, rows.len(), PER_PAGE);
        let links = Links { path: "/team/unallocated", keep: vec![], sort, default: UNALLOCATED_DEFAULT };
        let columns = [Column::new("Child").sorted_by("name"), Column::new("Status"), Column::new("Next due").sorted_by("due"), Column::new("Action")];
        let listed = paging.slice(&rows);
        let table = Table::new("Children with no allocated worker", &columns).hidden_caption().id("unallocated")
            .paged(&paging, &links, ("unallocated child", "unallocated children"))
            .render(listed.iter().map(|(c, shown, next)| vec![
                child_link(c, *shown),
                html! { (c.status_words().join(", ")) },
                html! { @if let Some(n) = next { (n.item.label()) br; (due_cell(n.status, n.due.date, today)) } @else { "Nothing due" } },
                html! { a.govuk-link href={ "/children/" (c.id) "/record/allocation" } { "Allocate" span.govuk-visually-hidden { " " (c.id) } } },
            ]));
        (team_page(&user, "Unallocated children", "/team/unallocated", &v, table), ids(listed.iter().map(|r| r.0)))
    };
    audit_list(&state, &user.username, "GET /team/unallocated", shown).await?;
    Ok(page)
}

const OVERDUE_DEFAULT: Sort = Sort { key: "due", descending: false };

async fn overdue(State(state): State<AppState>, user: SignedIn, Query(q): Query<ListQuery>) -> Result<Markup, AppError> {
    let team = team_of(&user)?;
    let (page, shown) = {
        let index = state.index().await?;
        let today = index.as_of();
        let gate = Gate::new(&state, &user);
        let v = view(&gate, &index, &user, &team);
        let org = gate.org();
        let worker = |w: Option<&WorkerId>| w.map_or("Unallocated".to_string(), |w| text::worker(org, w).to_string());
        let mut rows: Vec<(&ChildSummary, bool, &DueRow)> = overdue_rows(&index, &v.children);
        let sort = Sort::from_query(&q, &["due", "worker"], OVERDUE_DEFAULT);
        rows.sort_by(|a, b| {
            let by_due = a.2.due.date.cmp(&b.2.due.date);
            let primary = match sort.key {
                "worker" => worker(a.0.worker()).cmp(&worker(b.0.worker())),
                _ => by_due,
            };
            sort.apply(primary).then(by_due).then_with(|| a.0.id.cmp(&b.0.id))
        });
        let paging = Paging::new(&q.page, rows.len(), PER_PAGE);
        let links = Links { path: "/team/overdue", keep: vec![], sort, default: OVERDUE_DEFAULT };
        let columns = [Column::new("Worker").sorted_by("worker"), Column::new("Child"), Column::new("What is overdue"), Column::new("Due date").sorted_by("due"), Column::new("Action")];
        let listed = paging.slice(&rows);
        let table = Table::new("Overdue items by worker", &columns).hidden_caption().id("overdue")
            .paged(&paging, &links, ("overdue item", "overdue items"))
            .render(listed.iter().map(|(c, shown, r)| vec![
                html! { (worker(c.worker())) },
                child_link(c, *shown),
                html! { (r.item.label()) },
                due_cell(r.status, r.due.date, today),
                html! { a.govuk-link href={ "/children/" (c.id) "/record/oversight" } { "Oversight entry" span.govuk-visually-hidden { " for " (c.id) } } },
            ]));
        (team_page(&user, "Overdue by worker", "/team/overdue", &v, table), ids(listed.iter().map(|r| r.0)))
    };
    audit_list(&state, &user.username, "GET /team/overdue", shown).await?;
    Ok(page)
}

async fn activity(State(state): State<AppState>, user: SignedIn, Query(q): Query<ListQuery>) -> Result<Markup, AppError> {
    let team = team_of(&user)?;
    let (page, shown) = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        let v = view(&gate, &index, &user, &team);
        let entries = oversight::recent(index.of_team(&team).filter_map(|c| index.oversight(&c.id)));
        let org = gate.org();
        let who = |w: &Option<WorkerId>| w.as_ref().map_or("Unallocated", |w| text::worker(org, w)).to_string();
        let newest = Sort { key: "date", descending: true };
        let paging = Paging::new(&q.page, entries.len(), PER_PAGE);
        let links = Links { path: "/team/activity", keep: vec![], sort: newest, default: newest };
        let columns = [Column::new("Date"), Column::new("Child"), Column::new("What")];
        // Only children the manager may see are named; others' entries are counted, not shown.
        let listed: Vec<_> = paging.slice(&entries).iter().filter_map(|e| Some((e, index.child(&e.child)?))).filter_map(|(e, c)| Some((e, c, gate.listed(c)?))).collect();
        let table = Table::new("Allocations and oversight entries, newest first", &columns).hidden_caption().id("entries")
            .paged(&paging, &links, ("entry", "entries"))
            .render(listed.iter().map(|(e, c, shown)| {
                vec![
                    html! { (text::short_date(e.date)) },
                    child_link(c, *shown),
                    html! { @if e.oversight { "Management oversight by " (who(&e.who)) }
                            @else if e.who.is_some() { "Allocated to " (who(&e.who)) }
                            @else { "Left unallocated" } },
                ]
            }));
        (team_page(&user, "Allocations and oversight this month", "/team/activity", &v, table), ids(listed.iter().map(|r| r.1)))
    };
    audit_list(&state, &user.username, "GET /team/activity", shown).await?;
    Ok(page)
}

/// The IDs of the children a list showed, in order, once each.
fn ids<'a>(children: impl Iterator<Item = &'a ChildSummary>) -> Vec<carefile_domain::ChildId> {
    let mut out: Vec<carefile_domain::ChildId> = Vec::new();
    for c in children {
        if !out.contains(&c.id) {
            out.push(c.id.clone());
        }
    }
    out
}
