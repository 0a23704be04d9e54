//! Transfers between teams with an accept step (`carefile_work::transfer`):
//! a manager of the team holding a child proposes another team; the
//! receiving team's managers see the proposal on their queue, open it (the
//! child as if already theirs, only for this page while it waits: audited as
//! an incoming transfer), and accept it with one of their workers (the
//! allocation is written as theirs in the same transaction) or decline it
//! with a reason. The sending team keeps the child until then, may withdraw
//! the proposal, and notes a decline.

use super::sent::{Errors, Sent};
use crate::access::{Gate, audit};
use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::ui::components::{
    self, Colour, Column, Control, SummaryRow, Table, button, date_input, error_summary, input, select, summary_list,
    tag, textarea,
};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, open, outcome};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::access::{Access, AuditAction};
use carefile_domain::codes::SocialWorkerChangeReason;
use carefile_domain::org::StaffRole;
use carefile_domain::{ChildEvent, ChildId, ItemNo, Recorded, TeamId, WorkerId};
use carefile_store::{Expected, StoreError, Subjects, TxSubjects};
use carefile_work::{Transfer, TransferEvent, TransferStatus, Transfers};
use chrono::NaiveDate;
use maud::{Markup, html};

/// The permission to propose, accept, decline, withdraw and note transfers.
pub const KEY: &str = "child.transfer";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/transfers", get(list).post(propose))
        .route("/children/{id}/transfers/{no}", get(view))
        .route("/children/{id}/transfers/{no}/{action}", post(act))
}

async fn transfers(state: &AppState, child: &ChildId) -> Result<Option<Transfers>, AppError> {
    let id = child.clone();
    Ok(state.read_store(move |s| s.subject::<Transfers>(&id)).await?.map(|(t, _)| t))
}

/// Whether the policy lets `user` do transfers to a child as it stands (the sending side).
fn sending(state: &AppState, user: &SignedIn, child: &ChildSummary) -> bool {
    Gate::new(state, user).access(child, KEY) == Access::Allow
}

/// Whether `user` may act for the receiving team of a waiting transfer: the
/// policy's answer for the child as if the receiving team already held it.
fn receiving(state: &AppState, user: &SignedIn, child: &ChildSummary, t: &Transfer) -> bool {
    if !t.is_pending() {
        return false;
    }
    let mut received = child.clone();
    received.facts.team = Some(t.to.clone());
    received.facts.worker = None;
    Gate::new(state, user).access(&received, KEY) == Access::Allow
}

/// Opens transfer `no` of a child for `route`: through the policy as the record
/// stands, or for the receiving team's managers while it waits (audited as such).
async fn open_transfer(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    no: ItemNo,
    route: &str,
) -> Result<(ChildId, ChildSummary, Transfer), AppError> {
    let id = super::child::parse_id(raw)?;
    let found = state.index().await?.child(&id).cloned();
    let t = match &found {
        Some(_) => transfers(state, &id).await?.and_then(|all| all.get(no).cloned()),
        None => None,
    };
    if let (Some(child), Some(t)) = (&found, &t)
        && receiving(state, user, child, t)
        && !sending(state, user, child)
    {
        let action = if route.starts_with("GET ") { AuditAction::ViewChild } else { AuditAction::ChangeChild };
        audit(state, &user.username, action, Some(&id), format!("{route} (incoming transfer {no})")).await?;
        return Ok((id, child.clone(), t.clone()));
    }
    let (id, child) = open(state, user, raw, route).await?;
    let t = t.ok_or_else(|| AppError::NotFound(format!("{id} has no transfer {no}")))?;
    Ok((id, child, t))
}

fn status_tag(t: &Transfer) -> Markup {
    match &t.status {
        TransferStatus::Pending => tag(Colour::Blue, "Waiting"),
        TransferStatus::Accepted { .. } => tag(Colour::Green, "Accepted"),
        TransferStatus::Declined { .. } => tag(Colour::Yellow, "Declined"),
        TransferStatus::Withdrawn { .. } => tag(Colour::Grey, "Withdrawn"),
    }
}

