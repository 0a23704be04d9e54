//! The team's data quality: the SSDA903 return and CIN census for the collection year as the
//! record would produce them today, judged by the DfE's rules (`crate::quality`), each finding
//! about one of the team's children listed with the child, their worker, the rule, and a link to
//! the form on the child's record that fixes it; with counts by rule and by worker above. A fix
//! saved on the record takes the finding away on the next look. Findings about the return as a
//! whole (shares across every child) belong to `carefile validate record`, not to a team. The
//! list is audited with the children it showed.
//!
//! A manager may accept a finding for a while (`/team/quality/finding`: why, until when; the
//! `finding_acceptance` stream keeps who and when, and opening or changing it is audited as a
//! view or change of the child): it stays listed, apart, and is not counted until then.
//!
//! The counts over time are drawn from the log, not from snapshots: for each of the last weeks,
//! every child the team held that day is folded from the entries recorded by the end of that day
//! and both returns' rules are run on it, with the acceptances that stood that day. A snapshot
//! would exist only for days someone opened the page, would keep the rules of the carefile that
//! took it, and would be a second record to keep, back up and erase; the log gives every day the
//! same rules, as the record stood, whether or not anyone looked.

use super::Layout;
use super::caseload::child_link;
use super::sent::{Errors, Sent};
use crate::access::{Gate, audit_list, open_child};
use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::quality::{self, Return};
use crate::ui::components::{self, Column, Control, SummaryRow, Table, button, date_input, error_summary, summary_list, textarea};
use crate::ui::csrf_input;
use crate::workplace::{Refusal, outcome};
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carefile_domain::Recorded;
use carefile_returns::RuleMeta;
use carefile_store::Expected;
use carefile_work::{AcceptanceEvent, FindingKey};
use serde::Deserialize;
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use carefile_domain::org::Authority;
use carefile_domain::{ChildId, CollectionYear, TeamId};
use carefile_store::Subjects;
use carefile_work::quality::Acceptance;
use carefile_work::Acceptances;
use chrono::{NaiveDate, NaiveTime};
use carefile_returns::Finding;
use maud::{Markup, html};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/team/quality", get(page)).route("/team/quality/finding", get(finding).post(decide))
}

/// One finding on the page: the child (as the index has them), whether their name may be shown,
/// their worker's name, the return and the finding.
struct Row<'a> {
    child: &'a ChildSummary,
    shown: bool,
    worker: String,
    ret: Return,
    finding: &'a Finding,
    /// The acceptance that stands today, if any.
    accepted: Option<&'a Acceptance>,
}

/// How many weeks back the counts over time go.
const WEEKS: i64 = 7;

/// The team's counts at the end of the same weekday in each of the last [`WEEKS`] weeks, oldest
/// first, from the log (see the module's comment); a week whose record could not be drawn says why.
async fn past(state: &AppState, team: &TeamId, authority: &Authority) -> Result<Vec<(NaiveDate, Result<quality::Counts, String>)>, AppError> {
    let today = state.today();
    let days: Vec<NaiveDate> = (1..=WEEKS).rev().map(|k| today - chrono::Days::new(7 * k as u64)).collect();
    let kept = |day: &NaiveDate| state.quality_past().lock().unwrap_or_else(|p| p.into_inner()).get(&(team.clone(), *day)).copied();
    let missing: Vec<NaiveDate> = days.iter().filter(|d| kept(d).is_none()).copied().collect();
    let mut drawn = Vec::new();
    if !missing.is_empty() {
        let ids: Vec<ChildId> = state.index().await?.ever_of_team(team).cloned().collect();
        let logs = state
            .read_store(move |s| {
                let mut out = Vec::with_capacity(ids.len());
                for id in &ids {
                    let log: Vec<_> = s.child_log(id)?.into_iter().map(|e| (e.recorded.at, e.seq, e.event)).collect();
                    out.push((id.clone(), log, s.subject::<Acceptances>(id)?.map(|(a, _)| a)));
                }
                Ok(out)
            })
            .await?;
        let (of, authority) = (team.clone(), authority.clone());
        drawn = tokio::task::spawn_blocking(move || {
            missing.into_iter().map(|day| (day, counts_on(day, &of, &authority, &logs))).collect::<Vec<_>>()
        })
        .await
        .map_err(|_| AppError::Internal("data-quality task".into()))?;
        let mut cache = state.quality_past().lock().unwrap_or_else(|p| p.into_inner());
        for (day, counts) in &drawn {
            if let Ok(c) = counts {
                cache.insert((team.clone(), *day), *c);
            }
        }
    }
    Ok(days
        .iter()
        .map(|d| {
            let counts = drawn.iter().find(|(day, _)| day == d).map(|(_, c)| c.clone());
            (*d, counts.or_else(|| kept(d).map(Ok)).unwrap_or_else(|| Err("not drawn".into())))
        })
        .collect())
}

