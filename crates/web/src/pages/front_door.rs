//! The front door: a search of the whole authority before anyone registers a
//! child (a name as heard, date of birth, postcode, NHS number, UPN; tolerant
//! of misspelling, nicknames, swapped names and former names). A child the
//! user may open is shown in full; one outside their scope only by name, date
//! of birth, "known to the service" and the team to contact, opened with a
//! stated reason (audited); a restricted one offers break glass. Registering
//! a child (or an unborn child) runs the same search on what was typed, and
//! shows possible duplicates again until the worker says they checked them.

use super::sent::{Errors, Sent};
use crate::access::{READ, audit, decide};
use crate::auth::SignedIn;
use crate::index::{ChildSummary, Index};
use crate::ui::components::{
    self, Colour, Column, Control, Table, button, checkbox, date_input, error_summary, input, select, tag, textarea,
};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use carefile_domain::access::{Access, AuditAction};
use carefile_domain::codes::{Ethnicity, Sex};
use carefile_domain::journey::ChildDetails;
use carefile_domain::people::matching::{Match, Query, Strength};
use carefile_domain::people::normalise_postcode;
use carefile_domain::{ChildEvent, ChildId, Recorded};
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/front-door", get(search))
        .route("/children/new", get(blank).post(register))
}

/// Most matches shown.
const LIMIT: usize = 25;
/// The prefix of children registered in carefile (`C0000001`…).
pub const CHILD_PREFIX: &str = "C";

/// The search the fields describe, and anything wrong with them.
fn query(sent: &Sent, errors: &mut Errors) -> Query {
    let dob = errors.optional_date(sent, "dob", "The date of birth");
    let postcode = match sent.get("postcode") {
        "" => None,
        p => normalise_postcode(p).or_else(|| {
            errors.field("postcode", "Enter a real postcode, like LE1 6ZG");
            None
        }),
    };
    let some = |v: &str| (!v.is_empty()).then(|| v.replace(' ', ""));
    let name = format!("{} {}", sent.get("forename"), sent.get("surname"));
    Query {
        name: name.trim().to_string(),
        dob,
        postcode,
        nhs_number: some(sent.get("nhs_number")),
        upn: some(sent.get("upn")),
    }
}

fn search_fields(sent: &Sent, errors: &Errors) -> Markup {
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    html! {
        (input(&c("forename", "First name"), "text", sent.get("forename"), Some("off")))
        (input(&c("surname", "Last name").hint("Or any name they are known by, or were"), "text", sent.get("surname"), Some("off")))
        (date_input(&c("dob", "Date of birth, or expected date of birth"), sent.date_value("dob")))
        (input(&c("postcode", "Postcode"), "text", sent.get("postcode"), None))
        (input(&c("nhs_number", "NHS number"), "text", sent.get("nhs_number"), None))
        (input(&c("upn", "Unique pupil number (UPN)"), "text", sent.get("upn"), None))
    }
}

/// The words a match is shown with.
fn reasons(m: &Match) -> String {
    m.reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
}

fn strength(m: &Match) -> Markup {
    match m.strength() {
        Some(Strength::Strong) => tag(Colour::Red, "Strong match"),
        _ => tag(Colour::Yellow, "Possible match"),
    }
}

/// A child found, as the user may see them.
fn child_row(state: &AppState, user: &SignedIn, c: &ChildSummary, m: &Match) -> Vec<Markup> {
    let org = state.org();
    let team = c.team().map(|t| text::team(&org, t).to_string());
    let born = html! { @if let Some(d) = c.dob { (text::short_date(d)) } @else { "Not known" } };
    match decide(state, user, c, READ) {
        Access::Allow => vec![
            html! { a.govuk-link href={ "/children/" (c.id) } { (c.name) } },
            born,
            html! { (c.status_words().join(", ")) @if let Some(t) = &team { " (" (t) ")" } },
            html! { (strength(m)) " " (reasons(m)) },
        ],
        Access::BreakGlass => vec![
            html! { "Restricted record " a.govuk-link href={ "/children/" (c.id) } { "(break glass)" } },
            html! {},
            html! {},
            html! { (strength(m)) },
        ],
        // Outside the user's scope: known, so that it is not registered again; a
        // stated reason opens it where the policy allows (the record's page asks for it).
        Access::NeedsReason => vec![
            html! { (c.name) " " a.govuk-link href={ "/children/" (c.id) } { "Open with a reason" } },
            born,
            html! { "Known to the service" @if let Some(t) = &team { "; contact " (t) } },
            html! { (strength(m)) " " (reasons(m)) },
        ],
        Access::Deny => vec![
            html! { (c.name) },
            born,
            html! { "Known to the service" @if let Some(t) = &team { "; contact " (t) } },
            html! { (strength(m)) " " (reasons(m)) },
        ],
    }
}

