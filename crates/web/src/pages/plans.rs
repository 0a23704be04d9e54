//! Plans on a child's record as documents: drafted with needs, outcomes and
//! actions (who, what, by when), sent for sign-off to a manager who did not
//! write them, reviewed at each review (a new version each time), actions
//! marked done, and printed. Each page opens the child's record through the
//! access policy and is audited.

use super::sent::{Errors, Sent};
use crate::auth::SignedIn;
use crate::ui::components::{
    self, Colour, Column, Control, SummaryRow, Table, button, date_input, error_summary, input, select, summary_list,
    tag, textarea,
};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, open, outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::plans::{
    Action, ActionOwner, ActionStatus, Need, Outcome, Plan, PlanContent, PlanEvent, PlanId, PlanKind, ReviewKind,
    Stage, Version,
};
use carefile_domain::{ChildId, ItemNo, Recorded, WorkerId};
use carefile_store::{Expected, Subjects};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/plans", get(list).post(create))
        .route("/children/{id}/plans/new", get(blank))
        .route("/children/{id}/plans/{plan}", get(view))
        .route("/children/{id}/plans/{plan}/edit", get(edit_form).post(edit))
        .route("/children/{id}/plans/{plan}/{step}", post(step))
}

/// Blank rows offered under those a plan has, for new needs, outcomes and actions.
const BLANK_ROWS: u32 = 3;

pub async fn of_child(state: &AppState, child: &ChildId) -> Result<Vec<(Plan, u64)>, AppError> {
    let about = child.to_string();
    let mut plans = state.read_store(move |s| s.subjects::<Plan>(Some(&about))).await?;
    plans.sort_by_key(|p| std::cmp::Reverse(p.0.current().written_at));
    Ok(plans)
}

fn stage_tag(p: &Plan) -> Markup {
    match &p.stage {
        Stage::Draft => tag(Colour::Grey, "Draft"),
        Stage::Submitted { .. } => tag(Colour::Blue, "Waiting for sign-off"),
        Stage::Returned { .. } => tag(Colour::Yellow, "Returned"),
        Stage::InForce => tag(Colour::Green, "In force"),
        Stage::Ended { .. } => tag(Colour::Grey, "Ended"),
    }
}