/// Logs of children (with their acceptances), as the store holds them.
type Logs = Vec<(ChildId, Vec<(chrono::DateTime<chrono::Utc>, u64, carefile_domain::ChildEvent)>, Option<Acceptances>)>;

/// The team's counts at the end of `day`: its children that day as the log stood then, judged by
/// that day's collection year's rules, with the acceptances that stood that day.
fn counts_on(day: NaiveDate, team: &TeamId, authority: &Authority, logs: &Logs) -> Result<quality::Counts, String> {
    let end = (day + chrono::Days::new(1)).and_time(NaiveTime::MIN).and_utc();
    let mut records = Vec::new();
    for (id, log, _) in logs {
        match quality::as_it_stood(id, log, end) {
            Ok(Some(r)) if r.allocation_on(day).and_then(|a| a.team.as_ref()) == Some(team) => records.push(r),
            Ok(_) => {}
            Err(e) => return Err(format!("{id} could not be drawn as it stood: {}", e.message)),
        }
    }
    let checked = quality::check(&records, CollectionYear::containing(day), authority, end.naive_utc()).map_err(|e| e.to_string())?;
    let accepted: std::collections::HashMap<&ChildId, &Acceptances> =
        logs.iter().filter_map(|(id, _, a)| Some((id, a.as_ref()?))).collect();
    Ok(quality::Counts::of(&checked, |c| accepted.get(c).copied(), day))
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
    let past = past(&state, &team, &authority).await?;
    let checked = tokio::task::spawn_blocking(move || quality::check(&records, year, &authority, at))
        .await
        .map_err(|_| AppError::Internal("data-quality task".into()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let today = state.today();

    let (body, shown) = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        let org = gate.org();
        let rows: Vec<Row> = checked
            .findings()
            .filter_map(|(ret, f)| {
                let child = index.child(&ChildId::new(f.child.as_deref()?).ok()?)?;
                let shown = gate.listed(child)?;
                let worker = child.worker().map_or("Unallocated".to_string(), |w| text::worker(org, w).to_string());
                let accepted = index.acceptances(&child.id).and_then(|a| a.on(&quality::key(ret, f), today));
                Some(Row { child, shown, worker, ret, finding: f, accepted })
            })
            .collect();
        let now = quality::Counts::of(&checked, |c| index.acceptances(c), today);
        let (accepted, mut rows): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.accepted.is_some());
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
        let series: Vec<_> = past.iter().cloned().chain(std::iter::once((today, Ok(now)))).rev().collect();
        let mut accepted_shown: Vec<&Row> = accepted.iter().collect();
        accepted_shown.sort_by_key(|r| (r.accepted.map(|a| a.until), r.child.id.clone(), r.ret, r.finding.rule.code));
        accepted_shown.dedup_by_key(|r| (r.child.id.clone(), quality::key(r.ret, r.finding)));
        let body = html! {
            p.govuk-body-l {
                "The SSDA903 return and CIN census for " (year.label()) " as the record would produce them on "
                (text::date(state.today())) ", checked with the DfE's rules: "
                (text::count(rows.len(), "finding", "findings")) " for " (text::count(children.len(), "child", "children")) "."
            }
            p.govuk-body { "Each finding links to the form that fixes it on the child's record; once the record is "
                "corrected the finding is gone from this page. Rules that need postcode or provider reference data "
                "are not run here: an analyst runs them with " code { "carefile validate record" } "." }
            @if now.accepted > 0 {
                p.govuk-body { (text::count(now.accepted, "finding is", "findings are")) " accepted for now and counted apart ("
                    a.govuk-link href="#accepted" { "listed below" } ")." }
            }
            (Table::new("Findings over time", &OVER_TIME).id("over-time")
                .render(series.iter().map(over_time_row)))
            p.govuk-body { "Each week's figures are the record as it stood at the end of that day, from its log, "
                "checked with today's rules: the team's children that day and the acceptances that stood then." }
            (Table::new("Findings by worker", &BY_WORKER).id("by-worker")
                .render(by_worker.iter().map(|(w, n)| vec![html! { (w) }, html! { (text::number(*n)) }])))
            (Table::new("Findings by rule", &BY_RULE).id("by-rule")
                .render(by_rule.iter().map(|((ret, code), (message, n))| vec![
                    html! { (ret.label()) " " (code) }, html! { (message) }, html! { (text::number(*n)) },
                ])))
            (Table::new("Findings by child", &COLUMNS).id("findings")
                .paged(&paging, &links, ("finding", "findings"))
                .render(listed.iter().map(finding_row)))
            @if !accepted_shown.is_empty() {
                (Table::new("Accepted findings", &ACCEPTED).id("accepted").render(accepted_shown.iter().map(|r| accepted_row(r))))
            }
        };
        let shown = listed.iter().chain(accepted_shown.iter().copied());
        (body, shown.map(|r| r.child.id.clone()).collect::<Vec<_>>())
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

const OVER_TIME: [Column; 4] = [
    Column::new("End of"),
    Column::new("Findings").numeric(),
    Column::new("Children with findings").numeric(),
    Column::new("Accepted").numeric(),
];

fn over_time_row((day, counts): &(NaiveDate, Result<quality::Counts, String>)) -> Vec<Markup> {
    match counts {
        Ok(c) => vec![
            html! { (text::short_date(*day)) },
            html! { (text::number(c.findings)) },
            html! { (text::number(c.children)) },
            html! { (text::number(c.accepted)) },
        ],
        Err(why) => vec![html! { (text::short_date(*day)) }, html! { (why) }, html! {}, html! {}],
    }
}

const ACCEPTED: [Column; 5] =
    [Column::new("Child"), Column::new("Rule"), Column::new("Why"), Column::new("Accepted by"), Column::new("Until")];

fn accepted_row(r: &Row) -> Vec<Markup> {
    let (f, a) = (r.finding, r.accepted.expect("an accepted row"));
    vec![
        child_link(r.child, r.shown),
        html! { (r.ret.label()) " " (f.rule.code) br; span.app-count { (f.rule.message) } },
        html! { (a.reason) },
        html! { (a.accepted.by) br; span.app-count { (text::short_date(a.accepted.at.date_naive())) } },
        html! {
            (text::short_date(a.until)) br;
            a.govuk-link href=(finding_href(r)) { "Review" span.govuk-visually-hidden { " the acceptance for " (r.child.id) ", rule " (f.rule.code) } }
        },
    ]
}

/// The page of one finding of one child: accept it, or end its acceptance.
fn finding_href(r: &Row) -> String {
    let key = quality::key(r.ret, r.finding);
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("child", r.child.id.as_str())
        .append_pair("ret", &key.ret)
        .append_pair("rule", &key.rule)
        .append_pair("table", &key.table)
        .finish();
    format!("/team/quality/finding?{query}")
}

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
            br;
            a.govuk-link href=(finding_href(r)) { "Accept for now" span.govuk-visually-hidden { " rule " (f.rule.code) " for " (r.child.id) } }
        },
    ]
}

