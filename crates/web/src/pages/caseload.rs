//! My caseload: the children a user works with and what is due or overdue
//! for each, from the index (the timescale engine's due list on the
//! reference date), most urgent first and paged. Seeing the list is audited:
//! one entry naming every child on the page shown.

use super::Layout;
use crate::access::{Gate, READ, audit_list};
use crate::auth::SignedIn;
use crate::index::{ChildSummary, Index};
use crate::ui::components::{Colour, Column, Table, due_cell, tag};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use carefile_domain::access::Scope;
use carefile_domain::timescales::{DueRow, Status};
use maud::{Markup, html};
use std::collections::BTreeMap;

/// The children on `user`'s caseload, as their role's scope draws it: those
/// allocated to them; for a manager with a team scope their team's, with a
/// service scope every team's of their service; the front door's shared list
/// (their team's); for reviewers the children they review or chair,
/// for the Virtual School every looked-after child and care leaver. Only
/// children open to the service or with something still due (a closed case
/// keeps its last allocation but is no longer worked), and only those the
/// policy lets the user open or break glass to (`Gate::listed`: `true` with
/// the name shown).
pub fn caseload<'a>(index: &'a Index, user: &SignedIn, gate: &Gate) -> Vec<(&'a ChildSummary, bool)> {
    let org = gate.org();
    let scope = user.policy.role(&user.role).map_or(Scope::None, |r| r.scope);
    let mut found: BTreeMap<&carefile_domain::ChildId, &ChildSummary> = BTreeMap::new();
    if let Some(w) = &user.worker {
        found.extend(index.of_worker(w).map(|c| (&c.id, c)));
    }
    // Managers (who allocate) see their teams' children; the front door works one shared list.
    let manages = user.may(super::team::KEY);
    let teams: Vec<&carefile_domain::TeamId> = match scope {
        Scope::Team if manages => user.team.iter().collect(),
        Scope::FrontDoor => user.team.iter().collect(),
        Scope::Service if manages => {
            org.teams.values().filter(|t| Some(t.service) == user.service).map(|t| &t.id).collect()
        }
        _ => Vec::new(),
    };
    for t in teams {
        found.extend(index.of_team(t).map(|c| (&c.id, c)));
    }
    match (scope, &user.worker) {
        (Scope::Reviewing, Some(w)) => found.extend(index.of_reviewer(w).map(|c| (&c.id, c))),
        (Scope::LookedAfter, _) => found.extend(index.children().filter(|c| c.facts.looked_after).map(|c| (&c.id, c))),
        _ => {}
    }
    found
        .into_values()
        .filter(|c| c.is_open() || !index.due(&c.id).is_empty())
        .filter_map(|c| Some((c, gate.listed(c)?)))
        .collect()
}

/// The columns a caseload can be ordered by; the default is the most urgent first.
const SORTS: [&str; 3] = ["due", "name", "status"];
const DEFAULT: Sort = Sort { key: "due", descending: false };

/// One child's row: the child, whether their name may be shown, and their
/// open items, soonest first.
struct Row<'a> {
    child: &'a ChildSummary,
    shown: bool,
    due: &'a [DueRow],
}

impl Row<'_> {
    fn next(&self) -> Option<&DueRow> {
        self.due.first()
    }
    fn overdue(&self) -> usize {
        self.due.iter().filter(|r| r.status == Status::Overdue).count()
    }
}

/// Orders rows: by the next due date (nothing due last), by name (restricted
/// records by ID, their names unknown to the viewer), or by status; ties by name.
fn order(rows: &mut [Row], sort: Sort) {
    let name = |r: &Row| if r.shown { r.child.name_lower.clone() } else { r.child.id.to_string() };
    rows.sort_by(|a, b| {
        let primary = match sort.key {
            "name" => std::cmp::Ordering::Equal,
            "status" => a.child.status_words().cmp(&b.child.status_words()),
            _ => match (a.next(), b.next()) {
                (Some(x), Some(y)) => (x.due.date, x.due.time).cmp(&(y.due.date, y.due.time)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
        };
        sort.apply(primary.then_with(|| name(a).cmp(&name(b))))
    });
}

pub async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Markup, AppError> {
    user.require(READ)?;
    let (body, shown) = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        let today = index.as_of();
        let mut rows: Vec<Row> = caseload(&index, &user, &gate)
            .into_iter()
            .map(|(c, shown)| Row { child: c, shown, due: index.due(&c.id) })
            .collect();
        let overdue: usize = rows.iter().map(Row::overdue).sum();
        let due: usize = rows.iter().map(|r| r.due.len()).sum();
        let sort = Sort::from_query(&q, &SORTS, DEFAULT);
        order(&mut rows, sort);
        let paging = Paging::new(&q.page, rows.len(), PER_PAGE);
        let links = Links { path: "/caseload", keep: vec![], sort, default: DEFAULT };
        let columns = [
            Column::new("Child").sorted_by("name"),
            Column::new("Status").sorted_by("status"),
            Column::new("Next due"),
            Column::new("Due date").sorted_by("due"),
            Column::new("Open items").numeric(),
        ];
        let page = paging.slice(&rows);
        let table = Table::new("Children on your caseload", &columns)
            .hidden_caption()
            .id("caseload")
            .paged(&paging, &links, ("child", "children"))
            .render(page.iter().map(|r| {
                vec![
                    child_link(r.child, r.shown),
                    html! { (r.child.status_words().join(", ")) },
                    html! { @if let Some(n) = r.next() { (n.item.label()) } @else { "Nothing due" } },
                    html! { @if let Some(n) = r.next() { (due_cell(n.status, n.due.date, today)) } },
                    html! { (r.due.len()) @if r.overdue() > 0 { " (" (r.overdue()) " overdue)" } },
                ]
            }));
        let body = html! {
            p.govuk-body-l {
                (text::count(rows.len(), "child", "children")) ", "
                (text::count(due, "item", "items")) " due, of which " strong { (text::number(overdue)) " overdue" }
                ", on " (text::date(today)) "."
            }
            (table)
        };
        (body, page.iter().map(|r| r.child.id.clone()).collect::<Vec<_>>())
    };
    audit_list(&state, &user.username, "GET /caseload", shown).await?;
    Ok(Layout::new("My caseload").user(Some(&user)).section("/caseload").render(body))
}

/// A child in a list: their name as a link to their record; a restricted
/// record the user has no grant for shows only its ID, says so, and its link
/// leads to the page that explains and offers break glass.
pub fn child_link(c: &ChildSummary, shown: bool) -> Markup {
    html! {
        @if shown {
            a.govuk-link href={ "/children/" (c.id) } { (c.name) }
            br; span.app-count { (c.id) @if let Some(d) = c.dob { ", born " (text::short_date(d)) } }
        } @else {
            a.govuk-link href={ "/children/" (c.id) } { "Restricted record " (c.id) }
            " " (tag(Colour::Red, "Restricted"))
            br; span.app-count { "Open it with a reason (break glass)" }
        }
    }
}