async fn list(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/plans").await?;
    let plans = of_child(&state, &id).await?;
    const COLUMNS: [Column; 4] =
        [Column::new("Plan"), Column::new("Stage"), Column::new("Last agreed"), Column::new("Open actions")];
    let body = html! {
        p.govuk-body { @for k in PlanKind::ALL {
            (components::button_link(&format!("/children/{id}/plans/new?kind={}", k.code()), &format!("Start a {}", k.label().to_lowercase()), true)) " "
        } }
        @if plans.is_empty() { p.govuk-body { "No plans." } } @else {
            (Table::new("Plans", &COLUMNS).hidden_caption().render(plans.iter().map(|(p, _)| vec![
                html! { a.govuk-link href={ "/children/" (id) "/plans/" (p.id) } { (p.kind.label()) } " (version " (p.current().no) ")" },
                stage_tag(p),
                html! { @if let Some(d) = p.last_agreed() { (text::short_date(d)) } @else { "Not yet" } },
                html! { (p.open_actions().len()) },
            ])))
        }
    };
    Ok(Layout::new("Plans")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

/// Staff a plan's actions can be given to: (id, name), by name.
fn staff(state: &AppState) -> Vec<(String, String)> {
    let today = state.today();
    let org = state.org();
    let mut out: Vec<(String, String)> =
        org.staff.values().filter(|s| s.in_post(today)).map(|s| (s.id.to_string(), s.name.clone())).collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// The plan form as drawn: a new plan of a kind, a draft revised, or a review of the plan in force.
struct Drawn<'a> {
    user: &'a SignedIn,
    child: &'a ChildId,
    name: &'a str,
    kind: PlanKind,
    /// The plan changed and its version, when not new.
    plan: Option<(&'a Plan, u64)>,
    staff: Vec<(String, String)>,
}

impl Drawn<'_> {
    fn reviewing(&self) -> bool {
        self.plan.is_some_and(|(p, _)| p.in_force().is_some())
    }
}

/// How many rows of each list the form has: those sent, and a few blank.
fn rows(sent: &Sent, prefix: &str) -> u32 {
    let used = (1..=carefile_domain::plans::MAX_ITEMS as u32)
        .take_while(|i| !sent.get(&format!("{prefix}-{i}-no")).is_empty())
        .count() as u32;
    used + BLANK_ROWS
}

fn form(d: &Drawn, sent: &Sent, errors: &Errors) -> Markup {
    let action = match d.plan {
        Some((p, _)) => format!("/children/{}/plans/{}/edit", d.child, p.id),
        None => format!("/children/{}/plans", d.child),
    };
    let title = match (d.plan, d.reviewing()) {
        (None, _) => format!("Start a {}", d.kind.label().to_lowercase()),
        (Some(_), false) => format!("Edit the draft {}", d.kind.label().to_lowercase()),
        (Some(_), true) => format!("Record a review of the {}", d.kind.label().to_lowercase()),
    };
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let mut who = vec![("".to_string(), "Someone else (write who)".to_string())];
    who.extend(d.staff.iter().cloned());
    let reviews: Vec<(String, String)> =
        ReviewKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    let body = html! {
        (error_summary(&errors.problems()))
        form method="post" action=(action) novalidate {
            (csrf_input(&d.user.csrf))
            input type="hidden" name="kind" value=(d.kind.code());
            @if let Some((_, v)) = d.plan { input type="hidden" name="version" value=(v); }
            @if d.reviewing() {
                (date_input(&c("review_date", "Date of the review").required(true), sent.date_value("review_date")))
                (select(&c("review", "Which review").required(true), &reviews, &[sent.get("review").to_string()], false))
                (textarea(&c("review_summary", "What the review decided").required(true), sent.get("review_summary"), 4))
            }
            (textarea(&c("summary", "Why there is a plan").required(true), sent.get("summary"), 4))
            h2.govuk-heading-m { "Needs" }
            @for i in 1..=rows(sent, "need") {
                @let no = format!("need-{i}-no");
                input type="hidden" name=(no) value=(if sent.get(&no).is_empty() { i.to_string() } else { sent.get(&no).to_string() });
                (input(&Control::new(&format!("need-{i}-text"), &format!("need-{i}-text"), &format!("Need {i}")), "text", sent.get(&format!("need-{i}-text")), None))
            }
            h2.govuk-heading-m { "Outcomes" }
            p.govuk-hint { "What will be different when each need is met." }
            @for i in 1..=rows(sent, "outcome") {
                @let no = format!("outcome-{i}-no");
                input type="hidden" name=(no) value=(if sent.get(&no).is_empty() { i.to_string() } else { sent.get(&no).to_string() });
                div.govuk-form-group {
                    (input(&Control::new(&format!("outcome-{i}-need"), &format!("outcome-{i}-need"), &format!("Outcome {i}: for need number")), "text", sent.get(&format!("outcome-{i}-need")), None))
                    (input(&Control::new(&format!("outcome-{i}-text"), &format!("outcome-{i}-text"), &format!("Outcome {i}")), "text", sent.get(&format!("outcome-{i}-text")), None))
                }
            }
            h2.govuk-heading-m { "Actions" }
            @for i in 1..=rows(sent, "action") {
                @let p = |f: &str| format!("action-{i}-{f}");
                input type="hidden" name=(p("no")) value=(if sent.get(&p("no")).is_empty() { i.to_string() } else { sent.get(&p("no")).to_string() });
                fieldset.govuk-fieldset {
                    legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { "Action " (i) }
                    (input(&Control::new(&p("what"), &p("what"), "What"), "text", sent.get(&p("what")), None))
                    (select(&Control::new(&p("worker"), &p("worker"), "Who (staff)"), &who, &[sent.get(&p("worker")).to_string()], false))
                    (input(&Control::new(&p("other"), &p("other"), "Who (anyone else)").hint("For example: mother, the school"), "text", sent.get(&p("other")), None))
                    (input(&Control::new(&p("outcome"), &p("outcome"), "For outcome number (optional)"), "text", sent.get(&p("outcome")), None))
                    (date_input(&Control::new(&p("by"), &p("by"), "By when (optional)").errors(errors.of(&p("by"))), sent.date_value(&p("by"))))
                }
            }
            (textarea(&c("contingency", "If the plan does not work (contingency)"), sent.get("contingency"), 3))
            (textarea(&c("child_views", "The child's wishes and feelings about the plan"), sent.get("child_views"), 3))
            (components::button_group(html! { (button("Save")) (components::link(&format!("/children/{}/plans", d.child), "Cancel")) }))
        }
    };
    Layout::new(&title).caption(d.name).user(Some(d.user)).errors(!errors.is_empty()).render(body)
}

/// The form's fields filled from a version's content.
fn prefill(c: &PlanContent) -> Sent {
    let mut v: Vec<(String, String)> = vec![
        ("summary".into(), c.summary.clone()),
        ("contingency".into(), c.contingency.clone()),
        ("child_views".into(), c.child_views.clone()),
    ];
    for (i, n) in c.needs.iter().enumerate() {
        v.push((format!("need-{}-no", i + 1), n.no.to_string()));
        v.push((format!("need-{}-text", i + 1), n.text.clone()));
    }
    for (i, o) in c.outcomes.iter().enumerate() {
        v.push((format!("outcome-{}-no", i + 1), o.no.to_string()));
        v.push((format!("outcome-{}-need", i + 1), o.need.to_string()));
        v.push((format!("outcome-{}-text", i + 1), o.text.clone()));
    }
    for (i, a) in c.actions.iter().enumerate() {
        let p = |f: &str| format!("action-{}-{f}", i + 1);
        v.push((p("no"), a.no.to_string()));
        v.push((p("what"), a.what.clone()));
        match &a.who {
            ActionOwner::Worker(w) => v.push((p("worker"), w.to_string())),
            ActionOwner::Other(o) => v.push((p("other"), o.clone())),
            ActionOwner::Person(r) => v.push((p("other"), r.to_string())),
        }
        if let Some(o) = a.outcome {
            v.push((p("outcome"), o.to_string()));
        }
        if let Some(by) = a.by {
            v.push((p("by-day"), by.format("%-d").to_string()));
            v.push((p("by-month"), by.format("%-m").to_string()));
            v.push((p("by-year"), by.format("%Y").to_string()));
        }
    }
    Sent(v)
}

/// Reads the plan's content; rows left blank are skipped.
fn read(sent: &Sent, errors: &mut Errors) -> PlanContent {
    let num = |v: &str| v.parse::<ItemNo>().ok();
    let mut c = PlanContent {
        summary: sent.get("summary").to_string(),
        contingency: sent.get("contingency").to_string(),
        child_views: sent.get("child_views").to_string(),
        ..Default::default()
    };
    for i in 1..=carefile_domain::plans::MAX_ITEMS as u32 + BLANK_ROWS {
        let f = |part: &str, row: &str| format!("{row}-{i}-{part}");
        if let (Some(no), t) = (num(sent.get(&f("no", "need"))), sent.get(&f("text", "need")))
            && !t.is_empty()
        {
            c.needs.push(Need { no, text: t.to_string() });
        }
        if let (Some(no), t) = (num(sent.get(&f("no", "outcome"))), sent.get(&f("text", "outcome")))
            && !t.is_empty()
        {
            match num(sent.get(&f("need", "outcome"))) {
                Some(need) => c.outcomes.push(Outcome { no, need, text: t.to_string() }),
                None => errors.form(format!("Outcome {i}: give the number of the need it answers")),
            }
        }
        let what = sent.get(&f("what", "action"));
        if let (Some(no), false) = (num(sent.get(&f("no", "action"))), what.is_empty()) {
            let who = match (sent.get(&f("worker", "action")), sent.get(&f("other", "action"))) {
                ("", other) => ActionOwner::Other(other.to_string()),
                (w, _) => match WorkerId::new(w) {
                    Ok(w) => ActionOwner::Worker(w),
                    Err(_) => ActionOwner::Other(w.to_string()),
                },
            };
            let by = errors.optional_date(sent, &f("by", "action"), &format!("Action {i}'s date"));
            let outcome = num(sent.get(&f("outcome", "action")));
            c.actions.push(Action { no, outcome, what: what.to_string(), who, by });
        }
    }
    c
}

#[derive(Deserialize)]
struct Kind {
    kind: String,
}

async fn blank(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(k): Query<Kind>,
) -> Result<Markup, AppError> {
    require(&user, "plan.record", "write plans")?;
    let kind: PlanKind = k.kind.parse().map_err(|_| AppError::NotFound(format!("no plan called '{}'", k.kind)))?;
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/plans/new").await?;
    let d = Drawn { user: &user, child: &id, name: &child.name, kind, plan: None, staff: staff(&state) };
    Ok(form(&d, &Sent::default(), &Errors::default()))
}

const FIELD_WORDS: &[(&str, &[&str])] = &[("summary", &["summary"]), ("review_summary", &["review decided"])];

async fn create(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "plan.record", "write plans")?;
    let (id, child) = open(&state, &user, &raw, "POST /children/{id}/plans").await?;
    let sent = Sent(pairs);
    let mut errors = Errors::default();
    let kind = errors.code::<PlanKind>(&sent, "kind", "a plan");
    let content = read(&sent, &mut errors);
    let d = Drawn {
        user: &user,
        child: &id,
        name: &child.name,
        kind: kind.unwrap_or(PlanKind::ChildInNeed),
        plan: None,
        staff: staff(&state),
    };
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&d, &sent, &errors)).into_response());
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let event = PlanEvent::Drafted { child: id.clone(), kind, content };
    match state.with_store(move |s| outcome(s.create::<Plan>(&[(recorded, event)]))).await? {
        Ok((plan, _)) => Ok(Redirect::to(&format!("/children/{id}/plans/{plan}")).into_response()),
        Err(why) => {
            errors.refused(&why.to_string(), FIELD_WORDS);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&d, &sent, &errors)).into_response())
        }
    }
}