/// One finding of one child, as the finding page's address names it.
#[derive(Debug, Deserialize)]
struct Named {
    child: String,
    ret: String,
    rule: String,
    table: String,
}

/// The named finding checked against the year's catalogue: the child, the return, the rule and
/// the key an acceptance stores.
fn named(n: &Named, year: CollectionYear) -> Result<(ChildId, Return, &'static RuleMeta, FindingKey), AppError> {
    let unknown = || AppError::NotFound("no such finding".into());
    let child = super::child::parse_id(&n.child)?;
    let ret = Return::from_code(&n.ret).ok_or_else(unknown)?;
    let rule = quality::rule(ret, year, &n.rule).ok_or_else(unknown)?;
    let table = n.table.strip_suffix("_last").unwrap_or(&n.table);
    if !rule.tables.contains(&table) {
        return Err(unknown());
    }
    Ok((child, ret, rule, FindingKey { ret: ret.code().into(), rule: rule.code.into(), table: n.table.clone() }))
}

const FINDING_ROUTE: &str = "/team/quality/finding";

async fn finding(State(state): State<AppState>, user: SignedIn, Query(n): Query<Named>) -> Result<Markup, AppError> {
    let year = CollectionYear::containing(state.today());
    let (id, ret, rule, key) = named(&n, year)?;
    let child = open_child(&state, &user, &id, &format!("GET {FINDING_ROUTE}"), super::TEAM_KEY).await?;
    finding_page(&state, &user, &child, ret, rule, &key, &Sent::default(), &Errors::default()).await
}

