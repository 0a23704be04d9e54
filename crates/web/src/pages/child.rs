//! A child's page: who they are, where they stand (CIN, CP, looked after,
//! care leaver), allocated worker and team by name, what is due, plans,
//! placements, reviews and the latest entries, with links to the whole
//! chronology, notes, documents and plans. Opening it is audited; a
//! restricted record without a grant shows the page that explains and offers
//! break glass instead.

use super::{Layout, csrf_input};
use crate::access::{READ, break_glass as open_by_breaking_glass, open_child, state_reason};
use crate::auth::SignedIn;
use crate::ui::components::{
    Colour, Column, Control, SummaryRow, Table, button, button_group, button_link, due_cell, error_summary,
    notification, radios, summary_list, tag, textarea, warning, warning_button,
};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carefile_domain::journey::PermanencePlan;
use carefile_domain::journey::chronology::{Entry, chronology_named};
use carefile_domain::access::{Accounts, OpeningKind};
use carefile_domain::org::Organisation;
use carefile_domain::people::Merge;
use carefile_domain::{ChildId, ChildRecord};
use carefile_store::{EventStore, StoreError, StoredEvent, Subjects};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use maud::{Markup, html};
use serde::Deserialize;

/// The record and its chronology, read from the store.
pub async fn load(state: &AppState, id: &ChildId) -> Result<(ChildRecord, Vec<Entry>), AppError> {
    load_merged(state, id).await.map(|(r, e, _)| (r, e))
}

/// A child's log with the logs of records merged into it, in the order
/// recorded, and which entries are theirs (by entry, the record's id).
pub(crate) fn merged_log(
    s: &dyn EventStore,
    id: &ChildId,
) -> Result<(Vec<StoredEvent>, BTreeMap<u64, ChildId>), StoreError> {
    let mut log = s.child_log(id)?;
    let mut merged = BTreeMap::new();
    for (m, _) in s.subjects::<Merge>(Some(id.as_str()))? {
        if m.survivor.as_ref() == Some(id) {
            let theirs = s.child_log(&m.duplicate)?;
            merged.extend(theirs.iter().map(|e| (e.seq, m.duplicate.clone())));
            log.extend(theirs);
        }
    }
    log.sort_by_key(|e| e.seq);
    Ok((log, merged))
}

/// [`load`], and which entries came from records merged into this one (by
/// entry, the record's id): they are corrected on their own record, never here.
async fn load_merged(
    state: &AppState,
    id: &ChildId,
) -> Result<(ChildRecord, Vec<Entry>, BTreeMap<u64, ChildId>), AppError> {
    let id = id.clone();
    let (record, (log, merged)) = state.read_store(move |s| Ok((s.child(&id)?, merged_log(s, &id)?))).await?;
    let (record, _) = record.ok_or_else(|| AppError::NotFound("the record is gone".into()))?;
    let log: Vec<_> = log.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
    let entries = chronology_named(&log, &super::chronology::staff_name(&state.org()));
    Ok((record, entries, merged))
}

/// A malformed ID is answered as a missing record is.
pub fn parse_id(raw: &str) -> Result<ChildId, AppError> {
    ChildId::new(raw).map_err(|_| AppError::NotFound("There is no such record that you can open.".into()))
}

/// Entries of the chronology the child's page shows (the newest); the rest are on the chronology page.
const LATEST: usize = 10;

