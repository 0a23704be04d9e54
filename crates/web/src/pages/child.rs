//! A child's page: who they are, where they stand (CIN, CP, looked after,
//! care leaver), allocated worker, what is due, plans, placements, reviews
//! and the chronology. Opening it is audited; a restricted record without a
//! grant shows the break-glass form instead.

use super::{csrf_input, layout};
use crate::access::{break_glass as open_by_breaking_glass, open_child};
use crate::auth::SignedIn;
use crate::{AppError, AppState};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carefile_domain::journey::chronology::{Entry, chronology};
use carefile_domain::{ChildId, ChildRecord};
use maud::{Markup, html};
use serde::Deserialize;

/// The record and its chronology, read from the store.
pub async fn load(state: &AppState, id: &ChildId) -> Result<(ChildRecord, Vec<Entry>), AppError> {
    let id = id.clone();
    let (record, log) = state.read_store(move |s| Ok((s.child(&id)?, s.child_log(&id)?))).await?;
    let (record, _) = record.ok_or_else(|| AppError::NotFound("the record is gone".into()))?;
    let log: Vec<_> = log.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
    Ok((record, chronology(&log)))
}

pub fn parse_id(raw: &str) -> Result<ChildId, AppError> {
    ChildId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))
}

pub async fn page(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    let summary = match open_child(&state, &user, &id, "GET /children/{id}", false).await {
        Err(AppError::BreakGlass(id)) => return Ok(break_glass_form(&user, &id).into_response()),
        other => other?,
    };
    let (record, entries) = load(&state, &id).await?;
    let index = state.index().await?;
    let due = index.due(&id).to_vec();
    drop(index);
    let org = state.org();
    let staff_name = |w: &carefile_domain::WorkerId| org.staff.get(w).map_or(w.to_string(), |s| s.name.clone());
    let team_name = |t: &carefile_domain::TeamId| org.teams.get(t).map_or(t.to_string(), |x| x.name.clone());
    let body = html! {
        @if user.broken_glass.contains(&id) { p.restricted { "Restricted record, opened by breaking glass: every view is audited." } }
        dl {
            dt { "ID" } dd { (summary.id) }
            dt { "Date of birth" } dd { @if let Some(d) = summary.dob { (d) } @else { "not born yet / not recorded" } }
            dt { "Status on " (state.today()) } dd { (summary.status_words().join(", ")) }
            dt { "Allocated worker" } dd {
                @match (&summary.worker, &summary.team) {
                    (Some(w), Some(t)) => { (staff_name(w)) ", " (team_name(t)) }
                    (Some(w), None) => { (staff_name(w)) }
                    (None, Some(t)) => { "unallocated, " (team_name(t)) }
                    (None, None) => { "unallocated" }
                }
            }
        }
        p { a href={ "/children/" (id) "/record" } { "Record something" } }
        p { a href={ "/children/" (id) "/notes" } { "Notes" } " · " a href={ "/children/" (id) "/documents" } { "Documents" }
            " · " a href={ "/children/" (id) "/chronology" } { "Full chronology" } }
        h2 { "Due and overdue" }
        @if due.is_empty() { p { "Nothing due." } }
        ul { @for r in &due { li class=[(r.status == carefile_domain::timescales::Status::Overdue).then_some("overdue")] { (r.item.label()) ": " (r.due) } } }
        h2 { "Plans" }
        (plans(&record))
        h2 { "Placements" }
        (placements(&record))
        h2 { "Reviews" }
        (reviews(&record))
        h2 { "Chronology" }
        table {
            thead { tr { th { "Date" } th { "What happened" } th { "Recorded by" } th {} } }
            tbody {
                @for e in &entries {
                    tr {
                        td { (e.date.unwrap_or(e.recorded_on)) @if let Some(t) = &e.time { " " (t) } }
                        td { (e.text) @if let Some(s) = &e.superseded { " (" (s) ")" } }
                        td { (e.recorded_by) }
                        td { @if e.superseded.is_none() { a href={ "/children/" (id) "/correct/" (e.seq) } { "Correct" } } }
                    }
                }
            }
        }
    };
    Ok(layout(&summary.name, Some(&user), body).into_response())
}

fn plans(r: &ChildRecord) -> Markup {
    let cp = r.referrals.iter().flat_map(|x| &x.cp_plans);
    let cin = r.referrals.iter().flat_map(|x| &x.cin_plans);
    html! {
        ul {
            @for p in cp {
                li { "Child protection plan from " (p.start) @if let Some(e) = p.end { " to " (e) } @else { " (open)" }
                     ", category: " (p.latest_category.label()) }
            }
            @for p in cin {
                li { "Child in need plan from " (p.start) @if let Some(e) = p.end { " to " (e) } @else { " (open)" } }
            }
            @for p in &r.permanence_plans { li { "Permanence plan on " (p.date) ": " (format!("{:?}", p.value)) } }
        }
    }
}

fn placements(r: &ChildRecord) -> Markup {
    html! {
        @if r.care.is_empty() { p { "Never looked after." } }
        @for period in &r.care {
            p { "Looked after from " (period.start) @if let Some((e, why)) = &period.end { " to " (e) " (" (why.label()) ")" } }
            table {
                thead { tr { th { "From" } th { "Legal status" } th { "Placement" } } }
                tbody { @for c in &period.changes {
                    tr { td { (c.date) } td { (c.legal_status.code()) " " (c.legal_status.label()) } td { (c.placement.kind.code()) " " (c.placement.kind.label()) } }
                } }
            }
        }
    }
}

fn reviews(r: &ChildRecord) -> Markup {
    let cp: Vec<_> = r.referrals.iter().flat_map(|x| &x.cp_plans).flat_map(|p| &p.reviews).collect();
    html! {
        @if cp.is_empty() && r.lac_reviews.is_empty() { p { "No reviews recorded." } }
        ul {
            @for d in cp { li { "Child protection review conference, " (d) } }
            @for d in &r.lac_reviews { li { "Looked-after review, " (d.date) " (" (d.value.label()) ")" } }
        }
    }
}

fn break_glass_form(user: &SignedIn, id: &ChildId) -> (axum::http::StatusCode, Markup) {
    let body = html! {
        p.restricted { "The record of " (id) " is restricted. You have no grant to open it. "
            "You may open it in an emergency by giving your reason: it is written to the audit log and reviewed." }
        form method="post" action={ "/children/" (id) "/break-glass" } {
            (csrf_input(&user.csrf))
            label for="reason" { "Why you need to open this record" }
            textarea #reason name="reason" rows="3" cols="60" required minlength="10" {}
            p { button type="submit" { "Open the record (break glass)" } }
        }
    };
    (axum::http::StatusCode::FORBIDDEN, layout("Restricted record", Some(user), body))
}

#[derive(Deserialize)]
pub struct Reason {
    reason: String,
}

pub async fn break_glass(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<Reason>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    open_by_breaking_glass(&state, &user, &id, &f.reason).await?;
    Ok(Redirect::to(&format!("/children/{id}")).into_response())
}
