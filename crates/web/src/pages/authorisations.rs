//! Steps that need a manager (decision 001's separation of duties): a worker's
//! contact or referral decision, assessment, S47 outcome or closure is sent
//! for authorisation instead of being recorded; a manager authorises it (the
//! step is then written to the child's log as theirs, in the same transaction
//! as the request's outcome), returns it with reasons, or its proposer
//! withdraws it. No one authorises a step they proposed or recorded the start of.

use super::sent::Sent;
use crate::auth::SignedIn;
use crate::ui::components::{self, Colour, Column, Control, SummaryRow, Table, input, summary_list, tag};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, may_decide, open, outcome};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::journey::chronology::describe;
use carefile_domain::{ChildEvent, ChildId, ItemNo, Recorded};
use carefile_store::{Expected, StoreError, Subjects, TxSubjects};
use carefile_work::{AuthorisationEvent, Request, RequestStatus, Requests, Step, duties};
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/authorisations", get(list))
        .route("/children/{id}/authorisations/{no}", get(view))
        .route("/children/{id}/authorisations/{no}/{action}", post(act))
}

/// Whether `user` records `event` themselves, or sends it for authorisation:
/// a step a manager authorises, recorded by someone who may not authorise.
pub fn needs_proposal(user: &SignedIn, event: &ChildEvent) -> bool {
    Step::of(event).is_some() && !may_decide(user, event)
}

/// Checks a manager recording an authorising step directly: not one whose start they recorded.
pub async fn may_record(state: &AppState, user: &SignedIn, child: &ChildId, event: &ChildEvent) -> Result<(), Refusal> {
    if Step::of(event).is_none() {
        return Ok(());
    }
    let id = child.clone();
    let log = state.read_store(move |s| s.child_log(&id)).await.map_err(|e| Refusal::Refused(e.to_string()))?;
    let log: Vec<_> = log.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
    duties::may_authorise(&user.username, event, &log, None).map_err(Refusal::Refused)
}

/// Sends `event` to the child's team's managers; returns the request's number.
pub async fn propose(
    state: &AppState,
    user: &SignedIn,
    child: &ChildId,
    event: ChildEvent,
    note: String,
) -> Result<Result<ItemNo, Refusal>, AppError> {
    let team = state.index().await?.child(child).and_then(|c| c.team().cloned()).or_else(|| user.team.clone());
    let done = propose_in_store(state, user, child, event, note, team).await?;
    state.sync().await?;
    Ok(done)
}

async fn propose_in_store(
    state: &AppState,
    user: &SignedIn,
    child: &ChildId,
    event: ChildEvent,
    note: String,
    team: Option<carefile_domain::TeamId>,
) -> Result<Result<ItemNo, Refusal>, AppError> {
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let id = child.clone();
    state
        .with_store(move |s| {
            let mut no = 0;
            let r = s.transaction(&mut |tx| {
                no = tx.subject::<Requests>(&id)?.map_or(1, |(r, _)| r.next_no());
                let requested = AuthorisationEvent::Requested {
                    no,
                    proposal: event.clone(),
                    note: note.clone(),
                    team: team.clone(),
                };
                tx.append::<Requests>(&id, Expected::Any, &[(recorded.clone(), requested)])?;
                Ok(())
            });
            outcome(r.map(|()| no))
        })
        .await
}

/// Authorises request `no` as `user`: checks separation of duties against the
/// child's log, writes the step as the manager's and the request's outcome together.
pub async fn authorise(
    state: &AppState,
    user: &SignedIn,
    child: &ChildId,
    no: ItemNo,
) -> Result<Result<u64, Refusal>, AppError> {
    let done = authorise_in_store(state, user, child, no).await?;
    state.sync().await?;
    Ok(done)
}

async fn authorise_in_store(
    state: &AppState,
    user: &SignedIn,
    child: &ChildId,
    no: ItemNo,
) -> Result<Result<u64, Refusal>, AppError> {
    let by = user.username.clone();
    let now = state.now();
    let id = child.clone();
    state
        .with_store(move |s| {
            let mut seq = 0;
            let r = s.transaction(&mut |tx| {
                let (requests, _) =
                    tx.subject::<Requests>(&id)?.ok_or_else(|| StoreError::Refused(format!("no request {no}")))?;
                let request = requests.get(no).ok_or_else(|| StoreError::Refused(format!("no request {no}")))?;
                if !request.is_pending() {
                    return Err(StoreError::Refused(format!("request {no} is not waiting for authorisation")));
                }
                let log: Vec<_> = tx.child_log(&id)?.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
                duties::may_authorise(&by, &request.proposal, &log, Some(&request.proposed_by))
                    .map_err(StoreError::Refused)?;
                let version = tx.child(&id)?.map(|(_, v)| v);
                let why = format!("authorised request {no}, proposed by {}", request.proposed_by);
                let recorded = Recorded::new(now, by.clone(), Some(why));
                tx.append_child(&id, version, &[(recorded.clone(), request.proposal.clone())])?;
                seq = tx.child_log(&id)?.last().map_or(0, |e| e.seq);
                let done = AuthorisationEvent::Authorised { no, seq };
                tx.append::<Requests>(&id, Expected::Any, &[(Recorded::new(now, by.clone(), None), done)])?;
                Ok(())
            });
            outcome(r.map(|()| seq))
        })
        .await
}

async fn requests(state: &AppState, child: &ChildId) -> Result<Option<Requests>, AppError> {
    let id = child.clone();
    Ok(state.read_store(move |s| s.subject::<Requests>(&id)).await?.map(|(r, _)| r))
}

