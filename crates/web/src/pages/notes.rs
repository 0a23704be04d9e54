//! Case notes on a child's record: the list, writing one (standalone, or on a
//! step of the journey), reading one with every earlier version, and
//! amending it (which keeps the original and says why). Every page opens the
//! child's record through the access policy and is audited.

use super::sent::{Errors, Sent, yes_no};
use crate::auth::SignedIn;
use crate::ui::components::{
    self, Colour, Column, Control, SummaryRow, Table, button, checkbox, date_input, error_summary, input, radios,
    select, summary_list, tag, textarea,
};
use crate::ui::paging::{ListQuery, Paging};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, open, outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use carefile_domain::notes::{Note, NoteContent, NoteEvent, NoteId, NoteKind};
use carefile_domain::{ChildId, Recorded};
use carefile_store::{Expected, Subjects};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/notes", get(list).post(create))
        .route("/children/{id}/notes/new", get(blank))
        .route("/children/{id}/notes/{note}", get(view))
        .route("/children/{id}/notes/{note}/amend", get(amend_form).post(amend))
}

/// Notes per page.
const PER_PAGE: usize = 25;

/// A child's notes, newest first (by the date of what they record).
pub async fn of_child(state: &AppState, child: &ChildId) -> Result<Vec<Note>, AppError> {
    let about = child.to_string();
    let mut notes: Vec<Note> =
        state.read_store(move |s| s.subjects::<Note>(Some(&about))).await?.into_iter().map(|(n, _)| n).collect();
    notes.sort_by(|a, b| (b.content.date, b.content.time, &b.id).cmp(&(a.content.date, a.content.time, &a.id)));
    Ok(notes)
}

#[derive(Deserialize, Default)]
struct ListFilter {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(default)]
    kind: String,
}

