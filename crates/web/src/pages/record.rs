//! The recording forms as pages on a child's record: drawn from
//! [`crate::forms`], checked on the server (each error beside its field),
//! written through the store with the version the form was loaded at (a stale
//! form is refused: "record changed, reload"), and audited as a change.

use super::child::parse_id;
use super::{Layout, csrf_input};
use crate::access::open_child;
use crate::auth::SignedIn;
use crate::forms::{self, Context, Field, FormErrors, FormKind};
use crate::ui;
use crate::ui::components::{button, button_group, inset};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use carefile_domain::access::Role;
use carefile_domain::journey::chronology::chronology;
use carefile_domain::{ChildId, ChildRecord, Recorded, TeamId, WorkerId};
use carefile_store::{StoreError, StoredEvent};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/record", get(menu))
        .route("/children/{id}/record/{form}", get(blank).post(submit))
        .route("/children/{id}/correct/{seq}", get(correct))
}

/// A form as drawn for one child.
struct Drawn<'a> {
    user: &'a SignedIn,
    id: &'a ChildId,
    name: &'a str,
    kind: FormKind,
    version: u64,
    /// The event being corrected, and its chronology text where known.
    correcting: Option<(u64, Option<String>)>,
    /// The author's draft of this form, when there is one (see `crate::drafts`).
    draft: Option<Markup>,
}

/// Where a record form is opened, which its draft is kept under.
fn draft_key(id: &ChildId, kind: FormKind, corrects: Option<u64>) -> String {
    match corrects {
        Some(seq) => format!("/children/{id}/record/{}?corrects={seq}", kind.slug()),
        None => format!("/children/{id}/record/{}", kind.slug()),
    }
}

/// The entries recorded on the child since version `base` (someone else's saves, beside a draft).
async fn since(state: &AppState, id: &ChildId, base: Option<u64>, now: u64) -> Result<Option<Markup>, AppError> {
    let Some(base) = base.filter(|b| *b < now) else { return Ok(None) };
    let child = id.clone();
    let log = state.read_store(move |s| s.child_log(&child)).await?;
    let later: Vec<_> = log.into_iter().filter(|e| e.version > base).map(|e| (e.seq, e.recorded, e.event)).collect();
    Ok(Some(html! {
        p.govuk-body { "Saved on the record since:" }
        ul.govuk-list.govuk-list--bullet { @for e in chronology(&later) { li { (e.text) " (" (e.recorded_by) ")" } } }
    }))
}

#[derive(Deserialize)]
struct Correcting {
    corrects: Option<u64>,
}

const STALE: &str =
    "The record changed since you opened this form: reload it, check what changed, and enter your entry again.";

/// Allocation and oversight are a manager's entries; the rest any worker's who may change the record.
fn may_use(user: &SignedIn, kind: FormKind) -> Result<(), AppError> {
    match kind {
        FormKind::Allocation | FormKind::Oversight if user.role != Role::TeamManager => {
            Err(AppError::Forbidden(format!("{} is recorded by a team manager", kind.title())))
        }
        _ => Ok(()),
    }
}

fn kind_of(slug: &str) -> Result<FormKind, AppError> {
    FormKind::from_slug(slug).ok_or_else(|| AppError::NotFound(format!("no form called '{slug}'")))
}

/// Staff in post today with a team: whom a child can be allocated to.
fn allocatable(state: &AppState) -> Vec<(WorkerId, TeamId, String)> {
    let today = state.today();
    state
        .org()
        .staff
        .values()
        .filter(|s| s.in_post(today))
        .filter_map(|s| Some((s.id.clone(), s.team_on(today)?.clone(), s.name.clone())))
        .collect()
}

async fn current(state: &AppState, id: &ChildId) -> Result<(ChildRecord, u64), AppError> {
    let id = id.clone();
    state.read_store(move |s| s.child(&id)).await?.ok_or_else(|| AppError::NotFound("the record is gone".into()))
}