#[allow(clippy::too_many_arguments)]
async fn finding_page(
    state: &AppState,
    user: &SignedIn,
    child: &ChildSummary,
    ret: Return,
    rule: &RuleMeta,
    key: &FindingKey,
    sent: &Sent,
    errors: &Errors,
) -> Result<Markup, AppError> {
    let today = state.today();
    let id = child.id.clone();
    let accepted = state.read_store(move |s| Ok(s.subject::<Acceptances>(&id)?.map(|(a, _)| a))).await?;
    let history: Vec<&Acceptance> = accepted.iter().flat_map(|a| a.history.iter()).filter(|a| &a.key == key).rev().collect();
    let current = accepted.as_ref().and_then(|a| a.on(key, today));
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let until_value = sent.date_value("until");
    let body = html! {
        (error_summary(&errors.problems()))
        (summary_list(&[
            SummaryRow::text("Child", &format!("{} ({})", child.name, child.id)),
            SummaryRow::text("Return", ret.label()),
            SummaryRow::text("Rule", &format!("{}: {}", rule.code, rule.message)),
            SummaryRow::text("Where", &key.table),
        ]))
        @if let Some(a) = current {
            h2.govuk-heading-m { "Accepted until " (text::date(a.until)) }
            p.govuk-body { "By " (a.accepted.by) " on " (text::date(a.accepted.at.date_naive())) ": " (a.reason) }
            p.govuk-body { "The finding stays on the data-quality page, counted apart, until then." }
            form method="post" action=(FINDING_ROUTE) novalidate {
                (csrf_input(&user.csrf))
                (hidden(key, &child.id, "end"))
                (textarea(&c("end-reason", "Why the acceptance ends now").required(true), sent.get("end-reason"), 3))
                (components::button_group(html! { (button("End the acceptance")) }))
            }
        } @else {
            h2.govuk-heading-m { "Accept this finding for now" }
            p.govuk-body { "An accepted finding stays listed but is not counted until its date: for a value that is truly "
                "unknown for now, or a rule the authority has agreed with the DfE to leave. Fix the record where you can." }
            form method="post" action=(FINDING_ROUTE) novalidate {
                (csrf_input(&user.csrf))
                (hidden(key, &child.id, "accept"))
                (textarea(&c("reason", "Why it is accepted").required(true), sent.get("reason"), 3))
                (date_input(&c("until", "Accepted until").hint("At most a year from today. For example, 31 3 2027"),
                    (until_value.0, until_value.1, until_value.2)))
                (components::button_group(html! { (button("Accept the finding")) }))
            }
        }
        @if !history.is_empty() {
            (Table::new("Acceptances of this finding", &HISTORY).render(history.iter().map(|a| vec![
                html! { (a.accepted.by) br; span.app-count { (text::short_date(a.accepted.at.date_naive())) } },
                html! { (a.reason) },
                html! { (text::short_date(a.until)) },
                html! { @if let Some((by, why)) = &a.ended { "Ended by " (by.by) " on " (text::short_date(by.at.date_naive())) ": " (why) } },
            ])))
        }
    };
    Ok(Layout::new("A finding on the record")
        .caption(&child.name)
        .user(Some(user))
        .errors(!errors.is_empty())
        .back("/team/quality", "Back to data quality")
        .section("/team")
        .render(body))
}