async fn list(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(f): Query<ListFilter>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/notes").await?;
    let kind: Option<NoteKind> = f.kind.parse().ok();
    let notes: Vec<Note> =
        of_child(&state, &id).await?.into_iter().filter(|n| kind.is_none_or(|k| n.content.kind == k)).collect();
    let paging = Paging::new(&f.list.page, notes.len(), PER_PAGE);
    let path = format!("/children/{id}/notes");
    let sort = crate::ui::paging::Sort { key: "date", descending: true };
    let links = crate::ui::paging::Links { path: &path, keep: vec![("kind", f.kind.clone())], sort, default: sort };
    const COLUMNS: [Column; 4] =
        [Column::new("Date"), Column::new("Note"), Column::new("Type"), Column::new("Written by")];
    let body = html! {
        p.govuk-body { (components::button_link(&format!("/children/{id}/notes/new"), "Write a note", false)) }
        form.govuk-form-group method="get" action=(path) {
            (select(&Control::new("kind", "kind", "Show notes of type"), &kinds(), std::slice::from_ref(&f.kind), false))
            (components::secondary_button("Show"))
        }
        @if notes.is_empty() { p.govuk-body { "No notes." } } @else {
            (Table::new("Notes", &COLUMNS).hidden_caption().paged(&paging, &links, ("note", "notes")).render(
                paging.slice(&notes).iter().map(|n| vec![
                    html! { (text::short_date(n.content.date)) @if let Some(t) = n.content.time { " " (t.format("%H:%M")) } },
                    html! {
                        a.govuk-link href={ "/children/" (id) "/notes/" (n.id) } { (n.content.title) }
                        @if n.content.significant { " " (tag(Colour::Red, "Significant")) }
                        @if !n.amendments.is_empty() { " " (tag(Colour::Grey, "Amended")) }
                    },
                    html! { (n.content.kind.label()) },
                    html! { (state.who(&n.author)) },
                ])
            ))
        }
    };
    Ok(Layout::new("Notes")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

fn kinds() -> Vec<(String, String)> {
    NoteKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect()
}

#[derive(Deserialize, Default)]
struct Blank {
    #[serde(default)]
    kind: String,
    step: Option<u64>,
}

async fn blank(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(b): Query<Blank>,
) -> Result<Markup, AppError> {
    require(&user, "note.record", "write notes")?;
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/notes/new").await?;
    let mut sent = Sent::default();
    sent.0.push(("kind".into(), if b.kind.is_empty() { NoteKind::CaseNote.code().into() } else { b.kind }));
    let today = state.today();
    for (part, v) in [("day", today.format("%-d")), ("month", today.format("%-m")), ("year", today.format("%Y"))] {
        sent.0.push((format!("date-{part}"), v.to_string()));
    }
    if let Some(step) = b.step {
        sent.0.push(("step".into(), step.to_string()));
    }
    let mut form = Drawn { user: &user, child: &id, name: &child.name, amending: None, author: String::new(), draft: None };
    if let Some(d) = crate::drafts::restore(&state, &user, &form.key()).await? {
        form.draft = Some(crate::drafts::banner(&user, &d, None));
        sent = Sent(d.fields);
    }
    Ok(page(&form, &sent, &Errors::default()))
}

/// The note form as drawn: for a new note, or amending one at a version.
struct Drawn<'a> {
    user: &'a SignedIn,
    child: &'a ChildId,
    name: &'a str,
    amending: Option<(&'a Note, u64)>,
    /// Who first wrote the note amended, by name.
    author: String,
    /// The author's draft of this form, when there is one.
    draft: Option<Markup>,
}

impl Drawn<'_> {
    /// Where the form is opened, which its draft is kept under.
    fn key(&self) -> String {
        match self.amending {
            Some((n, _)) => format!("/children/{}/notes/{}/amend", self.child, n.id),
            None => format!("/children/{}/notes/new", self.child),
        }
    }
}

fn page(d: &Drawn, sent: &Sent, errors: &Errors) -> Markup {
    let (title, action) = match d.amending {
        Some((n, _)) => ("Amend a note".to_string(), format!("/children/{}/notes/{}/amend", d.child, n.id)),
        None => ("Write a note".to_string(), format!("/children/{}/notes", d.child)),
    };
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let seen = [
        ("yes".to_string(), "Yes".to_string()),
        ("no".to_string(), "No".to_string()),
        ("".to_string(), "Not a visit".to_string()),
    ];
    let body = html! {
        (error_summary(&errors.problems()))
        @if let Some((n, _)) = d.amending {
            div.govuk-inset-text { "A note is final once saved. An amendment replaces what it says, keeps the text it replaces "
                "with who changed it and when, and needs a reason. First written by " (d.author) " on " (text::date(n.written_at.date_naive())) "." }
        }
        @if let Some(b) = &d.draft { (b) }
        form method="post" action=(action) novalidate {
            (csrf_input(&d.user.csrf))
            (crate::drafts::autosave(&crate::drafts::Of {
                key: &d.key(),
                title: &format!("{title} for {}", d.name),
                child: Some(d.child.as_str()),
                base: d.amending.map(|(_, v)| v),
            }))
            @if let Some((_, v)) = d.amending { input type="hidden" name="version" value=(v); }
            @if !sent.get("step").is_empty() { input type="hidden" name="step" value=(sent.get("step")); }
            (select(&c("kind", "Type of note").required(true), &kinds(), &[sent.get("kind").to_string()], false))
            (date_input(&c("date", "When it happened").required(true), sent.date_value("date")))
            (input(&c("time", "Time (optional)").hint("For example, 14:30"), "text", sent.get("time"), None))
            (input(&c("title", "Title").hint("A few words a colleague reads in the list").required(true), "text", sent.get("title"), None))
            (textarea(&c("text", "What happened").required(true), sent.get("text"), 8))
            (input(&c("others_present", "Who else was there (optional)"), "text", sent.get("others_present"), None))
            (radios(&c("child_seen", "Was the child seen?"), &seen, sent.get("child_seen"), true))
            (radios(&c("child_seen_alone", "Was the child seen alone?"), &seen, sent.get("child_seen_alone"), true))
            (textarea(&c("child_views", "The child's own views (optional)").hint("In their words where you can"), sent.get("child_views"), 4))
            (checkbox(&c("significant", "This is a significant event"), sent.on("significant")))
            @if d.amending.is_some() {
                (input(&c("reason", "Why you are amending it").required(true), "text", sent.get("reason"), None))
            }
            (components::button_group(html! {
                (button(if d.amending.is_some() { "Save the amendment" } else { "Save the note" }))
                (components::link(&format!("/children/{}/notes", d.child), "Cancel"))
            }))
        }
    };
    Layout::new(&title).caption(d.name).user(Some(d.user)).errors(!errors.is_empty()).render(body)
}

/// Where a domain refusal's words point.
const FIELD_WORDS: &[(&str, &[&str])] = &[
    ("title", &["title"]),
    ("text", &["what happened"]),
    ("child_views", &["views"]),
    ("child_seen_alone", &["seen alone"]),
    ("date", &["before 1900", "after the day"]),
    ("reason", &["says why", "reason", "changes nothing"]),
];

/// Reads the note's fields, or the errors beside them.
fn read(sent: &Sent) -> Result<NoteContent, Errors> {
    let mut e = Errors::default();
    let kind = e.code::<NoteKind>(sent, "kind", "a type of note");
    let date = e.date(sent, "date", "The date");
    let time = e.optional_time(sent, "time");
    let step = match sent.get("step") {
        "" => None,
        s => s.parse().ok().or_else(|| {
            e.form("the step this note is on is not one of the record's entries");
            None
        }),
    };
    let (Some(kind), Some(date), true) = (kind, date, e.is_empty()) else { return Err(e) };
    Ok(NoteContent {
        kind,
        date,
        time,
        title: sent.get("title").to_string(),
        text: sent.get("text").to_string(),
        seen: Vec::new(),
        others_present: sent.get("others_present").to_string(),
        child_seen: yes_no(sent.get("child_seen")),
        child_seen_alone: yes_no(sent.get("child_seen_alone")),
        child_views: sent.get("child_views").to_string(),
        significant: sent.on("significant"),
        step,
    })
}

fn refused(form: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, form).into_response()
}