async fn menu(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let id = parse_id(&raw)?;
    let summary = open_child(&state, &user, &id, "GET /children/{id}/record", false).await?;
    let child_href = format!("/children/{id}");
    let body = html! {
        p.govuk-body { "Choose what happened." }
        ul.govuk-list id="forms" {
            @for k in FormKind::ALL.iter().filter(|k| may_use(&user, **k).is_ok()) {
                li { a.govuk-link href={ "/children/" (id) "/record/" (k.slug()) } { (k.title()) } }
            }
        }
    };
    Ok(Layout::new("Record something")
        .caption(&summary.name)
        .back(&child_href, "Back to the record")
        .user(Some(&user))
        .render(body))
}

/// The stored event `seq` of the child, if it is one.
async fn event(state: &AppState, id: &ChildId, seq: u64) -> Result<StoredEvent, AppError> {
    let child = id.clone();
    let log = state.read_store(move |s| s.child_log(&child)).await?;
    log.into_iter().find(|e| e.seq == seq).ok_or_else(|| AppError::NotFound(format!("{id} has no entry {seq}")))
}

/// Opens the form that records events like entry `seq`, to correct it.
async fn correct(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
) -> Result<Redirect, AppError> {
    let id = parse_id(&raw)?;
    open_child(&state, &user, &id, "GET /children/{id}/correct/{seq}", false).await?;
    let e = event(&state, &id, seq).await?;
    let kind = FormKind::of_event(&e.event)
        .ok_or_else(|| AppError::NotFound(format!("entry {seq} is not recorded with a form: ask an administrator")))?;
    Ok(Redirect::to(&format!("/children/{id}/record/{}?corrects={seq}", kind.slug())))
}

async fn blank(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, slug)): Path<(String, String)>,
    Query(q): Query<Correcting>,
) -> Result<Markup, AppError> {
    let (id, kind) = (parse_id(&raw)?, kind_of(&slug)?);
    may_use(&user, kind)?;
    let summary = open_child(&state, &user, &id, "GET /children/{id}/record/{form}", false).await?;
    let (record, version) = current(&state, &id).await?;
    let workers = allocatable(&state);
    let ctx = Context { today: state.today(), record: &record, user: user.worker.as_ref(), workers: &workers };
    let (fields, correcting) = match q.corrects {
        Some(seq) => {
            let e = event(&state, &id, seq).await?;
            if FormKind::of_event(&e.event) != Some(kind) {
                return Err(AppError::NotFound(format!("entry {seq} is not a {}", kind.title())));
            }
            let text = chronology(&[(e.seq, e.recorded, e.event)]).pop().map(|x| x.text);
            (forms::correction_fields(kind, &ctx, seq), Some((seq, text)))
        }
        None => (forms::fields(kind, &ctx), None),
    };
    let draft = crate::drafts::restore(&state, &user, &draft_key(&id, kind, q.corrects)).await?;
    let banner = match &draft {
        Some(d) => Some(crate::drafts::banner(&user, d, since(&state, &id, d.base, version).await?)),
        None => None,
    };
    let raw = draft.map(|d| d.fields).unwrap_or_default();
    let drawn = Drawn { user: &user, id: &id, name: &summary.name, kind, version, correcting, draft: banner };
    Ok(page(&drawn, &fields, &FormErrors::default(), &raw))
}

