//! The team's data quality: the SSDA903 return and CIN census for the collection year as the
//! record would produce them today, judged by the DfE's rules (`crate::quality`), each finding
//! about one of the team's children listed with the child, their worker, the rule, and a link to
//! the form on the child's record that fixes it; with counts by rule and by worker above. A fix
//! saved on the record takes the finding away on the next look. Findings about the return as a
//! whole (shares across every child) belong to `carefile validate record`, not to a team. The
//! list is audited with the children it showed.

use super::Layout;
use super::caseload::child_link;
use crate::access::{Gate, audit_list};
use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::quality::{self, Return};
use crate::ui::components::{Column, Table};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use carefile_domain::{ChildId, CollectionYear};
use carefile_returns::Finding;
use maud::{Markup, html};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/team/quality", get(page))
}

/// One finding on the page: the child (as the index has them), whether their name may be shown,
/// their worker's name, the return and the finding.
struct Row<'a> {
    child: &'a ChildSummary,
    shown: bool,
    worker: String,
    ret: Return,
    finding: &'a Finding,
}

const SORTS: [&str; 3] = ["child", "worker", "rule"];
const DEFAULT: Sort = Sort { key: "worker", descending: false };

async fn page(State(state): State<AppState>, user: SignedIn, Query(q): Query<ListQuery>) -> Result<Markup, AppError> {
    user.require(super::TEAM_KEY)?;
    let team = user.team.clone().ok_or_else(|| AppError::Forbidden("your account is not linked to a team".into()))?;
    let year = CollectionYear::containing(state.today());
    // The team's children the manager may list (closed cases too: a return covers the whole year).
    let (ids, authority, team_name) = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        let ids: Vec<ChildId> = index.of_team(&team).filter(|c| gate.listed(c).is_some()).map(|c| c.id.clone()).collect();
        (ids, gate.org().authority.clone(), text::team(gate.org(), &team).to_string())
    };
    let authority =
        authority.ok_or_else(|| AppError::Internal("the record does not say which authority it serves".into()))?;
    let records = state
        .read_store(move |s| {
            let mut out = Vec::with_capacity(ids.len());
            for id in &ids {
                out.extend(s.child(id)?.map(|(c, _)| c));
            }
            Ok(out)
        })
        .await?;
    let at = state.now().naive_utc();
    let checked = tokio::task::spawn_blocking(move || quality::check(&records, year, &authority, at))
        .await
        .map_err(|_| AppError::Internal("data-quality task".into()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;

    let (body, shown) = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        let org = gate.org();
        let mut rows: Vec<Row> = checked
            .findings()
            .filter_map(|(ret, f)| {
                let child = index.child(&ChildId::new(f.child.as_deref()?).ok()?)?;
                let shown = gate.listed(child)?;
                let worker = child.worker().map_or("Unallocated".to_string(), |w| text::worker(org, w).to_string());
                Some(Row { child, shown, worker, ret, finding: f })
            })
            .collect();
        let sort = Sort::from_query(&q, &SORTS, DEFAULT);
        let name = |r: &Row| if r.shown { r.child.name_lower.clone() } else { r.child.id.to_string() };
        rows.sort_by(|a, b| {
            let by_rule = (a.ret, a.finding.rule.code).cmp(&(b.ret, b.finding.rule.code));
            let primary = match sort.key {
                "child" => name(a).cmp(&name(b)),
                "rule" => by_rule,
                _ => a.worker.cmp(&b.worker),
            };
            sort.apply(primary).then_with(|| name(a).cmp(&name(b))).then(by_rule)
        });
        let mut by_rule: BTreeMap<(Return, &str), (&str, usize)> = BTreeMap::new();
        let mut by_worker: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &rows {
            by_rule.entry((r.ret, r.finding.rule.code)).or_insert((r.finding.rule.message, 0)).1 += 1;
            *by_worker.entry(r.worker.as_str()).or_default() += 1;
        }
        let children: std::collections::BTreeSet<&ChildId> = rows.iter().map(|r| &r.child.id).collect();
        let paging = Paging::new(&q.page, rows.len(), PER_PAGE);
        let links = Links { path: "/team/quality", keep: vec![], sort, default: DEFAULT };
        let listed = paging.slice(&rows);
        let body = html! {
            p.govuk-body-l {
                "The SSDA903 return and CIN census for " (year.label()) " as the record would produce them on "
                (text::date(state.today())) ", checked with the DfE's rules: "
                (text::count(rows.len(), "finding", "findings")) " for " (text::count(children.len(), "child", "children")) "."
            }
            p.govuk-body { "Each finding links to the form that fixes it on the child's record; once the record is "
                "corrected the finding is gone from this page. Rules that need postcode or provider reference data "
                "are not run here: an analyst runs them with " code { "carefile validate record" } "." }
            (Table::new("Findings by worker", &BY_WORKER).id("by-worker")
                .render(by_worker.iter().map(|(w, n)| vec![html! { (w) }, html! { (text::number(*n)) }])))
            (Table::new("Findings by rule", &BY_RULE).id("by-rule")
                .render(by_rule.iter().map(|((ret, code), (message, n))| vec![
                    html! { (ret.label()) " " (code) }, html! { (message) }, html! { (text::number(*n)) },
                ])))
            (Table::new("Findings by child", &COLUMNS).id("findings")
                .paged(&paging, &links, ("finding", "findings"))
                .render(listed.iter().map(finding_row)))
        };
        (body, listed.iter().map(|r| r.child.id.clone()).collect::<Vec<_>>())
    };
    let mut seen = std::collections::HashSet::new();
    let once: Vec<ChildId> = shown.into_iter().filter(|id| seen.insert(id.clone())).collect();
    audit_list(&state, &user.username, "GET /team/quality", once).await?;
    Ok(Layout::new("Data quality").caption(&team_name).back("/team", "Back to the team").user(Some(&user)).section("/team").render(body))
}

const BY_WORKER: [Column; 2] = [Column::new("Worker"), Column::new("Findings").numeric()];
const BY_RULE: [Column; 3] = [Column::new("Rule"), Column::new("What it checks"), Column::new("Findings").numeric()];
const COLUMNS: [Column; 5] = [
    Column::new("Child").sorted_by("child"),
    Column::new("Worker").sorted_by("worker"),
    Column::new("Rule").sorted_by("rule"),
    Column::new("Where"),
    Column::new("Fix"),
];

fn finding_row(r: &Row) -> Vec<Markup> {
    let f = r.finding;
    vec![
        child_link(r.child, r.shown),
        html! { (r.worker) },
        html! { (r.ret.label()) " " (f.rule.code) br; span.app-count { (f.rule.message) } },
        html! { (f.table) @if !f.fields.is_empty() { ": " (f.fields.join(", ")) } },
        html! {
            @if let Some((slug, title)) = quality::fixing_form(r.ret, f) {
                a.govuk-link href={ "/children/" (r.child.id) "/record/" (slug) } {
                    (title) span.govuk-visually-hidden { " for " (r.child.id) ", rule " (f.rule.code) }
                }
            } @else { "On the return as a whole" }
        },
    ]
}