async fn create(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "note.record", "write notes")?;
    let (id, child) = open(&state, &user, &raw, "POST /children/{id}/notes").await?;
    let sent = Sent(pairs);
    let d = Drawn { user: &user, child: &id, name: &child.name, amending: None, author: String::new(), draft: None };
    let content = match read(&sent) {
        Ok(c) => c,
        Err(e) => return Ok(refused(page(&d, &sent, &e))),
    };
    if content.kind == NoteKind::Supervision {
        require(&user, "note.supervise", "record case supervision")?;
    }
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let event = NoteEvent::Written { child: id.clone(), content };
    match state.with_store(move |s| outcome(s.create::<Note>(&[(recorded, event)]))).await? {
        Ok((note, _)) => {
            crate::drafts::done(&state, &user, &d.key()).await?;
            Ok(Redirect::to(&format!("/children/{id}/notes/{note}")).into_response())
        }
        Err(why) => {
            let mut errors = Errors::default();
            errors.refused(&why.to_string(), FIELD_WORDS);
            Ok(refused(page(&d, &sent, &errors)))
        }
    }
}

async fn load(state: &AppState, child: &ChildId, raw: &str) -> Result<(Note, u64), AppError> {
    let note = NoteId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let found = state.read_store(move |s| s.subject::<Note>(&note)).await?;
    // A note of another child is not found here, whatever its ID.
    found.filter(|(n, _)| n.child == *child).ok_or_else(|| AppError::NotFound(format!("{child} has no note {raw}")))
}

fn content_rows<'a>(c: &'a NoteContent, child_views: &'a str) -> Vec<SummaryRow<'a>> {
    let said = |b: Option<bool>| match b {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not recorded",
    };
    let mut rows = vec![
        SummaryRow::text("Type", c.kind.label()),
        SummaryRow::new("When", html! { (text::date(c.date)) @if let Some(t) = c.time { ", " (t.format("%H:%M")) } }),
        SummaryRow::new("What happened", html! { @for line in c.text.lines() { (line) br; } }),
    ];
    if !c.others_present.is_empty() {
        rows.push(SummaryRow::text("Who else was there", &c.others_present));
    }
    if c.child_seen.is_some() {
        rows.push(SummaryRow::text("Child seen", said(c.child_seen)));
        rows.push(SummaryRow::text("Child seen alone", said(c.child_seen_alone)));
    }
    if !child_views.is_empty() {
        rows.push(SummaryRow::new("The child's views", html! { @for line in child_views.lines() { (line) br; } }));
    }
    rows
}