pub async fn page(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    if state.index().await?.child(&id).is_none() {
        let old = id.clone();
        if let Some(survivor) = state.read_store(move |s| s.merged_into(&old)).await? {
            return Ok(Redirect::to(&format!("/children/{survivor}")).into_response());
        }
    }
    let summary = match open_child(&state, &user, &id, "GET /children/{id}", READ).await {
        Err(AppError::BreakGlass(id)) => return Ok(break_glass_form(&user, &id, None).into_response()),
        Err(AppError::NeedsReason(id)) => return Ok(reason_form(&user, &id, None).into_response()),
        other => other?,
    };
    let (record, entries, merged_entries) = load_merged(&state, &id).await?;
    let today = state.today();
    let due = state.index().await?.due(&id).to_vec();
    let allocation = {
        let org = state.org();
        match (summary.worker(), summary.team()) {
            (Some(w), Some(t)) => format!("{}, {}", text::worker(&org, w), text::team(&org, t)),
            (Some(w), None) => text::worker(&org, w).to_string(),
            (None, Some(t)) => format!("Unallocated, {}", text::team(&org, t)),
            (None, None) => "Unallocated".to_string(),
        }
    };
    let alerts = super::people::current_alerts(&state, &id).await?;
    let merged = super::merge::merged_here(&state, &user, &id).await?;
    let record_href = format!("/children/{id}/record");
    let chronology_href = format!("/children/{id}/chronology");
    let body = html! {
        @for a in &alerts { (super::people::alert_warning(a)) }
        @match user.openings.get(&id) {
            Some(o) if o.kind == OpeningKind::BreakGlass => {
                (notification(false, "Restricted record, opened by breaking glass", Some(html! {
                    p.govuk-body { "Open to you until " (o.until.format("%H:%M")) " (UTC). Every view is audited and your manager reviews your reason." } })))
            }
            Some(o) => {
                (notification(false, "Opened with your stated reason", Some(html! {
                    p.govuk-body { "Open to you until " (o.until.format("%H:%M")) " (UTC). Every view is audited." } })))
            }
            None => {}
        }
        (summary_list(&[
            SummaryRow::text("ID", summary.id.as_str()),
            SummaryRow::text("Date of birth", &summary.dob.map_or("Not born yet, or not recorded".into(), text::date)),
            SummaryRow::text(&format!("Status on {}", text::date(today)), &summary.status_words().join(", ")),
            SummaryRow::text("Allocated worker", &allocation),
        ]))
        (button_group(html! {
            (button_link(&record_href, "Record something", false))
            (button_link(&format!("/children/{id}/notes/new"), "Write a case note", true))
        }))
        nav aria-label="The child's record" {
            ul.govuk-list {
                li { a.govuk-link href=(chronology_href) { "Chronology: entries, notes and documents" } }
                li { a.govuk-link href={ "/children/" (id) "/notes" } { "Case notes" } }
                li { a.govuk-link href={ "/children/" (id) "/documents" } { "Documents" } }
                li { a.govuk-link href={ "/children/" (id) "/plans" } { "Plans" } }
                li { a.govuk-link href={ "/children/" (id) "/people" } { "People and alerts" } }
                @if user.may(super::viewers::KEY) { li { a.govuk-link href={ "/children/" (id) "/viewers" } { "Who has seen this record" } } }
                li { a.govuk-link href={ "/children/" (id) "/authorisations" } { "Requests for authorisation" } }
                @if user.may("task.set") { li { a.govuk-link href=(super::tasks::new_task_href(&id)) { "Set a task about this child" } } }
                li { a.govuk-link href={ "/children/" (id) "/reviewing" } { "Reviewing officer's and chair's record" } }
                @if user.may(super::transfers::KEY) { li { a.govuk-link href={ "/children/" (id) "/transfers" } { "Transfer to another team" } } }
                @if user.may("child.merge") { li { a.govuk-link href={ "/children/" (id) "/merge" } { "Merge this record into another record of the same child" } } }
            }
        }
        (due_table(&due, today))
        (merged)
        (plans(&record))
        (placements(&record))
        (reviews(&record))
        (chronology_table(&state, &id, &merged_entries, "Latest entries", newest_first(&entries).iter().take(LATEST).copied()))
        p.govuk-body { a.govuk-link href=(chronology_href) { "See the whole chronology (" (text::count(entries.len(), "entry", "entries")) " on the record, with notes and documents)" } }
    };
    Ok(Layout::new(&summary.name).caption("Child's record").user(Some(&user)).render(body).into_response())
}

/// The child's due and overdue items, as the child's page and an incoming transfer show them.
pub fn due_table(due: &[carefile_domain::timescales::DueRow], today: NaiveDate) -> Markup {
    html! {
        (Table::new("Due and overdue", &[Column::new("What is due"), Column::new("Due date")]).id("due").render(
            due.iter().map(|r| vec![html! { (r.item.label()) }, due_cell(r.status, r.due.date, today)])))
        @if due.is_empty() { p.govuk-body { "Nothing is due." } }
    }
}

/// The chronology, newest first (the order of `chronology()` reversed: by date, ties by recording).
fn newest_first(entries: &[Entry]) -> Vec<&Entry> {
    entries.iter().rev().collect()
}

/// Rows of the chronology with, for each entry still standing, its correction link.
fn chronology_table<'a>(
    state: &AppState,
    id: &ChildId,
    merged: &BTreeMap<u64, ChildId>,
    caption: &str,
    entries: impl Iterator<Item = &'a Entry>,
) -> Markup {
    let columns = [Column::new("Date"), Column::new("What happened"), Column::new("Recorded by"), Column::new("Action")];
    let (org, accounts) = (state.org(), state.accounts());
    Table::new(caption, &columns)
        .id("chronology")
        .render(entries.map(|e| chronology_row(&org, &accounts, id, merged.get(&e.seq), e)))
}