async fn load(state: &AppState, child: &ChildId, raw: &str) -> Result<(Plan, u64), AppError> {
    let plan = PlanId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let found = state.read_store(move |s| s.subject::<Plan>(&plan)).await?;
    found.filter(|(p, _)| p.child == *child).ok_or_else(|| AppError::NotFound(format!("{child} has no plan {raw}")))
}

fn who(state: &AppState, w: &ActionOwner) -> String {
    match w {
        ActionOwner::Worker(w) => text::worker(&state.org(), w).to_string(),
        ActionOwner::Person(p) => p.to_string(),
        ActionOwner::Other(o) => o.clone(),
    }
}

/// A version of the plan as a document.
fn document(state: &AppState, plan: &Plan, v: &Version) -> Markup {
    const ACTIONS: [Column; 5] =
        [Column::new("No."), Column::new("What"), Column::new("Who"), Column::new("By"), Column::new("Done")];
    let c = &v.content;
    html! {
        h2.govuk-heading-m { "Why there is a plan" }
        p.govuk-body { @for line in c.summary.lines() { (line) br; } }
        h2.govuk-heading-m { "Needs and outcomes" }
        @for n in &c.needs {
            h3.govuk-heading-s { "Need " (n.no) ": " (n.text) }
            ul.govuk-list.govuk-list--bullet { @for o in c.outcomes.iter().filter(|o| o.need == n.no) { li { "Outcome " (o.no) ": " (o.text) } } }
        }
        (Table::new("Actions", &ACTIONS).render(c.actions.iter().map(|a| vec![
            html! { (a.no) },
            html! { (a.what) @if let Some(o) = a.outcome { " (outcome " (o) ")" } },
            html! { (who(state, &a.who)) },
            html! { @if let Some(d) = a.by { (text::short_date(d)) } },
            html! { @match plan.actions.get(&a.no) {
                Some(ActionStatus::Done { date, .. }) => { (tag(Colour::Green, "Done")) " " (text::short_date(*date)) },
                Some(ActionStatus::NotDone { reason }) => { (tag(Colour::Red, "Not done")) " " (reason) },
                None => "",
            } },
        ])))
        @if !c.contingency.is_empty() { h2.govuk-heading-m { "Contingency" } p.govuk-body { (c.contingency) } }
        @if !c.child_views.is_empty() { h2.govuk-heading-m { "The child's wishes and feelings" } p.govuk-body { (c.child_views) } }
    }
}