async fn view(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_note)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/notes/{note}").await?;
    let (note, _) = load(&state, &id, &raw_note).await?;
    let c = &note.content;
    let (by, at) = note.last_changed();
    let body = html! {
        p.govuk-body {
            @if c.significant { (tag(Colour::Red, "Significant event")) " " }
            "Written by " (state.who(&note.author)) " on " (text::date(note.written_at.date_naive()))
            @if !note.amendments.is_empty() { "; last amended by " (state.who(by)) " on " (text::date(at.date_naive())) }
            @if let Some(step) = c.step { ". On " a.govuk-link href={ "/children/" (id) "/chronology#entry-" (step) } { "entry " (step) " of the record" } }
            "."
        }
        (summary_list(&content_rows(c, &c.child_views)))
        p class="govuk-body govuk-!-display-none-print" { (components::button_link(&format!("/children/{id}/notes/{}/amend", note.id), "Amend this note", true)) }
        @if !note.amendments.is_empty() {
            h2.govuk-heading-m { "Earlier versions" }
            @for (i, a) in note.amendments.iter().enumerate().rev() {
                h3.govuk-heading-s { "Version " (i + 1) ", replaced by " (state.who(&a.by)) " on " (text::date(a.at.date_naive())) }
                p.govuk-body { "Reason: " (a.reason) }
                (summary_list(&content_rows(&a.before, &a.before.child_views)))
            }
        }
    };
    Ok(Layout::new(&c.title)
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}/notes"), "All notes")
        .render(body))
}

/// The form's fields filled from a note's content.
fn prefill(c: &NoteContent) -> Sent {
    let yn = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    let mut v: Vec<(String, String)> = vec![
        ("kind".into(), c.kind.code().into()),
        ("date-day".into(), c.date.format("%-d").to_string()),
        ("date-month".into(), c.date.format("%-m").to_string()),
        ("date-year".into(), c.date.format("%Y").to_string()),
        ("time".into(), c.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()),
        ("title".into(), c.title.clone()),
        ("text".into(), c.text.clone()),
        ("others_present".into(), c.others_present.clone()),
        ("child_seen".into(), yn(c.child_seen).into()),
        ("child_seen_alone".into(), yn(c.child_seen_alone).into()),
        ("child_views".into(), c.child_views.clone()),
    ];
    if c.significant {
        v.push(("significant".into(), "on".into()));
    }
    if let Some(s) = c.step {
        v.push(("step".into(), s.to_string()));
    }
    Sent(v)
}

async fn amend_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_note)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    require(&user, "note.record", "amend notes")?;
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/notes/{note}/amend").await?;
    let (note, version) = load(&state, &id, &raw_note).await?;
    let author = state.who(&note.author);
    let mut d = Drawn { user: &user, child: &id, name: &child.name, amending: Some((&note, version)), author, draft: None };
    let mut sent = prefill(&note.content);
    if let Some(draft) = crate::drafts::restore(&state, &user, &d.key()).await? {
        // Amended by someone else since the draft began: their text beside it.
        let theirs = draft.base.filter(|b| *b < version).map(|_| {
            let (by, at) = note.last_changed();
            html! { p.govuk-body { "Saved by " (state.who(by)) " on " (text::date(at.date_naive())) ":" } p.govuk-body { (note.content.text) } }
        });
        d.draft = Some(crate::drafts::banner(&user, &draft, theirs));
        sent = Sent(draft.fields);
    }
    Ok(page(&d, &sent, &Errors::default()))
}

/// Said when someone else amended the note since the form was opened.
const STALE: &str = "Someone amended this note since you opened it: your text is below; check their version on the note's page, then save again.";

async fn amend(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_note)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "note.record", "amend notes")?;
    let (id, child) = open(&state, &user, &raw, "POST /children/{id}/notes/{note}/amend").await?;
    let (note, version) = load(&state, &id, &raw_note).await?;
    let sent = Sent(pairs);
    let loaded_at: Option<u64> = sent.get("version").parse().ok();
    let d = Drawn {
        user: &user,
        child: &id,
        name: &child.name,
        amending: Some((&note, loaded_at.unwrap_or(version))),
        author: state.who(&note.author),
        draft: None,
    };
    let content = match read(&sent) {
        Ok(c) => c,
        Err(e) => return Ok(refused(page(&d, &sent, &e))),
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let event = NoteEvent::Amended { content, reason: sent.get("reason").to_string() };
    let note_id = note.id.clone();
    let expected = Expected::Version(loaded_at.unwrap_or(version));
    match state.with_store(move |s| outcome(s.append::<Note>(&note_id, expected, &[(recorded, event)]))).await? {
        Ok(_) => {
            crate::drafts::done(&state, &user, &d.key()).await?;
            Ok(Redirect::to(&format!("/children/{id}/notes/{}", note.id)).into_response())
        }
        Err(why) => {
            let mut errors = Errors::default();
            match why {
                Refusal::Refused(m) => errors.refused(&m, FIELD_WORDS),
                Refusal::Stale => errors.form(STALE),
            }
            let d = Drawn { amending: Some((&note, version)), ..d };
            Ok(refused(page(&d, &sent, &errors)))
        }
    }
}