/// The children matching `q`, best first, as the index has them.
fn matches<'a>(index: &'a Index, q: &Query) -> Vec<(&'a ChildSummary, Match)> {
    index.search(q, LIMIT).into_iter().filter_map(|(id, m)| Some((index.child(&id)?, m))).collect()
}

const COLUMNS: [Column; 4] = [Column::new("Child"), Column::new("Born"), Column::new("Known as"), Column::new("Match")];

async fn search(State(state): State<AppState>, user: SignedIn, RawQuery(raw): RawQuery) -> Result<Markup, AppError> {
    require(&user, "person.read", "search the front door")?;
    let sent = Sent(form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned().collect());
    let mut errors = Errors::default();
    let q = query(&sent, &mut errors);
    let asked = !q.is_empty() && errors.is_empty();
    let (results, adults, shown) = if asked {
        let index = state.index().await?;
        let found = matches(&index, &q);
        let shown: Vec<ChildId> = found.iter().map(|(c, _)| c.id.clone()).collect();
        let rows: Vec<Vec<Markup>> = found.iter().map(|(c, m)| child_row(&state, &user, c, m)).collect();
        drop(index);
        let people = state.people();
        let adults: Vec<(String, String, Match)> = people
            .search(&q, LIMIT)
            .into_iter()
            .filter_map(|(p, m)| people.adult(&p).map(|a| (p.to_string(), a.name.clone(), m)))
            .collect();
        (rows, adults, shown)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    if asked {
        crate::access::audit_list(&state, &user.username, "GET /front-door", shown).await?;
    }
    let register_href = format!(
        "/children/new?{}",
        form_urlencoded::Serializer::new(String::new()).extend_pairs(sent.0.iter()).finish()
    );
    let body = html! {
        (error_summary(&errors.problems()))
        p.govuk-body { "Search the whole authority before you register a child: a misspelt name, a nickname or a former name still finds them." }
        form method="get" action="/front-door" novalidate {
            (search_fields(&sent, &errors))
            (button("Search"))
        }
        @if asked {
            h2.govuk-heading-m { "Children" }
            @if results.is_empty() { p.govuk-body { "No child matches." } } @else {
                (Table::new("Children found", &COLUMNS).hidden_caption().render(results))
            }
            @if !adults.is_empty() {
                h2.govuk-heading-m { "Adults" }
                ul.govuk-list { @for (id, name, m) in &adults { li { a.govuk-link href={ "/people/" (id) } { (name) } " " (strength(m)) " " (reasons(m)) } } }
            }
            p.govuk-body { (components::button_link(&register_href, "None of these: register a new child", true)) }
        }
    };
    Ok(Layout::new("Front door search")
        .user(Some(&user))
        .section("/front-door")
        .errors(!errors.is_empty())
        .render(body))
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|c| (code(*c).to_string(), label(*c).to_string())).collect()
}