async fn view(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_plan)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/plans/{plan}").await?;
    let (plan, version) = load(&state, &id, &raw_plan).await?;
    let v = plan.current();
    let base = format!("/children/{id}/plans/{}", plan.id);
    let earlier: Vec<(String, String)> = plan
        .versions
        .iter()
        .rev()
        .skip(1)
        .map(|v| {
            let review = v.review.as_ref().map(|(d, k, s)| format!("; {} on {}: {s}", k.label(), text::date(*d)));
            let words = format!(
                "written by {} on {}{}",
                v.written_by,
                text::date(v.written_at.date_naive()),
                review.unwrap_or_default()
            );
            (format!("Version {}", v.no), words)
        })
        .collect();
    let action_form = |path: &str, words: &str, reason: bool| {
        html! {
            form method="post" action={ (base) "/" (path) } {
                (csrf_input(&user.csrf))
                input type="hidden" name="version" value=(version);
                @if reason { (input(&Control::new(&format!("{path}-reason"), "reason", "Reason").required(true), "text", "", None)) }
                (components::secondary_button(words))
            }
        }
    };
    let body = html! {
        p.govuk-body { (stage_tag(&plan)) " Version " (v.no) ", written by " (v.written_by) " on " (text::date(v.written_at.date_naive()))
            @if let Some((by, at)) = &v.signed_off { "; signed off by " (by) " on " (text::date(at.date_naive())) }
            @if let Some((date, kind, _)) = &v.review { "; agreed at the " (kind.label().to_lowercase()) " on " (text::date(*date)) } "." }
        @if let Stage::Returned { by, reason } = &plan.stage { (components::warning(&format!("Returned by {}: {reason}", state.who(by)))) }
        @if let Stage::Ended { date, reason } = &plan.stage { (components::warning(&format!("Ended on {}: {reason}", text::date(*date)))) }
        (document(&state, &plan, v))
        div class="govuk-!-display-none-print" {
            @match &plan.stage {
                Stage::Draft | Stage::Returned { .. } if user.may("plan.record") => {
                    (components::button_group(html! {
                        (components::button_link(&format!("{base}/edit"), "Edit the draft", true))
                        (action_form("submit", "Send for sign-off", false))
                    }))
                }
                Stage::Submitted { .. } if user.may("plan.authorise") => {
                    (action_form("sign-off", "Sign off the plan", false))
                    (components::details("Return it with reasons", action_form("return", "Return the plan", true)))
                }
                Stage::InForce if user.may("plan.record") => {
                    (components::button_link(&format!("{base}/edit"), "Record a review", true))
                    h2.govuk-heading-m { "Mark an action" }
                    @for (a, _) in plan.open_actions() {
                        form method="post" action={ (base) "/action-" (a.no) } {
                            (csrf_input(&user.csrf))
                            input type="hidden" name="version" value=(version);
                            (components::button_group(html! {
                                button.govuk-button.govuk-button--secondary type="submit" name="done" value="yes" data-module="govuk-button" { "Action " (a.no) " done" }
                                (input(&Control::new(&format!("action-{}-reason", a.no), "reason", &format!("Or why action {} is not done", a.no)), "text", "", None))
                                button.govuk-button.govuk-button--secondary type="submit" name="done" value="no" data-module="govuk-button" { "Not done" }
                            }))
                        }
                    }
                    (components::details("End the plan", action_form("end", "End the plan", true)))
                }
                _ => {}
            }
        }
        @if plan.versions.len() > 1 {
            h2.govuk-heading-m { "Earlier versions" }
            (summary_list(&earlier.iter().map(|(k, v)| SummaryRow::text(k, v)).collect::<Vec<_>>()))
        }
    };
    let title = plan.kind.label();
    Ok(Layout::new(title)
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}/plans"), "All plans")
        .render(body))
}

