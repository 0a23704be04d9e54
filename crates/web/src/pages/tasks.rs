//! Tasks a manager sets (for a member of the team or the team's queue),
//! about a child or not, with a due date: on the owner's tray until done or
//! cancelled, with their history. A task about a child opens that child's
//! record through the access policy.

use super::sent::{Errors, Sent};
use crate::auth::SignedIn;
use crate::ui::components::{
    self, Control, SummaryRow, button, date_input, error_summary, input, select, summary_list, textarea,
};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::{ChildId, Recorded, WorkerId};
use carefile_store::{Expected, Subjects};
use carefile_work::{Owner, Subject, Task, TaskEvent, TaskId, TaskStatus};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tasks", post(create))
        .route("/tasks/new", get(blank))
        .route("/tasks/{task}", get(view))
        .route("/tasks/{task}/{action}", post(act))
}

/// Who a manager can give a task to: the team's queue and its members in post.
fn assignees(state: &AppState, user: &SignedIn) -> Vec<(String, String)> {
    let today = state.today();
    let Some(team) = &user.team else { return Vec::new() };
    let org = state.org();
    let mut out = vec![(format!("team:{team}"), format!("The team's queue ({})", text::team(&org, team)))];
    let mut members: Vec<_> = org
        .staff
        .values()
        .filter(|s| s.in_post(today) && s.team_on(today) == Some(team))
        .map(|s| (format!("worker:{}", s.id), s.name.clone()))
        .collect();
    members.sort_by(|a, b| a.1.cmp(&b.1));
    out.extend(members);
    out
}

fn owner_of(v: &str) -> Option<Owner> {
    match v.split_once(':')? {
        ("team", t) => carefile_domain::TeamId::new(t).ok().map(Owner::Team),
        ("worker", w) => WorkerId::new(w).ok().map(Owner::Worker),
        _ => None,
    }
}

fn owner_words(state: &AppState, o: &Owner) -> String {
    let org = state.org();
    match o {
        Owner::Worker(w) => text::worker(&org, w).to_string(),
        Owner::Team(t) => format!("the queue of {}", text::team(&org, t)),
        Owner::User(u) => u.clone(),
        Owner::Role(r) => format!("every {r}"),
        Owner::Unallocated => "the unallocated list".into(),
    }
}

#[derive(Deserialize, Default)]
struct About {
    child: Option<String>,
}

fn form(state: &AppState, user: &SignedIn, sent: &Sent, errors: &Errors) -> Markup {
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let body = html! {
        (error_summary(&errors.problems()))
        form method="post" action="/tasks" novalidate {
            (csrf_input(&user.csrf))
            @if !sent.get("child").is_empty() {
                input type="hidden" name="child" value=(sent.get("child"));
                p.govuk-body { "About " a.govuk-link href={ "/children/" (sent.get("child")) } { (sent.get("child")) } "." }
            }
            (input(&c("title", "What needs doing").required(true), "text", sent.get("title"), None))
            (textarea(&c("detail", "More detail (optional)"), sent.get("detail"), 4))
            (select(&c("owner", "For").required(true), &assignees(state, user), &[sent.get("owner").to_string()], false))
            (date_input(&c("due", "Due by (optional)"), sent.date_value("due")))
            (components::button_group(html! { (button("Set the task")) (components::link("/tray", "Cancel")) }))
        }
    };
    Layout::new("Set a task").user(Some(user)).errors(!errors.is_empty()).render(body)
}

async fn blank(State(state): State<AppState>, user: SignedIn, Query(a): Query<About>) -> Result<Markup, AppError> {
    require(&user, "task.set", "set tasks")?;
    let mut sent = Sent::default();
    if let Some(child) = a.child {
        crate::workplace::open(&state, &user, &child, "GET /tasks/new").await?;
        sent.0.push(("child".into(), child));
    }
    Ok(form(&state, &user, &sent, &Errors::default()))
}

async fn create(
    State(state): State<AppState>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "task.set", "set tasks")?;
    let sent = Sent(pairs);
    let about = match sent.get("child") {
        "" => Subject::None,
        raw => Subject::Child(crate::workplace::open(&state, &user, raw, "POST /tasks").await?.0),
    };
    let mut errors = Errors::default();
    let due = errors.optional_date(&sent, "due", "The due date");
    let owner = owner_of(sent.get("owner"))
        .filter(|o| assignees(&state, &user).iter().any(|(v, _)| owner_of(v).as_ref() == Some(o)));
    if owner.is_none() {
        errors.field("owner", "Select who the task is for, in your team");
    }
    let (Some(owner), true) = (owner, errors.is_empty()) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&state, &user, &sent, &errors)).into_response());
    };
    let event = TaskEvent::Set {
        title: sent.get("title").to_string(),
        detail: sent.get("detail").to_string(),
        about,
        owner,
        due,
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    match state.with_store(move |s| outcome(s.create::<Task>(&[(recorded, event)]))).await? {
        Ok((task, _)) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/tasks/{task}")).into_response())
        }
        Err(why) => {
            errors.refused(&why.to_string(), &[("title", &["title"]), ("detail", &["detail"]), ("due", &["due date"])]);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&state, &user, &sent, &errors)).into_response())
        }
    }
}