fn form(user: &SignedIn, sent: &Sent, errors: &Errors, duplicates: &[Vec<Markup>]) -> Markup {
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let body = html! {
        (error_summary(&errors.problems()))
        @if !duplicates.is_empty() {
            div.govuk-warning-text {
                span.govuk-warning-text__icon aria-hidden="true" { "!" }
                strong.govuk-warning-text__text { span.govuk-visually-hidden { "Warning" } "These records may be the same child. Check each before you register a new one." }
            }
            (Table::new("Possible duplicates", &COLUMNS).render(duplicates.iter().cloned()))
        }
        form method="post" action="/children/new" novalidate {
            (csrf_input(&user.csrf))
            (search_fields(sent, errors))
            (checkbox(&c("unborn", "The child is not born yet (the date above is the expected date of birth)"), sent.on("unborn")))
            (select(&c("sex", "Sex (optional)"), &codes(Sex::ALL, Sex::code, Sex::label), &[sent.get("sex").to_string()], false))
            (select(&c("ethnicity", "Ethnicity (optional)"), &codes(Ethnicity::ALL, Ethnicity::code, Ethnicity::label), &[sent.get("ethnicity").to_string()], false))
            @if !duplicates.is_empty() {
                (checkbox(&c("checked", "I have checked these records and none of them is this child"), false))
            }
            (textarea(&c("why", "Note for the record (optional)"), sent.get("why"), 2))
            (components::button_group(html! { (button("Register the child")) (components::link("/front-door", "Cancel")) }))
        }
    };
    Layout::new("Register a child").user(Some(user)).section("/front-door").errors(!errors.is_empty()).render(body)
}

async fn blank(State(_state): State<AppState>, user: SignedIn, RawQuery(raw): RawQuery) -> Result<Markup, AppError> {
    require(&user, "child.record.details", "register children")?;
    let sent = Sent(form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned().collect());
    Ok(form(&user, &sent, &Errors::default(), &[]))
}

async fn register(
    State(state): State<AppState>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "child.record.details", "register children")?;
    let sent = Sent(pairs);
    let mut errors = Errors::default();
    let q = query(&sent, &mut errors);
    if sent.get("surname").is_empty() && sent.get("forename").is_empty() && !sent.on("unborn") {
        errors.field("surname", "Enter the child's name");
    }
    if q.dob.is_none() && errors.of("dob").is_empty() {
        errors.field("dob", "Enter the date of birth, or the expected date of birth of an unborn child");
    }
    if !errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&user, &sent, &errors, &[])).into_response());
    }
    // The same search as the front door's, on what was typed: possible duplicates are shown until checked.
    let duplicates: Vec<Vec<Markup>> = {
        let index = state.index().await?;
        matches(&index, &q).iter().map(|(c, m)| child_row(&state, &user, c, m)).collect()
    };
    if !duplicates.is_empty() && !sent.on("checked") {
        errors.field("checked", "Check the possible duplicates, then say none of them is this child");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&user, &sent, &errors, &duplicates)).into_response());
    }
    let unborn = sent.on("unborn");
    let dob = q.dob.expect("checked above");
    let details = ChildDetails {
        forename: if sent.get("forename").is_empty() && unborn {
            "Unborn".into()
        } else {
            sent.get("forename").to_string()
        },
        surname: sent.get("surname").to_string(),
        sex: sent.get("sex").parse().ok(),
        dob: (!unborn).then_some(dob),
        expected_dob: unborn.then_some(dob),
        ethnicity: sent.get("ethnicity").parse().ok(),
        upn: q.upn.clone(),
        home_postcode: q.postcode.clone(),
        ..Default::default()
    };
    let at = state.now();
    let why = sent.get("why").to_string();
    let recorded = Recorded::new(at, user.username.clone(), (!why.is_empty()).then_some(why));
    let mut events = vec![(recorded.clone(), ChildEvent::Registered { details })];
    // The registering worker holds the child until a manager allocates it.
    if let (Some(worker), Some(team)) = (user.worker.clone(), user.team.clone()) {
        events.push((
            Recorded::new(at, user.username.clone(), None),
            ChildEvent::WorkerAllocated { date: state.today(), worker, team, reason: None },
        ));
    }
    let written = state
        .with_store(move |s| {
            let mut made = None;
            let r = s.transaction(&mut |tx| {
                let id = tx.new_child_id(CHILD_PREFIX)?;
                tx.append_child(&id, None, &events)?;
                made = Some(id);
                Ok(())
            });
            outcome(r.map(|()| made))
        })
        .await?;
    match written {
        Ok(Some(id)) => {
            state.sync().await?;
            audit(&state, &user.username, AuditAction::ChangeChild, Some(&id), "POST /children/new").await?;
            Ok(Redirect::to(&format!("/children/{id}")).into_response())
        }
        Ok(None) => Err(AppError::Internal("registration".into())),
        Err(why) => {
            errors.form(why.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form(&user, &sent, &errors, &[])).into_response())
        }
    }
}