async fn edit_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_plan)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    require(&user, "plan.record", "write plans")?;
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/plans/{plan}/edit").await?;
    let (plan, version) = load(&state, &id, &raw_plan).await?;
    let d = Drawn {
        user: &user,
        child: &id,
        name: &child.name,
        kind: plan.kind,
        plan: Some((&plan, version)),
        staff: staff(&state),
    };
    Ok(form(&d, &prefill(&plan.current().content), &Errors::default()))
}

const STALE: &str =
    "Someone changed this plan since you opened it: your text is below; open the plan again to see theirs, then save.";

async fn edit(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_plan)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "plan.record", "write plans")?;
    let (id, child) = open(&state, &user, &raw, "POST /children/{id}/plans/{plan}/edit").await?;
    let (plan, version) = load(&state, &id, &raw_plan).await?;
    let sent = Sent(pairs);
    let loaded_at: u64 = sent.get("version").parse().unwrap_or(version);
    let d = Drawn {
        user: &user,
        child: &id,
        name: &child.name,
        kind: plan.kind,
        plan: Some((&plan, loaded_at)),
        staff: staff(&state),
    };
    let mut errors = Errors::default();
    let content = read(&sent, &mut errors);
    let event = if d.reviewing() {
        let date = errors.date(&sent, "review_date", "The date of the review");
        let review = errors.code::<ReviewKind>(&sent, "review", "which review");
        match (date, review) {
            (Some(date), Some(review)) => Some(PlanEvent::Reviewed {
                date,
                review,
                summary: sent.get("review_summary").to_string(),
                content: Some(content),
            }),
            _ => None,
        }
    } else {
        Some(PlanEvent::Revised { content })
    };
    let Some(event) = event.filter(|_| errors.is_empty()) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&d, &sent, &errors)).into_response());
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let plan_id = plan.id.clone();
    match state
        .with_store(move |s| outcome(s.append::<Plan>(&plan_id, Expected::Version(loaded_at), &[(recorded, event)])))
        .await?
    {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}/plans/{}", plan.id)).into_response()),
        Err(why) => {
            match why {
                Refusal::Stale => errors.form(STALE),
                Refusal::Refused(m) => errors.refused(&m, FIELD_WORDS),
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&d, &sent, &errors)).into_response())
        }
    }
}