/// A task and its version, if `user` may see it: its owner, whoever set it, a
/// manager of its team; and for a task about a child, someone who may open the child.
async fn load(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    route: &str,
) -> Result<(Task, u64), AppError> {
    let id = TaskId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let (task, version) = state
        .read_store(move |s| s.subject::<Task>(&id))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no task {raw}")))?;
    let mine = match &task.owner {
        Owner::Worker(w) => user.worker.as_ref() == Some(w),
        Owner::Team(t) => user.team.as_ref() == Some(t),
        Owner::User(u) => *u == user.username,
        _ => false,
    };
    let managers = user.may("task.set") && matches!(&task.owner, Owner::Team(t) if user.team.as_ref() == Some(t))
        || user.may("task.set")
            && matches!(&task.owner, Owner::Worker(w) if state.org().staff.get(w).and_then(|s| s.team_on(state.today())) == user.team.as_ref());
    if !(mine || task.set_by == user.username || managers) {
        return Err(AppError::Forbidden(format!("task {raw} is not yours or your team's")));
    }
    if let Subject::Child(c) = &task.about {
        crate::workplace::open(state, user, c.as_str(), route).await?;
    }
    Ok((task, version))
}

async fn view(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let (task, version) = load(&state, &user, &raw, "GET /tasks/{task}").await?;
    let child_name = match &task.about {
        Subject::Child(c) => state.index().await?.child(c).map(|s| s.name.clone()),
        _ => None,
    };
    let status = match &task.status {
        TaskStatus::Open => "Open".to_string(),
        TaskStatus::Done { date, by, note } => format!(
            "Done by {by} on {}{}",
            text::date(*date),
            if note.is_empty() { String::new() } else { format!(": {note}") }
        ),
        TaskStatus::Cancelled { by, reason } => format!("Cancelled by {by}: {reason}"),
    };
    let base = format!("/tasks/{}", task.id);
    let step = |action: &str, words: &str, field: Option<(&str, &str)>| {
        html! {
            form method="post" action={ (base) "/" (action) } {
                (csrf_input(&user.csrf))
                input type="hidden" name="version" value=(version);
                @if let Some((name, label)) = field { (input(&Control::new(&format!("{action}-{name}"), name, label), "text", "", None)) }
                (components::secondary_button(words))
            }
        }
    };
    let body = html! {
        (summary_list(&[
            SummaryRow::new("About", html! { @match (&task.about, &child_name) {
                (Subject::Child(c), Some(n)) => a.govuk-link href={ "/children/" (c) } { (n) },
                (Subject::Child(c), None) => (c),
                _ => "Nothing in particular",
            } }),
            SummaryRow::text("For", &owner_words(&state, &task.owner)),
            SummaryRow::text("Due", &task.due.map_or("No date".to_string(), text::date)),
            SummaryRow::text("Set by", &format!("{} on {}", state.who(&task.set_by), text::date(task.set_on))),
            SummaryRow::new("Detail", html! { @for line in task.detail.lines() { (line) br; } }),
            SummaryRow::text("Status", &status),
        ]))
        @if task.is_open() {
            (components::button_group(html! { (step("done", "Mark as done", Some(("note", "Note (optional)")))) }))
            @if user.may("task.set") {
                (components::details("Give it to someone else", html! {
                    form method="post" action={ (base) "/reassign" } {
                        (csrf_input(&user.csrf))
                        input type="hidden" name="version" value=(version);
                        (select(&Control::new("owner", "owner", "For"), &assignees(&state, &user), &[], false))
                        (components::secondary_button("Reassign"))
                    }
                }))
                (components::details("Cancel the task", step("cancel", "Cancel the task", Some(("reason", "Why")))))
            }
        }
    };
    Ok(Layout::new(&task.title).caption("Task").user(Some(&user)).back("/tray", "Back to my tray").render(body))
}

async fn act(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, action)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (task, version) = load(&state, &user, &raw, "POST /tasks/{task}/{action}").await?;
    let sent = Sent(pairs);
    let event = match action.as_str() {
        "done" => TaskEvent::Done { date: state.today(), note: sent.get("note").to_string() },
        "reassign" => {
            require(&user, "task.set", "reassign tasks")?;
            let owner = owner_of(sent.get("owner"))
                .filter(|o| assignees(&state, &user).iter().any(|(v, _)| owner_of(v).as_ref() == Some(o)))
                .ok_or_else(|| AppError::BadRequest("select someone in your team".into()))?;
            TaskEvent::Reassigned { owner }
        }
        "cancel" => {
            require(&user, "task.set", "cancel tasks")?;
            TaskEvent::Cancelled { reason: sent.get("reason").to_string() }
        }
        other => return Err(AppError::NotFound(format!("no action '{other}'"))),
    };
    let loaded_at: u64 = sent.get("version").parse().unwrap_or(version);
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let id = task.id.clone();
    match state
        .with_store(move |s| outcome(s.append::<Task>(&id, Expected::Version(loaded_at), &[(recorded, event)])))
        .await?
    {
        Ok(_) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/tasks/{}", task.id)).into_response())
        }
        Err(Refusal::Refused(m)) => Err(AppError::BadRequest(m)),
        Err(Refusal::Stale) => {
            Err(AppError::BadRequest("the task changed since you opened it: go back and reload".into()))
        }
    }
}

/// The child a new task from a child's page is about.
pub fn new_task_href(child: &ChildId) -> String {
    format!("/tasks/new?child={child}")
}