/// Teams a child may move to: every team but the one holding it, by name.
fn teams(state: &AppState, holding: Option<&TeamId>) -> Vec<(String, String)> {
    let org = state.org();
    let mut out: Vec<(String, String)> = org
        .teams
        .values()
        .filter(|t| Some(&t.id) != holding)
        .map(|t| (t.id.to_string(), format!("{} ({})", t.name, t.service.label())))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Who the receiving team can allocate on `date`: its staff in post, not
/// reviewing officers, nor the child's own reviewing officer or chair.
fn allocatable(state: &AppState, team: &TeamId, date: NaiveDate, reviewers: &[WorkerId]) -> Vec<(String, String)> {
    let org = state.org();
    let mut out: Vec<(String, String)> = org
        .staff
        .values()
        .filter(|s| s.in_post(date) && s.team_on(date) == Some(team))
        .filter(|s| s.role != StaffRole::ReviewingOfficer && !reviewers.contains(&s.id))
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn reasons() -> Vec<(String, String)> {
    SocialWorkerChangeReason::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

async fn list(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Response, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/transfers").await?;
    Ok(list_page(&state, &user, &id, &child, &Sent::default(), &Errors::default()).await?.into_response())
}

async fn list_page(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    child: &ChildSummary,
    sent: &Sent,
    errors: &Errors,
) -> Result<Markup, AppError> {
    let all = transfers(state, id).await?.map(|t| t.transfers).unwrap_or_default();
    let pending = all.iter().any(Transfer::is_pending);
    let org = state.org().clone();
    let accounts = state.accounts().clone();
    const COLUMNS: [Column; 4] = [Column::new("Transfer"), Column::new("Proposed"), Column::new("By"), Column::new("Status")];
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let reason = if sent.get("reason").is_empty() { SocialWorkerChangeReason::Tsproc.code() } else { sent.get("reason") };
    let body = html! {
        (error_summary(&errors.problems()))
        p.govuk-body { "Held by " strong { (child.team().map_or("no team", |t| text::team(&org, t))) } "." }
        @if all.is_empty() { p.govuk-body { "No transfers proposed." } } @else {
            (Table::new("Transfers", &COLUMNS).hidden_caption().render(all.iter().rev().map(|t| vec![
                html! { a.govuk-link href={ "/children/" (id) "/transfers/" (t.no) } { "From " (text::team(&org, &t.from)) " to " (text::team(&org, &t.to)) } },
                html! { (text::short_date(t.proposed.at.date_naive())) },
                html! { (text::recorder(&org, &accounts, &t.proposed.by)) },
                status_tag(t),
            ])))
        }
        @if sending(state, user, child) && child.team().is_some() && !pending {
            h2.govuk-heading-m { "Propose a transfer" }
            p.govuk-body { "The receiving team's managers accept it with a worker, or decline it. Your team keeps the child until then." }
            form method="post" action={ "/children/" (id) "/transfers" } novalidate {
                (csrf_input(&user.csrf))
                (select(&c("to", "To team").required(true), &teams(state, child.team()), &[sent.get("to").to_string()], false))
                (select(&c("reason", "Reason for the change of worker").required(true), &reasons(), &[reason.to_string()], false))
                (textarea(&c("note", "Note to the receiving team (optional)"), sent.get("note"), 4))
                (components::button_group(html! { (button("Propose the transfer")) }))
            }
        }
    };
    Ok(Layout::new("Transfers between teams")
        .caption(&child.name)
        .user(Some(user))
        .errors(!errors.is_empty())
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

async fn propose(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = super::child::parse_id(&raw)?;
    let child = crate::access::open_child(&state, &user, &id, "POST /children/{id}/transfers", KEY).await?;
    let sent = Sent(pairs);
    let mut errors = Errors::default();
    let to = TeamId::new(sent.get("to")).ok().filter(|t| teams(&state, child.team()).iter().any(|(v, _)| v == t.as_str()));
    if to.is_none() {
        errors.field("to", "Select the team the child moves to");
    }
    let reason = SocialWorkerChangeReason::from_code(sent.get("reason"));
    if reason.is_none() {
        errors.field("reason", "Select the reason for the change of worker");
    }
    let (Some(to), Some(reason), true) = (to, reason, errors.is_empty()) else {
        let page = list_page(&state, &user, &id, &child, &sent, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let (child_id, note) = (id.clone(), sent.get("note").to_string());
    let done = state
        .with_store(move |s| {
            let mut no = 0;
            let r = s.transaction(&mut |tx| {
                let (record, _) =
                    tx.child(&child_id)?.ok_or_else(|| StoreError::UnknownChild(child_id.to_string()))?;
                let from = record.allocations.last().and_then(|a| a.team.clone());
                let from = from.ok_or_else(|| StoreError::Refused("no team holds the child: allocate it instead".into()))?;
                no = tx.subject::<Transfers>(&child_id)?.map_or(1, |(t, _)| t.next_no());
                let e = TransferEvent::Proposed { no, from, to: to.clone(), reason, note: note.clone() };
                tx.append::<Transfers>(&child_id, Expected::Any, &[(recorded.clone(), e)])?;
                Ok(())
            });
            outcome(r.map(|()| no))
        })
        .await?;
    match done {
        Ok(no) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/children/{id}/transfers/{no}")).into_response())
        }
        Err(why) => {
            errors.refused(&why.to_string(), &[("note", &["note"]), ("to", &["team", "holds"])]);
            let page = list_page(&state, &user, &id, &child, &sent, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn view(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, no)): Path<(String, ItemNo)>,
) -> Result<Markup, AppError> {
    let (id, child, t) = open_transfer(&state, &user, &raw, no, "GET /children/{id}/transfers/{no}").await?;
    view_page(&state, &user, &id, &child, &t, &Sent::default(), &Errors::default()).await
}

/// The child's reviewing officers and chairs now (never allocated as the worker).
async fn reviewers(state: &AppState, id: &ChildId) -> Result<Vec<WorkerId>, AppError> {
    let (child, today) = (id.clone(), state.today());
    let record = state.read_store(move |s| s.child(&child)).await?;
    Ok(record.map(|(r, _)| r.reviewers_on(today).into_iter().map(|a| a.worker.clone()).collect()).unwrap_or_default())
}

async fn view_page(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    child: &ChildSummary,
    t: &Transfer,
    sent: &Sent,
    errors: &Errors,
) -> Result<Markup, AppError> {
    let org = state.org().clone();
    let accounts = state.accounts().clone();
    let who = |b: &carefile_work::transfer::By| format!("{} on {}", text::recorder(&org, &accounts, &b.by), text::date(b.at.date_naive()));
    let outcome_words = match &t.status {
        TransferStatus::Pending => format!("Waiting for a manager of {}", text::team(&org, &t.to)),
        TransferStatus::Accepted { by, date, worker, .. } => {
            format!("Accepted by {}: allocated to {} from {}", who(by), text::worker(&org, worker), text::date(*date))
        }
        TransferStatus::Declined { by, reason, noted } => format!(
            "Declined by {}: {reason}{}",
            who(by),
            noted.as_ref().map_or(String::new(), |n| format!(" (noted by {})", who(n)))
        ),
        TransferStatus::Withdrawn { by, reason } => format!("Withdrawn by {}: {reason}", who(by)),
    };
    let base = format!("/children/{id}/transfers/{}", t.no);
    let c = |id: &'static str, name: &'static str, label: &'static str| Control::new(id, name, label).errors(errors.of(id));
    let (may_send, may_receive) = (sending(state, user, child), receiving(state, user, child, t));
    let workers = if may_receive { allocatable(state, &t.to, state.today(), &reviewers(state, id).await?) } else { vec![] };
    let today = state.today();
    // What the receiving team weighs before taking the child on (risks to staff, the work owed), not the record itself.
    let (alerts, due) = if t.is_pending() {
        (super::people::current_alerts(state, id).await?, state.index().await?.due(id).to_vec())
    } else {
        (vec![], vec![])
    };
    let date_value = if sent.get("date-day").is_empty() {
        (today.format("%-d").to_string(), today.format("%-m").to_string(), today.format("%Y").to_string())
    } else {
        let (d, m, y) = sent.date_value("date");
        (d.to_string(), m.to_string(), y.to_string())
    };
    let body = html! {
        (error_summary(&errors.problems()))
        p.govuk-body { (status_tag(t)) }
        (summary_list(&[
            SummaryRow::text("Child", &format!("{}{}", child.name, child.dob.map_or(String::new(), |d| format!(", born {}", text::date(d))))),
            SummaryRow::text("Status", &child.status_words().join(", ")),
            SummaryRow::text("Now held by", &format!("{}{}", text::team(&org, &t.from),
                child.worker().map_or(String::new(), |w| format!(", allocated to {}", text::worker(&org, w))))),
            SummaryRow::text("Proposed move to", text::team(&org, &t.to)),
            SummaryRow::text("Reason for the change of worker", t.reason.label()),
            SummaryRow::text("Proposed by", &who(&t.proposed)),
            SummaryRow::new("Note to the receiving team", html! { @for line in t.note.lines() { (line) br; } }),
            SummaryRow::text("Outcome", &outcome_words),
        ]))
        @if t.is_pending() {
            h2.govuk-heading-m { "Alerts" }
            @for a in &alerts { (super::people::alert_warning(a)) }
            @if alerts.is_empty() { p.govuk-body { "No current alerts." } }
            (super::child::due_table(&due, today))
            @if may_receive {
                p.govuk-body { "This is a summary. The child's record (chronology, case notes, documents and plans) opens to your team when you accept." }
            }
        }
        @if may_receive {
            h2.govuk-heading-m { "Accept the transfer" }
            @if workers.is_empty() { p.govuk-body { "Your team has no worker in post to allocate." } } @else {
                form method="post" action={ (base) "/accept" } novalidate {
                    (csrf_input(&user.csrf))
                    (select(&c("worker", "worker", "Allocate to").required(true), &workers, &[sent.get("worker").to_string()], false))
                    (date_input(&c("date", "date", "From"), (&date_value.0, &date_value.1, &date_value.2)))
                    (components::button_group(html! { (button("Accept and allocate")) }))
                }
            }
            (components::details("Decline it with a reason", html! {
                form method="post" action={ (base) "/decline" } {
                    (csrf_input(&user.csrf))
                    (input(&c("decline-reason", "reason", "Why your team cannot take the child").required(true), "text", "", None))
                    (components::secondary_button("Decline"))
                }
            }))
        }
        @if may_send && t.is_pending() {
            (components::details("Withdraw this transfer", html! {
                form method="post" action={ (base) "/withdraw" } {
                    (csrf_input(&user.csrf))
                    (input(&c("withdraw-reason", "reason", "Why").required(true), "text", "", None))
                    (components::secondary_button("Withdraw"))
                }
            }))
        }
        @if may_send && t.awaits_noting() {
            p.govuk-body { "The child stays with " (text::team(&org, &t.from)) ". Note the decline, or propose another team from the "
                a.govuk-link href={ "/children/" (id) "/transfers" } { "transfers page" } "." }
            form method="post" action={ (base) "/note" } {
                (csrf_input(&user.csrf))
                (components::secondary_button("Note the decline"))
            }
        }
    };
    let back = if may_send || !may_receive { (format!("/children/{id}/transfers"), "All transfers") } else { ("/tray".to_string(), "Back to my tray") };
    Ok(Layout::new("Transfer between teams")
        .caption(&child.name)
        .user(Some(user))
        .errors(!errors.is_empty())
        .back(&back.0, back.1)
        .render(body))
}

async fn act(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, no, action)): Path<(String, ItemNo, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, child, t) = open_transfer(&state, &user, &raw, no, "POST /children/{id}/transfers/{no}/{action}").await?;
    let sent = Sent(pairs);
    let (may_send, may_receive) = (sending(&state, &user, &child), receiving(&state, &user, &child, &t));
    let refuse = |what: &str| AppError::Forbidden(format!("only a manager of the {what} team may do that"));
    let mut errors = Errors::default();
    if matches!(action.as_str(), "accept" | "decline" | "withdraw") && !t.is_pending() {
        errors.form(format!("Transfer {no} is no longer waiting for the receiving team"));
        let page = view_page(&state, &user, &id, &child, &t, &sent, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let done = match action.as_str() {
        "accept" => {
            if !may_receive {
                return Err(refuse("receiving"));
            }
            let date = errors.date(&sent, "date", "The date the allocation starts");
            let workers = allocatable(&state, &t.to, date.unwrap_or(state.today()), &reviewers(&state, &id).await?);
            let worker = WorkerId::new(sent.get("worker")).ok().filter(|w| workers.iter().any(|(v, _)| v == w.as_str()));
            if worker.is_none() {
                errors.field("worker", "Select a worker of your team in post on that date");
            }
            match (date, worker) {
                (Some(date), Some(worker)) if errors.is_empty() => accept(&state, &user, &id, no, date, worker).await?,
                _ => Err(Refusal::Refused(String::new())),
            }
        }
        "decline" | "withdraw" | "note" => {
            let reason = sent.get("reason").to_string();
            let event = match action.as_str() {
                "decline" if may_receive => TransferEvent::Declined { no, reason },
                "decline" => return Err(refuse("receiving")),
                _ if !may_send => return Err(refuse("sending")),
                "withdraw" => TransferEvent::Withdrawn { no, reason },
                _ => TransferEvent::Noted { no },
            };
            let recorded = Recorded::new(state.now(), user.username.clone(), None);
            let child_id = id.clone();
            state.with_store(move |s| outcome(s.append::<Transfers>(&child_id, Expected::Any, &[(recorded, event)]))).await?.map(|_| ())
        }
        other => return Err(AppError::NotFound(format!("no action '{other}'"))),
    };
    match done {
        Ok(()) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/children/{id}/transfers/{no}")).into_response())
        }
        Err(why) => {
            let message = why.to_string();
            if !message.is_empty() {
                errors.refused(&message, &[("date", &["date", "before", "after"]), ("decline-reason", &["reason"])]);
            }
            let page = view_page(&state, &user, &id, &child, &t, &sent, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Accepts transfer `no` as `user`: the allocation written to the child's log as
/// theirs and the transfer's outcome, in one transaction; refused if the child
/// moved team since the proposal.
async fn accept(
    state: &AppState,
    user: &SignedIn,
    child: &ChildId,
    no: ItemNo,
    date: NaiveDate,
    worker: WorkerId,
) -> Result<Result<(), Refusal>, AppError> {
    let (by, now, id, org) = (user.username.clone(), state.now(), child.clone(), state.org().clone());
    Ok(state
        .with_store(move |s| {
            let r = s.transaction(&mut |tx| {
                let no_transfer = || StoreError::Refused(format!("no transfer {no}"));
                let (all, _) = tx.subject::<Transfers>(&id)?.ok_or_else(no_transfer)?;
                let t = all.get(no).ok_or_else(no_transfer)?;
                if !t.is_pending() {
                    return Err(StoreError::Refused(format!("transfer {no} is not waiting for the receiving team")));
                }
                let (record, version) = tx.child(&id)?.ok_or_else(|| StoreError::UnknownChild(id.to_string()))?;
                if record.allocations.last().and_then(|a| a.team.as_ref()) != Some(&t.from) {
                    return Err(StoreError::Refused(format!(
                        "the child is no longer held by {} as when the transfer was proposed: it must be withdrawn",
                        t.from
                    )));
                }
                let allocated = ChildEvent::WorkerAllocated { date, worker: worker.clone(), team: t.to.clone(), reason: Some(t.reason) };
                carefile_domain::reviewing::independent(&org, &record, &allocated).map_err(StoreError::Refused)?;
                let why = format!("accepted transfer {no} from {}, proposed by {}", t.from, t.proposed.by);
                tx.append_child(&id, Some(version), &[(Recorded::new(now, by.clone(), Some(why)), allocated)])?;
                let seq = tx.child_log(&id)?.last().map_or(0, |e| e.seq);
                let done = TransferEvent::Accepted { no, date, worker: worker.clone(), seq };
                tx.append::<Transfers>(&id, Expected::Any, &[(Recorded::new(now, by.clone(), None), done)])?;
                Ok(())
            });
            outcome(r)
        })
        .await?)
}