const HISTORY: [Column; 4] = [Column::new("Accepted by"), Column::new("Why"), Column::new("Until"), Column::new("Ended")];

fn hidden(key: &FindingKey, child: &ChildId, action: &str) -> Markup {
    html! {
        input type="hidden" name="child" value=(child);
        input type="hidden" name="ret" value=(key.ret);
        input type="hidden" name="rule" value=(key.rule);
        input type="hidden" name="table" value=(key.table);
        input type="hidden" name="action" value=(action);
    }
}

/// Accepts the finding, or ends its acceptance; audited as a change of the child.
async fn decide(State(state): State<AppState>, user: SignedIn, Form(pairs): Form<Vec<(String, String)>>) -> Result<Response, AppError> {
    let sent = Sent(pairs);
    let n = Named { child: sent.get("child").into(), ret: sent.get("ret").into(), rule: sent.get("rule").into(), table: sent.get("table").into() };
    let year = CollectionYear::containing(state.today());
    let (id, ret, rule, key) = named(&n, year)?;
    let child = open_child(&state, &user, &id, &format!("POST {FINDING_ROUTE}"), super::TEAM_KEY).await?;
    let mut errors = Errors::default();
    let event = match sent.get("action") {
        "accept" => {
            let reason = sent.get("reason");
            if reason.is_empty() {
                errors.field("reason", "Enter why the finding is accepted");
            }
            let until = errors.date(&sent, "until", "The date it is accepted until");
            until.filter(|_| errors.is_empty()).map(|until| AcceptanceEvent::Accepted { key: key.clone(), reason: reason.into(), until })
        }
        "end" => {
            let reason = sent.get("end-reason");
            if reason.is_empty() {
                errors.field("end-reason", "Enter why the acceptance ends");
            }
            errors.is_empty().then(|| AcceptanceEvent::Ended { key: key.clone(), reason: reason.into() })
        }
        other => return Err(AppError::NotFound(format!("no action '{other}'"))),
    };
    let done = match event {
        Some(event) => {
            let recorded = Recorded::new(state.now(), user.username.clone(), None);
            let child_id = id.clone();
            state.with_store(move |s| outcome(s.append::<Acceptances>(&child_id, Expected::Any, &[(recorded, event)]))).await?
        }
        None => Err(Refusal::Refused(String::new())),
    };
    match done {
        Ok(_) => {
            state.sync().await?;
            Ok(Redirect::to("/team/quality").into_response())
        }
        Err(why) => {
            let message = why.to_string();
            if !message.is_empty() {
                errors.refused(&message, &[("until", &["ends on", "days", "already accepted"]), ("reason", &["reason"])]);
            }
            let page = finding_page(&state, &user, &child, ret, rule, &key, &sent, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