fn chronology_row(org: &Organisation, accounts: &Accounts, id: &ChildId, from: Option<&ChildId>, e: &Entry) -> Vec<Markup> {
    let when = text::date(e.date.unwrap_or(e.recorded_on));
    // Ordinary entries still standing can be corrected or withdrawn; the registration is amended;
    // an entry of a record merged into this one is changed on that record (after an unmerge).
    let changeable =
        from.is_none() && e.superseded.is_none() && !matches!(e.kind, "corrected" | "retracted" | "registered");
    let superseded = |s: &str| tag(Colour::Grey, if s.starts_with("withdrawn") { "Withdrawn" } else { "Corrected" });
    vec![
        html! { (text::short_date(e.date.unwrap_or(e.recorded_on))) @if let Some(t) = &e.time { " " (t) } },
        html! {
            (e.text) @if let Some(s) = &e.superseded { " " (superseded(s)) br; span.app-count { (s) } }
            // A correction shows what it changed, field by field, and why.
            @if !e.changes.is_empty() {
                ul.govuk-list { @for c in &e.changes { li { (c.label) ": " del { (c.from) } " → " ins { (c.to) } } } }
            }
            @if let Some(r) = e.reason.as_deref().filter(|_| matches!(e.kind, "corrected" | "retracted" | "details_amended")) { span.app-count { "Why: " (r) } }
            @if let Some(from) = from { br; span.app-count { "Recorded on " (from) ", merged into this record" } }
        },
        html! { (text::recorder(org, accounts, &e.recorded_by)) br; span.app-count { (text::short_date(e.recorded_on)) } },
        html! { @if changeable {
            a.govuk-link href={ "/children/" (id) "/correct/" (e.seq) } { "Correct" span.govuk-visually-hidden { " the entry of " (when) } }
            br;
            a.govuk-link href={ "/children/" (id) "/withdraw/" (e.seq) } { "Withdraw" span.govuk-visually-hidden { " the entry of " (when) } }
        } },
    ]
}


fn period(start: NaiveDate, end: Option<NaiveDate>) -> Markup {
    html! { (text::short_date(start)) " to " @if let Some(e) = end { (text::short_date(e)) } @else { "now " (tag(Colour::Blue, "Open")) } }
}

fn plans(r: &ChildRecord) -> Markup {
    let cp = r.referrals.iter().flat_map(|x| &x.cp_plans);
    let cin = r.referrals.iter().flat_map(|x| &x.cin_plans);
    let mut rows: Vec<Vec<Markup>> = Vec::new();
    for p in cp {
        rows.push(vec![html! { "Child protection plan" }, period(p.start, p.end), html! { "Category: " (p.latest_category.label()) }]);
    }
    for p in cin {
        rows.push(vec![html! { "Child in need plan" }, period(p.start, p.end), html! {}]);
    }
    for p in &r.permanence_plans {
        rows.push(vec![html! { "Permanence plan" }, html! { (text::short_date(p.date)) }, html! { (PermanencePlan::label(p.value)) }]);
    }
    html! {
        @if rows.is_empty() { h2.govuk-heading-m { "Plans" } p.govuk-body { "No plans recorded." } }
        @else { (Table::new("Plans", &[Column::new("Plan"), Column::new("When"), Column::new("Detail")]).id("plans").render(rows)) }
    }
}

fn placements(r: &ChildRecord) -> Markup {
    html! {
        h2.govuk-heading-m { "Care and placements" }
        @if r.care.is_empty() { p.govuk-body { "Never looked after." } }
        @for period in &r.care {
            @let caption = match &period.end {
                Some((e, why)) => format!("Looked after from {} to {} ({})", text::date(period.start), text::date(*e), why.label()),
                None => format!("Looked after since {}", text::date(period.start)),
            };
            (Table::new(&caption, &[Column::new("From"), Column::new("Legal status"), Column::new("Placement")]).render(
                period.changes.iter().map(|c| vec![
                    html! { (text::short_date(c.date)) },
                    html! { (c.legal_status.label()) " (" (c.legal_status.code()) ")" },
                    html! { (c.placement.kind.label()) " (" (c.placement.kind.code()) ")" },
                ])))
        }
    }
}

