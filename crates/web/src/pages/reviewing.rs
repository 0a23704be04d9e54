//! The reviewing officer's and conference chair's own record of a child
//! (`carefile_domain::reviewing`): the meetings they chaired with their
//! minutes (due within a number of working days, on their tray until
//! issued), their visits and other contact between reviews, midway checks of
//! the plan, and disputes through the issue resolution process. Everyone who
//! may open the child reads it; only a reviewer assigned to the child now
//! writes it.

use super::sent::{Errors, Sent};
use crate::auth::SignedIn;
use crate::index::ChildSummary;
use crate::ui::components::{
    self, Colour, Column, Control, SummaryRow, Table, button, checkbox, date_input, error_summary, radios, select,
    summary_list, tag, textarea,
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
use carefile_domain::reviewing::{ContactKind, Meeting, ReviewingEvent, ReviewingRecord, Stage};
use carefile_domain::{ChildId, ChildRecord, Recorded};
use carefile_store::{Expected, Subjects};
use chrono::NaiveDate;
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/reviewing", get(page))
        .route("/children/{id}/reviewing/{action}", post(record))
}

/// The permissions of the roles that chair a child's reviews or conferences.
const KEYS: [&str; 2] = ["child.record.review", "child.record.conference"];

async fn load(state: &AppState, id: &ChildId) -> Result<(ChildRecord, Option<ReviewingRecord>), AppError> {
    let child = id.clone();
    let (record, reviewing) = state.read_store(move |s| Ok((s.child(&child)?, s.subject::<ReviewingRecord>(&child)?))).await?;
    let record = record.ok_or_else(|| AppError::NotFound(format!("no record {id}")))?.0;
    Ok((record, reviewing.map(|(r, _)| r)))
}

/// Whether `user` writes this record: a reviewer assigned to the child today, in a reviewer's role.
fn writes(state: &AppState, user: &SignedIn, record: &ChildRecord) -> bool {
    KEYS.iter().any(|k| user.may(k))
        && user.worker.as_ref().is_some_and(|w| record.reviewers_on(state.today()).iter().any(|r| r.worker == *w))
}

fn options<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|v| (code(*v).to_string(), label(*v).to_string())).collect()
}

async fn page(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/reviewing").await?;
    draw(&state, &user, &id, &child, &Sent::default(), &Errors::default()).await
}