async fn submit(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, slug)): Path<(String, String)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, kind) = (parse_id(&raw)?, kind_of(&slug)?);
    may_use(&user, kind)?;
    let summary = open_child(&state, &user, &id, "POST /children/{id}/record/{form}", true).await?;
    let (record, version) = current(&state, &id).await?;
    let workers = allocatable(&state);
    let ctx = Context { today: state.today(), record: &record, user: user.worker.as_ref(), workers: &workers };
    let correcting = sent.iter().find(|(n, _)| n == "corrects").and_then(|(_, v)| v.parse().ok()).map(|s| (s, None));
    let key = draft_key(&id, kind, correcting.as_ref().map(|c| c.0));
    let drawn = Drawn { user: &user, id: &id, name: &summary.name, kind, version, correcting, draft: None };
    let redraw = |fields: &[Field], errors: &FormErrors| {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&drawn, fields, errors, &sent)).into_response())
    };
    let loaded_at = sent.iter().find(|(n, _)| n == "version").and_then(|(_, v)| v.parse::<u64>().ok());
    if loaded_at != Some(version) {
        let errors = FormErrors { form: vec![STALE.into()], ..Default::default() };
        return redraw(&forms::fields(kind, &ctx), &errors);
    }
    let accepted = match ui::forms::submit(kind, &ctx, &sent) {
        Ok(a) => a,
        Err(r) => return redraw(&r.fields, &r.errors),
    };
    // A step a manager authorises: sent for authorisation, or (a manager's) checked for separation of duties.
    if accepted.reason.is_none() && super::authorisations::needs_proposal(&user, &accepted.event) {
        let note = sent.iter().find(|(n, _)| n == "note_to_manager").map(|(_, v)| v.clone()).unwrap_or_default();
        return match super::authorisations::propose(&state, &user, &id, accepted.event, note).await? {
            Ok(no) => {
                state.child_changed(id.clone()).await?;
                crate::drafts::done(&state, &user, &key).await?;
                Ok(Redirect::to(&format!("/children/{id}/authorisations/{no}")).into_response())
            }
            Err(why) => {
                redraw(&forms::fields(kind, &ctx), &FormErrors { form: vec![why.to_string()], ..Default::default() })
            }
        };
    }
    if let Err(why) = super::authorisations::may_record(&state, &user, &id, &accepted.event).await {
        return redraw(&forms::fields(kind, &ctx), &FormErrors { form: vec![why.to_string()], ..Default::default() });
    }
    let recorded = Recorded::new(state.now(), user.username.clone(), accepted.reason);
    let write_id = id.clone();
    let written = state
        .with_store(move |s| match s.append_child(&write_id, Some(version), &[(recorded, accepted.event)]) {
            Err(StoreError::Conflict { .. }) => Ok(Err(STALE.to_string())),
            Err(StoreError::Invariant(e)) => Ok(Err(e.message)),
            other => other.map(Ok),
        })
        .await?;
    if let Err(message) = written {
        return redraw(&forms::fields(kind, &ctx), &FormErrors { form: vec![message], ..Default::default() });
    }
    state.child_changed(id.clone()).await?;
    crate::drafts::done(&state, &user, &key).await?;
    Ok(Redirect::to(&format!("/children/{id}")).into_response())
}

fn page(d: &Drawn, fields: &[Field], errors: &FormErrors, raw: &[(String, String)]) -> Markup {
    let (user, id, kind) = (d.user, d.id, d.kind);
    let child_href = format!("/children/{id}");
    let body = html! {
        @if let Some((seq, text)) = &d.correcting {
            (inset(html! { "Correcting entry " (seq) @if let Some(t) = text { ": " (t) } ". Enter it as it should have been, and say why." }))
        }
        @if let Some(b) = &d.draft { (b) }
        form method="post" action={ "/children/" (id) "/record/" (kind.slug()) } novalidate {
            (csrf_input(&user.csrf))
            (crate::drafts::autosave(&crate::drafts::Of {
                key: &draft_key(id, kind, d.correcting.as_ref().map(|c| c.0)),
                title: &format!("{} for {}", kind.title(), d.name),
                child: Some(id.as_str()),
                base: Some(d.version),
            }))
            input type="hidden" name="version" value=(d.version);
            @if let Some((seq, _)) = &d.correcting { input type="hidden" name="corrects" value=(seq); }
            (ui::forms::fields(fields, errors, raw))
            (button_group(html! { (button("Save")) a.govuk-link href=(child_href) { "Cancel" } }))
        }
    };
    let caption = format!("{} ({id})", d.name);
    Layout::new(kind.title())
        .caption(&caption)
        .back(&child_href, "Back to the record")
        .errors(!errors.is_empty())
        .user(Some(user))
        .render(body)
}