fn status_tag(r: &Request) -> Markup {
    match &r.status {
        RequestStatus::Pending => tag(Colour::Blue, "Waiting"),
        RequestStatus::Returned { .. } => tag(Colour::Yellow, "Returned"),
        RequestStatus::Authorised { .. } => tag(Colour::Green, "Authorised"),
        RequestStatus::Withdrawn { .. } => tag(Colour::Grey, "Withdrawn"),
    }
}

async fn list(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/authorisations").await?;
    // Newest first.
    let mut all = requests(&state, &id).await?.map(|r| r.requests).unwrap_or_default();
    all.reverse();
    let paging = Paging::new(&q.page, all.len(), PER_PAGE);
    let path = format!("/children/{id}/authorisations");
    let newest = Sort { key: "proposed", descending: true };
    let links = Links { path: &path, keep: vec![], sort: newest, default: newest };
    const COLUMNS: [Column; 4] =
        [Column::new("Step"), Column::new("Proposed"), Column::new("By"), Column::new("Status")];
    let body = html! {
        @if all.is_empty() { p.govuk-body { "No requests for authorisation." } } @else {
            (Table::new("Requests for authorisation", &COLUMNS).hidden_caption().paged(&paging, &links, ("request", "requests")).render(paging.slice(&all).iter().map(|r| vec![
                html! { a.govuk-link href={ "/children/" (id) "/authorisations/" (r.no) } { (r.step.label()) ": " (describe(&r.proposal)) } },
                html! { (text::short_date(r.proposed_at.date_naive())) },
                html! { (state.who(&r.proposed_by)) },
                status_tag(r),
            ])))
        }
    };
    Ok(Layout::new("Requests for authorisation")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

async fn view(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, no)): Path<(String, ItemNo)>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/authorisations/{no}").await?;
    let all = requests(&state, &id).await?;
    let r =
        all.as_ref().and_then(|a| a.get(no)).ok_or_else(|| AppError::NotFound(format!("{id} has no request {no}")))?;
    let base = format!("/children/{id}/authorisations/{no}");
    let button = |action: &str, words: &str, reason: bool| {
        html! {
            form method="post" action={ (base) "/" (action) } {
                (csrf_input(&user.csrf))
                @if reason { (input(&Control::new(&format!("{action}-reason"), "reason", "Reason").required(true), "text", "", None)) }
                (components::secondary_button(words))
            }
        }
    };
    let outcome_words = match &r.status {
        RequestStatus::Pending => "Waiting for a manager".to_string(),
        RequestStatus::Returned { by, at, reason } => {
            format!("Returned by {} on {}: {reason}", state.who(by), text::date(at.date_naive()))
        }
        RequestStatus::Authorised { by, at, seq } => {
            format!("Authorised by {} on {} (entry {seq})", state.who(by), text::date(at.date_naive()))
        }
        RequestStatus::Withdrawn { by, at, reason } => {
            format!("Withdrawn by {} on {}: {reason}", state.who(by), text::date(at.date_naive()))
        }
    };
    let body = html! {
        p.govuk-body { (status_tag(r)) }
        (summary_list(&[
            SummaryRow::text("Step", r.step.label()),
            SummaryRow::text("What is proposed", &describe(&r.proposal)),
            SummaryRow::text("Proposed by", &format!("{} on {}", state.who(&r.proposed_by), text::date(r.proposed_at.date_naive()))),
            SummaryRow::new("Note to the manager", html! { @for line in r.note.lines() { (line) br; } }),
            SummaryRow::text("Outcome", &outcome_words),
        ]))
        @if r.is_pending() && may_decide(&user, &r.proposal) && r.proposed_by != user.username {
            (components::button_group(html! { (button("authorise", "Authorise", false)) }))
            (components::details("Return it with reasons", button("return", "Return", true)))
        }
        @if matches!(r.status, RequestStatus::Pending | RequestStatus::Returned { .. }) && r.proposed_by == user.username {
            (components::details("Withdraw this request", button("withdraw", "Withdraw", true)))
        }
    };
    Ok(Layout::new(r.step.label())
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}/authorisations"), "All requests")
        .render(body))
}

async fn act(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, no, action)): Path<(String, ItemNo, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, _) = open(&state, &user, &raw, "POST /children/{id}/authorisations/{no}/{action}").await?;
    let reason = Sent(pairs).get("reason").to_string();
    if action != "withdraw" {
        // Authorising or returning a step needs the permission to record it.
        let all = requests(&state, &id).await?;
        let r = all.as_ref().and_then(|a| a.get(no)).ok_or_else(|| AppError::NotFound(format!("{id} has no request {no}")))?;
        if !may_decide(&user, &r.proposal) {
            return Err(AppError::Forbidden(format!("your role cannot authorise {}", r.step.label().to_lowercase())));
        }
    }
    let done = match action.as_str() {
        "authorise" => {
            authorise(&state, &user, &id, no).await?.map(|_| ())
        }
        "return" | "withdraw" => {
            let event = if action == "return" {
                AuthorisationEvent::Returned { no, reason }
            } else {
                AuthorisationEvent::Withdrawn { no, reason }
            };
            let recorded = Recorded::new(state.now(), user.username.clone(), None);
            let child = id.clone();
            state
                .with_store(move |s| outcome(s.append::<Requests>(&child, Expected::Any, &[(recorded, event)])))
                .await?
                .map(|_| ())
        }
        other => return Err(AppError::NotFound(format!("no action '{other}'"))),
    };
    match done {
        Ok(()) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/children/{id}/authorisations/{no}")).into_response())
        }
        Err(why) => Err(AppError::BadRequest(why.to_string())),
    }
}