async fn draw(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    child: &ChildSummary,
    sent: &Sent,
    errors: &Errors,
) -> Result<Markup, AppError> {
    let (record, reviewing) = load(state, id).await?;
    let empty = ReviewingRecord { child: id.clone(), minutes: vec![], contacts: vec![], midway: vec![], disputes: vec![] };
    let r = reviewing.as_ref().unwrap_or(&empty);
    let (org, accounts, today) = (state.org().clone(), state.accounts().clone(), state.today());
    let who = |by: &str| text::recorder(&org, &accounts, by);
    let cal = carefile_domain::Calendar::england_and_wales();
    let within = state.index().await?.timescales().reviewing_minutes;
    let mut meetings: Vec<(NaiveDate, Meeting)> =
        Meeting::ALL.into_iter().flat_map(|m| m.held(&record).into_iter().map(move |d| (d, m))).collect();
    meetings.sort_by(|a, b| b.cmp(a));
    let base = format!("/children/{id}/reviewing");
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let may = writes(state, user, &record);
    let form = |action: &str, words: &str, fields: Markup| {
        html! {
            form method="post" action={ (base) "/" (action) } novalidate {
                (csrf_input(&user.csrf))
                (fields)
                (components::button_group(html! { (button(words)) }))
            }
        }
    };
    let meeting_options: Vec<(String, String)> = meetings
        .iter()
        .filter(|(d, m)| r.minutes_of(*m, *d).is_none())
        .map(|(d, m)| (format!("{}:{d}", m.code()), format!("{} on {}", m.label(), text::date(*d))))
        .collect();
    let body = html! {
        (error_summary(&errors.problems()))
        (summary_list(&[
            SummaryRow::new("Reviewing officer and chair", html! {
                @for a in record.reviewers_on(today) { (text::worker(&org, &a.worker)) ", " (a.role.label().to_lowercase()) " from " (text::date(a.from)) br; }
                @if record.reviewers_on(today).is_empty() { "None assigned" }
            }),
            SummaryRow::text("Last visit by a reviewer", &r.last_visit(today).map_or("None recorded".into(), text::date)),
            SummaryRow::text("Open disputes", &r.open_disputes().count().to_string()),
        ]))
        h2.govuk-heading-m { "Reviews and conferences" }
        @if meetings.is_empty() { p.govuk-body { "No reviews or conferences recorded." } } @else {
            (Table::new("Reviews and conferences", &[Column::new("Held"), Column::new("Meeting"), Column::new("Chaired by"), Column::new("Minutes")])
                .hidden_caption().render(meetings.iter().map(|(d, m)| {
                    let chair = record.reviewers_on(*d).into_iter().find(|a| a.role == m.chair()).map(|a| text::worker(&org, &a.worker).to_string());
                    let due = within.after(&cal, *d);
                    vec![
                        html! { (text::short_date(*d)) },
                        html! { (m.label()) },
                        html! { (chair.unwrap_or_else(|| "Not recorded".into())) },
                        html! { @match r.minutes_of(*m, *d) {
                            Some(x) => { "Issued " (text::short_date(x.issued)) }
                            None => { "Due " (text::short_date(due)) " " @if due < today { (tag(Colour::Red, "Overdue")) } }
                        } },
                    ]
                })))
        }
        @if may && !meeting_options.is_empty() {
            (components::details("Record minutes issued", form("minutes", "Record the minutes", html! {
                (select(&c("meeting", "Meeting").required(true), &meeting_options, &[sent.get("meeting").to_string()], false))
                (date_input(&c("minutes-date", "Issued on"), sent.date_value("minutes-date")))
            })))
        }
        h2.govuk-heading-m { "Contact with the child between reviews" }
        @if r.contacts.is_empty() { p.govuk-body { "None recorded." } } @else {
            (Table::new("Contact", &[Column::new("Date"), Column::new("How"), Column::new("Seen alone"), Column::new("Note"), Column::new("By")])
                .hidden_caption().render(r.contacts.iter().rev().map(|x| vec![
                    html! { (text::short_date(x.date)) }, html! { (x.kind.label()) },
                    html! { (if x.seen_alone { "Yes" } else { "No" }) }, html! { (x.note) }, html! { (who(&x.entered.by)) },
                ])))
        }
        @if may {
            (components::details("Record contact with the child", form("contact", "Record the contact", html! {
                (date_input(&c("contact-date", "Date"), sent.date_value("contact-date")))
                (radios(&c("contact-kind", "How"), &options(ContactKind::ALL, ContactKind::code, ContactKind::label), sent.get("contact-kind"), false))
                (checkbox(&c("contact-alone", "The child was seen alone"), sent.on("contact-alone")))
                (textarea(&c("contact-note", "Note (optional)"), sent.get("contact-note"), 3))
            })))
        }
        h2.govuk-heading-m { "Midway checks" }
        @if r.midway.is_empty() { p.govuk-body { "None recorded." } } @else {
            (Table::new("Midway checks", &[Column::new("Date"), Column::new("Plan on track"), Column::new("Note"), Column::new("By")])
                .hidden_caption().render(r.midway.iter().rev().map(|x| vec![
                    html! { (text::short_date(x.date)) },
                    html! { @if x.on_track { (tag(Colour::Green, "On track")) } @else { (tag(Colour::Red, "Concern")) } },
                    html! { (x.note) }, html! { (who(&x.entered.by)) },
                ])))
        }
        @if may {
            (components::details("Record a midway check", form("midway", "Record the check", html! {
                (date_input(&c("midway-date", "Date"), sent.date_value("midway-date")))
                (radios(&c("midway-track", "Is the plan on track?"), &[("yes".into(), "Yes".into()), ("no".into(), "No: a concern".into())], sent.get("midway-track"), true))
                (textarea(&c("midway-note", "Note (needed for a concern)"), sent.get("midway-note"), 3))
            })))
        }
        h2.govuk-heading-m { "Disputes (issue resolution)" }
        @if r.disputes.is_empty() { p.govuk-body { "None raised." } } @else {
            (Table::new("Disputes", &[Column::new("Raised"), Column::new("Concern"), Column::new("Stage"), Column::new("Outcome")])
                .hidden_caption().render(r.disputes.iter().rev().map(|x| vec![
                    html! { (text::short_date(x.raised())) },
                    html! { (x.concern) },
                    html! { @for s in &x.stages { (s.stage.label()) " (" (text::short_date(s.date)) ")" @if !s.note.is_empty() { ": " (s.note) } br; } },
                    html! { @match &x.resolved { Some((d, o)) => { "Resolved " (text::short_date(*d)) ": " (o) } None => (tag(Colour::Yellow, "Open")) } },
                ])))
        }
        @if may {
            (components::details("Raise a dispute", form("dispute", "Raise the dispute", html! {
                (date_input(&c("dispute-date", "Raised on"), sent.date_value("dispute-date")))
                (select(&c("dispute-stage", "Stage"), &options(Stage::ALL, Stage::code, Stage::label), &[sent.get("dispute-stage").to_string()], false))
                (textarea(&c("dispute-concern", "The concern about the plan"), sent.get("dispute-concern"), 4))
            })))
            @for x in r.open_disputes() {
                @let no = x.no.to_string();
                (components::details(&format!("Escalate or resolve dispute {}", x.no), html! {
                    (form("escalate", "Escalate", html! {
                        input type="hidden" name="no" value=(no);
                        (date_input(&c("escalate-date", "Escalated on"), sent.date_value("escalate-date")))
                        (select(&c("escalate-stage", "To the stage"), &options(Stage::ALL, Stage::code, Stage::label), &[], false))
                        (textarea(&c("escalate-note", "Note (optional)"), "", 2))
                    }))
                    (form("resolve", "Resolve", html! {
                        input type="hidden" name="no" value=(no);
                        (date_input(&c("resolve-date", "Resolved on"), sent.date_value("resolve-date")))
                        (textarea(&c("resolve-outcome", "Outcome"), "", 2))
                    }))
                }))
            }
        }
    };
    Ok(Layout::new("Reviewing officer's record")
        .caption(&child.name)
        .user(Some(user))
        .errors(!errors.is_empty())
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

/// The event a form sent, or the messages beside its fields.
fn event(action: &str, sent: &Sent, record: &ChildRecord, next_dispute: u32) -> Result<ReviewingEvent, Errors> {
    let mut errors = Errors::default();
    let date_of = |errors: &mut Errors, name: &str, label: &str| errors.date(sent, name, label);
    let no = || sent.get("no").parse::<u32>().unwrap_or(0);
    let event = match action {
        "minutes" => {
            let date = date_of(&mut errors, "minutes-date", "The date the minutes were issued");
            let meeting = sent.get("meeting").split_once(':').and_then(|(m, d)| Some((Meeting::from_code(m)?, d.parse::<NaiveDate>().ok()?)));
            let meeting = meeting.filter(|(m, d)| m.held(record).contains(d));
            if meeting.is_none() {
                errors.field("meeting", "Select the review or conference");
            }
            meeting.zip(date).map(|((meeting, held), date)| ReviewingEvent::MinutesIssued { meeting, held, date })
        }
        "contact" => {
            let date = date_of(&mut errors, "contact-date", "The date of the contact");
            let kind = ContactKind::from_code(sent.get("contact-kind"));
            if kind.is_none() {
                errors.field("contact-kind", "Select how you were in touch");
            }
            let (seen_alone, note) = (sent.on("contact-alone"), sent.get("contact-note").to_string());
            date.zip(kind).map(|(date, kind)| ReviewingEvent::ContactMade { date, kind, seen_alone, note })
        }
        "midway" => {
            let date = date_of(&mut errors, "midway-date", "The date of the check");
            let on_track = match sent.get("midway-track") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => {
                    errors.field("midway-track", "Say whether the plan is on track");
                    None
                }
            };
            let note = sent.get("midway-note").to_string();
            date.zip(on_track).map(|(date, on_track)| ReviewingEvent::MidwayChecked { date, on_track, note })
        }
        "dispute" => {
            let date = date_of(&mut errors, "dispute-date", "The date it was raised");
            let stage = Stage::from_code(sent.get("dispute-stage")).unwrap_or(Stage::Informal);
            let concern = sent.get("dispute-concern").to_string();
            date.map(|date| ReviewingEvent::DisputeRaised { no: next_dispute, date, stage, concern })
        }
        "escalate" => {
            let date = date_of(&mut errors, "escalate-date", "The date it was escalated");
            let stage = Stage::from_code(sent.get("escalate-stage"));
            if stage.is_none() {
                errors.field("escalate-stage", "Select the stage");
            }
            let note = sent.get("escalate-note").to_string();
            date.zip(stage).map(|(date, stage)| ReviewingEvent::DisputeEscalated { no: no(), date, stage, note })
        }
        "resolve" => {
            let date = date_of(&mut errors, "resolve-date", "The date it was resolved");
            let outcome = sent.get("resolve-outcome").to_string();
            date.map(|date| ReviewingEvent::DisputeResolved { no: no(), date, outcome })
        }
        _ => None,
    };
    match event {
        Some(e) if errors.is_empty() => Ok(e),
        _ => Err(errors),
    }
}

async fn record(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, action)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, child) = open(&state, &user, &raw, "POST /children/{id}/reviewing/{action}").await?;
    if !["minutes", "contact", "midway", "dispute", "escalate", "resolve"].contains(&action.as_str()) {
        return Err(AppError::NotFound(format!("no action '{action}'")));
    }
    let (record, reviewing) = load(&state, &id).await?;
    if !writes(&state, &user, &record) {
        return Err(AppError::Forbidden("only a reviewing officer or chair assigned to the child writes this record".into()));
    }
    let sent = Sent(pairs);
    let next = reviewing.as_ref().map_or(1, ReviewingRecord::next_dispute);
    let refused = async |errors: Errors| -> Result<Response, AppError> {
        let page = draw(&state, &user, &id, &child, &sent, &errors).await?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let event = match event(&action, &sent, &record, next) {
        Ok(e) => e,
        Err(errors) => return refused(errors).await,
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let subject = id.clone();
    match state.with_store(move |s| outcome(s.append::<ReviewingRecord>(&subject, Expected::Any, &[(recorded, event)]))).await? {
        Ok(_) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/children/{id}/reviewing")).into_response())
        }
        Err(Refusal::Stale) => refused(Errors(vec![(None, Refusal::Stale.to_string())])).await,
        Err(Refusal::Refused(m)) => refused(Errors(vec![(None, m)])).await,
    }
}