/// The buttons of a plan's page: send, sign off, return, an action done or not, end.
async fn step(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_plan, step)): Path<(String, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, _) = open(&state, &user, &raw, "POST /children/{id}/plans/{plan}/{step}").await?;
    let (plan, version) = load(&state, &id, &raw_plan).await?;
    let sent = Sent(pairs);
    let reason = sent.get("reason").to_string();
    let event = match step.as_str() {
        "submit" => {
            require(&user, "plan.record", "send plans for sign-off")?;
            PlanEvent::Submitted { team: state.index().await?.child(&id).and_then(|c| c.team().cloned()) }
        }
        "sign-off" | "return" => {
            require(&user, "plan.authorise", "sign off plans")?;
            if step == "return" { PlanEvent::Returned { reason } } else { PlanEvent::SignedOff }
        }
        "end" => {
            require(&user, "plan.record", "end plans")?;
            PlanEvent::Ended { date: state.today(), reason }
        }
        s => {
            require(&user, "plan.record", "update plans")?;
            let action: ItemNo = s
                .strip_prefix("action-")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| AppError::NotFound(format!("no step '{s}'")))?;
            let status = if sent.get("done") == "yes" {
                ActionStatus::Done { date: state.today(), note: String::new() }
            } else {
                ActionStatus::NotDone { reason }
            };
            PlanEvent::ActionUpdated { action, status }
        }
    };
    let loaded_at: u64 = sent.get("version").parse().unwrap_or(version);
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let plan_id = plan.id.clone();
    match state
        .with_store(move |s| outcome(s.append::<Plan>(&plan_id, Expected::Version(loaded_at), &[(recorded, event)])))
        .await?
    {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}/plans/{}", plan.id)).into_response()),
        Err(Refusal::Refused(m)) => Err(AppError::BadRequest(m)),
        Err(Refusal::Stale) => Err(AppError::BadRequest(STALE.into())),
    }
}