fn reviews(r: &ChildRecord) -> Markup {
    let mut rows: Vec<(NaiveDate, Vec<Markup>)> = Vec::new();
    for d in r.referrals.iter().flat_map(|x| &x.cp_plans).flat_map(|p| &p.reviews) {
        rows.push((*d, vec![html! { (text::short_date(*d)) }, html! { "Child protection review conference" }]));
    }
    for d in &r.lac_reviews {
        rows.push((d.date, vec![html! { (text::short_date(d.date)) }, html! { "Looked-after review (" (d.value.label()) ")" }]));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0));
    html! {
        @if rows.is_empty() { h2.govuk-heading-m { "Reviews" } p.govuk-body { "No reviews recorded." } }
        @else { (Table::new("Reviews, newest first", &[Column::new("Date"), Column::new("Review")]).id("reviews").render(rows.into_iter().map(|(_, r)| r))) }
    }
}

/// The page a restricted record shows instead of itself: why it cannot be
/// opened, and the break-glass form (with the refusal of an earlier attempt).
fn break_glass_form(user: &SignedIn, id: &ChildId, error: Option<&str>) -> (axum::http::StatusCode, Markup) {
    let bg = &user.policy.settings.break_glass;
    let categories: Vec<(String, String)> = bg.categories.iter().map(|c| (c.clone(), c.clone())).collect();
    let errors: Vec<&str> = error.into_iter().collect();
    let body = html! {
        (error_summary(&errors.iter().map(|e| (Some("reason"), *e)).collect::<Vec<_>>()))
        p.govuk-body { "The record of " (id) " is restricted: only people given access can open it, and you have not been." }
        (warning(&format!("Open it only in an emergency. It opens for {} hours; your reason is written to the audit log and reviewed by the child's manager.", bg.hours)))
        form method="post" action={ "/children/" (id) "/break-glass" } novalidate {
            (csrf_input(&user.csrf))
            (radios(&Control::new("category", "category", "What kind of emergency is it?"), &categories, "", false))
            (textarea(&Control::new("reason", "reason", "Why you need to open this record now")
                .hint(&format!("At least {} characters, in words. For example: the child is missing and the police need the placement address.", bg.min_reason_chars))
                .errors(errors.clone()), "", 4))
            (button_group(html! {
                (warning_button("Open the record (break glass)"))
                a.govuk-link href="/caseload" { "Cancel" }
            }))
        }
    };
    let page = Layout::new("Restricted record").user(Some(user)).errors(error.is_some()).render(body);
    let status = if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::FORBIDDEN };
    (status, page)
}

/// A record outside the user's scope that a stated reason opens.
fn reason_form(user: &SignedIn, id: &ChildId, error: Option<&str>) -> (axum::http::StatusCode, Markup) {
    let s = &user.policy.settings;
    let errors: Vec<&str> = error.into_iter().collect();
    let body = html! {
        (error_summary(&errors.iter().map(|e| (Some("reason"), *e)).collect::<Vec<_>>()))
        p.govuk-body { "The record of " (id) " is outside your usual work (for example, work with the child ended long ago)." }
        p.govuk-body { "You may open it for " (s.reason_hours) " hours by saying why. Your reason is written to the audit log." }
        form method="post" action={ "/children/" (id) "/reason" } novalidate {
            (csrf_input(&user.csrf))
            (textarea(&Control::new("reason", "reason", "Why you need to open this record")
                .hint(&format!("At least {} characters, in words.", s.reason_min_chars))
                .errors(errors.clone()), "", 3))
            (button_group(html! {
                (button("Open the record"))
                a.govuk-link href="/caseload" { "Cancel" }
            }))
        }
    };
    let page = Layout::new("Say why you need this record").user(Some(user)).errors(error.is_some()).render(body);
    let status = if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::FORBIDDEN };
    (status, page)
}

#[derive(Deserialize)]
pub struct Reason {
    #[serde(default)]
    category: String,
    reason: String,
}

pub async fn break_glass(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<Reason>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    match open_by_breaking_glass(&state, &user, &id, &f.category, &f.reason, "POST /children/{id}/break-glass").await {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}")).into_response()),
        // No category, or a reason too short or not in words: the form again, with the message.
        Err(AppError::BadRequest(m)) => Ok(break_glass_form(&user, &id, Some(&m)).into_response()),
        Err(e) => Err(e),
    }
}

pub async fn reason(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<Reason>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    match state_reason(&state, &user, &id, &f.reason, "POST /children/{id}/reason").await {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}")).into_response()),
        Err(AppError::BadRequest(m)) => Ok(reason_form(&user, &id, Some(&m)).into_response()),
        Err(e) => Err(e),
    }
}
