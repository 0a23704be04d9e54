//! Two records of one child merged by a team manager, and unmerged (decision
//! 002; the store's `merge_children`): the duplicate's history joins the
//! record kept, its ID opens that record, and an unmerge puts both back as
//! they were. Both records are opened through the access policy and audited
//! as changed.

use super::sent::{Errors, Sent};
use crate::auth::SignedIn;
use crate::ui::components::{self, Control, SummaryRow, button_group, error_summary, input, summary_list, textarea};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{MAX_FIELD, outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::people::Merge;
use carefile_domain::{ChildId, Recorded};
use carefile_store::Subjects;
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/merge", get(blank).post(merge))
        .route("/children/{id}/unmerge", post(unmerge))
}

fn form(user: &SignedIn, id: &ChildId, name: &str, sent: &Sent, errors: &Errors) -> Markup {
    let c = |field: &'static str, label: &'static str| Control::new(field, field, label).errors(errors.of(field));
    let body = html! {
        (error_summary(&errors.problems()))
        p.govuk-body {
            "Merge " strong { (name) " (" (id) ")" } " into the record of the same child that you keep. The entries "
            "of its journey join that record, and " (id) " then opens it. A merge can be undone from the record kept."
        }
        form method="post" action={ "/children/" (id) "/merge" } novalidate {
            (csrf_input(&user.csrf))
            (input(&c("survivor", "ID of the record to keep").required(true)
                .hint("The record found by the front door's search, such as C0001234"), "text", sent.get("survivor"), None))
            (textarea(&c("reason", "Why these are the same child").required(true), sent.get("reason"), 3))
            (button_group(html! {
                (components::warning_button("Merge the records"))
                (components::link(&format!("/children/{id}"), "Cancel"))
            }))
        }
    };
    Layout::new("Merge two records of one child").user(Some(user)).errors(!errors.is_empty()).render(body)
}

async fn blank(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    require(&user, "child.merge", "merge records")?;
    let (id, summary) = crate::workplace::open(&state, &user, &raw, "GET /children/{id}/merge").await?;
    Ok(form(&user, &id, &summary.name, &Sent::default(), &Errors::default()))
}

async fn merge(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "child.merge", "merge records")?;
    let route = "POST /children/{id}/merge";
    let (id, summary) = crate::workplace::open(&state, &user, &raw, route).await?;
    let sent = Sent(pairs);
    let mut errors = Errors::default();
    let survivor = match ChildId::new(sent.get("survivor").trim()) {
        Ok(s) if state.index().await?.child(&s).is_some() => Some(s),
        _ => {
            errors.field("survivor", "Enter the ID of a child's record, such as C0001234");
            None
        }
    };
    let reason: String = sent.get("reason").trim().chars().take(MAX_FIELD).collect();
    if reason.is_empty() {
        errors.field("reason", "Say why these are the same child");
    }
    let (Some(survivor), true) = (survivor, errors.is_empty()) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&user, &id, &summary.name, &sent, &errors)).into_response());
    };
    crate::workplace::open(&state, &user, survivor.as_str(), route).await?;
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let (dup, keep) = (id.clone(), survivor.clone());
    match state.with_store(move |s| outcome(s.merge_children(&dup, &keep, &recorded, &reason))).await? {
        Ok(()) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/children/{survivor}")).into_response())
        }
        Err(why) => {
            errors.refused(&why.to_string(), &[("survivor", &[survivor.as_str()]), ("reason", &["why"])]);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&user, &id, &summary.name, &sent, &errors)).into_response())
        }
    }
}

async fn unmerge(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "child.merge", "unmerge records")?;
    let id = super::child::parse_id(&raw)?;
    let sent = Sent(pairs);
    let dup = id.clone();
    let survivor = state
        .read_store(move |s| s.merged_into(&dup))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("{id} is not merged into another record")))?;
    crate::workplace::open(&state, &user, survivor.as_str(), "POST /children/{id}/unmerge").await?;
    let reason: String = sent.get("reason").trim().chars().take(MAX_FIELD).collect();
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let dup = id.clone();
    match state.with_store(move |s| outcome(s.unmerge_children(&dup, &recorded, &reason))).await? {
        Ok(()) => {
            state.sync().await?;
            // The record stands apart again: opened (and audited) as changed.
            crate::workplace::open(&state, &user, id.as_str(), "POST /children/{id}/unmerge").await?;
            Ok(Redirect::to(&format!("/children/{id}")).into_response())
        }
        Err(why) => Err(AppError::BadRequest(format!("{id} was not unmerged: {why}"))),
    }
}

/// The records merged into `id`, for its page: each with who merged it, when
/// and why, and (for a manager) the step that undoes it.
pub async fn merged_here(state: &AppState, user: &SignedIn, id: &ChildId) -> Result<Markup, AppError> {
    let about = id.clone();
    let merges = state.read_store(move |s| s.subjects::<Merge>(Some(about.as_str()))).await?;
    let merges: Vec<Merge> = merges.into_iter().map(|(m, _)| m).filter(|m| m.survivor.as_ref() == Some(id)).collect();
    if merges.is_empty() {
        return Ok(html! {});
    }
    let manager = user.may("child.merge");
    Ok(html! {
        h2.govuk-heading-m { "Records merged into this one" }
        @for m in &merges {
            @let last = m.history.last();
            (summary_list(&[
                SummaryRow::text("Record", m.duplicate.as_str()),
                SummaryRow::text("Merged", &last.map_or(String::new(), |h| format!("by {} on {}: {}", state.who(&h.by), text::date(h.at.date_naive()), h.reason))),
            ]))
            @if manager {
                form method="post" action={ "/children/" (m.duplicate) "/unmerge" } novalidate {
                    (csrf_input(&user.csrf))
                    (input(&Control::new(&format!("unmerge-{}", m.duplicate), "reason", "Why they are different children"), "text", "", None))
                    (components::secondary_button(&format!("Unmerge {}", m.duplicate)))
                }
            }
        }
    })
}
