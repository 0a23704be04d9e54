//! People around a child (decision 002): the child's relationships and
//! alerts; adults (parents, carers, professionals) registered, found by the
//! tolerant search, their details amended with every earlier version kept.
//! A child's page opens the child's record through the access policy; an
//! adult's page is audited as a view of that person.

use super::sent::{Errors, Sent};
use crate::access::audit;
use crate::auth::SignedIn;
use crate::ui::components::{
    self, Colour, Column, Control, SummaryRow, Table, button, checkbox, date_input, error_summary, input, select,
    summary_list, tag, textarea,
};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, open, outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::access::AuditAction;
use carefile_domain::codes::{Ethnicity, Sex};
use carefile_domain::people::{
    Address, AlertKind, ChildConnections, ConnectionEvent, Person, PersonDetails, PersonEvent, PersonId, PersonRef,
    Professional, Relation, matching, normalise_postcode,
};
use carefile_domain::{ChildId, ItemNo, Recorded};
use carefile_store::{Expected, Subjects, TxSubjects};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/people", get(child_people))
        .route("/children/{id}/people/{action}", post(child_change))
        .route("/people", post(register))
        .route("/people/new", get(blank))
        .route("/people/{pid}", get(view))
        .route("/people/{pid}/edit", get(edit_form).post(edit))
}

/// How a person is named on a page: an adult's or a child's name, linked.
pub fn name_of(state: &AppState, who: &PersonRef) -> Markup {
    match who {
        PersonRef::Adult(p) => {
            let people = state.people();
            let name = people.adult(p).map_or(p.to_string(), |a| a.name.clone());
            html! { a.govuk-link href={ "/people/" (p) } { (name) } }
        }
        PersonRef::Child(c) => html! { a.govuk-link href={ "/children/" (c) } { (c) } },
    }
}

fn relations() -> Vec<(String, String)> {
    Relation::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

fn alert_kinds() -> Vec<(String, String)> {
    AlertKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect()
}

/// `child:C1` / `adult:P000001`, as a form carries a party.
fn party_code(p: &PersonRef) -> String {
    match p {
        PersonRef::Child(c) => format!("child:{c}"),
        PersonRef::Adult(a) => format!("adult:{a}"),
    }
}

fn party(v: &str) -> Option<PersonRef> {
    match v.split_once(':')? {
        ("child", c) => ChildId::new(c).ok().map(PersonRef::Child),
        ("adult", a) => PersonId::new(a).ok().map(PersonRef::Adult),
        _ => None,
    }
}

#[derive(Deserialize, Default)]
struct Find {
    #[serde(default)]
    q: String,
}

/// Adults matching `q`, as a list shows them (a professional with their role).
fn adults_found(state: &AppState, q: &matching::Query) -> Vec<(PersonRef, String)> {
    let people = state.people();
    people
        .search(q, 20)
        .into_iter()
        .filter_map(|(p, _)| {
            let a = people.adult(&p)?;
            let role = a.professional.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
            Some((PersonRef::Adult(p.clone()), format!("{}{role}", a.name)))
        })
        .collect()
}

/// An alert as the warning at the top of the child's pages.
pub fn alert_warning(a: &carefile_domain::people::Alert) -> maud::Markup {
    let detail = if a.detail.is_empty() { String::new() } else { format!(": {}", a.detail) };
    crate::ui::components::warning(&format!("{}{detail}", a.kind.label()))
}

/// The alerts in force on a child's record, shown to whoever opens it.
pub async fn current_alerts(
    state: &AppState,
    child: &ChildId,
) -> Result<Vec<carefile_domain::people::Alert>, AppError> {
    let (conn, _) = connections(state, child).await?;
    Ok(conn.map(|c| c.connections.current_alerts().cloned().collect()).unwrap_or_default())
}

async fn connections(state: &AppState, child: &ChildId) -> Result<(Option<ChildConnections>, u64), AppError> {
    let id = child.clone();
    Ok(state.read_store(move |s| s.subject::<ChildConnections>(&id)).await?.map_or((None, 0), |(c, v)| (Some(c), v)))
}

async fn child_people(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(f): Query<Find>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/people").await?;
    let (conn, _) = connections(&state, &id).await?;
    let me = PersonRef::Child(id.clone());
    let seen: Vec<_> = state.people().relationships(&me).into_iter().cloned().collect();
    let alerts: Vec<_> = conn.as_ref().map(|c| c.connections.alerts.clone()).unwrap_or_default();
    // Adults found by name, to add as a relationship; children by the index.
    let found: Vec<(PersonRef, String)> = if f.q.trim().is_empty() {
        Vec::new()
    } else {
        let q = matching::Query { name: f.q.clone(), ..Default::default() };
        let mut v = adults_found(&state, &q);
        let index = state.index().await?;
        v.extend(index.search(&q, 10).into_iter().filter(|(c, _)| *c != id).filter_map(|(c, _)| {
            let s = index.child(&c)?;
            // Only children the user may open are offered by name.
            (crate::access::decide(&state, &user, s, crate::access::READ) == carefile_domain::access::Access::Allow)
                .then(|| (PersonRef::Child(c.clone()), format!("{} (child)", s.name)))
        }));
        v
    };
    const RELS: [Column; 4] =
        [Column::new("Person"), Column::new("Is the child's"), Column::new("Since"), Column::new("")];
    const ALERTS: [Column; 4] = [Column::new("Alert"), Column::new("Detail"), Column::new("From"), Column::new("")];
    let base = format!("/children/{id}/people");
    let rel_rows: Vec<Vec<Markup>> = seen
        .iter()
        .filter(|s| s.current)
        .map(|s| {
            let since = conn
                .as_ref()
                .and_then(|c| c.connections.relationships.iter().find(|r| r.other == s.other && r.relation == s.relation && r.to.is_none()))
                .and_then(|r| r.from);
            let own = conn.as_ref().is_some_and(|c| c.connections.current_relationships().any(|r| r.other == s.other && r.relation == s.relation));
            vec![
                name_of(&state, &s.other),
                html! { (s.relation.label()) @if s.parental_responsibility { " " (tag(Colour::Blue, "Parental responsibility")) } },
                html! { @if let Some(d) = since { (text::short_date(d)) } },
                html! { @if own {
                    form method="post" action={ (base) "/end-relationship" } {
                        (csrf_input(&user.csrf))
                        input type="hidden" name="other" value=(party_code(&s.other));
                        input type="hidden" name="relation" value=(s.relation.code());
                        button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" type="submit" data-module="govuk-button" { "End" }
                    }
                } },
            ]
        })
        .collect();
    let body = html! {
        h2.govuk-heading-m { "Alerts" }
        @if alerts.iter().all(|a| a.to.is_some()) { p.govuk-body { "No current alerts." } } @else {
            (Table::new("Alerts", &ALERTS).hidden_caption().render(alerts.iter().filter(|a| a.to.is_none()).map(|a| vec![
                html! { (tag(Colour::Red, a.kind.label())) },
                html! { (a.detail) },
                html! { (text::short_date(a.from)) },
                html! { form method="post" action={ (base) "/end-alert" } {
                    (csrf_input(&user.csrf))
                    input type="hidden" name="no" value=(a.no);
                    (components::secondary_button("End"))
                } },
            ])))
        }
        (components::details("Raise an alert", html! {
            form method="post" action={ (base) "/alert" } {
                (csrf_input(&user.csrf))
                (select(&Control::new("alert-kind", "kind", "Alert"), &alert_kinds(), &[], false))
                (input(&Control::new("alert-detail", "detail", "Detail (optional)"), "text", "", None))
                (components::secondary_button("Raise the alert"))
            }
        }))
        h2.govuk-heading-m { "Relationships" }
        @if rel_rows.is_empty() { p.govuk-body { "No relationships recorded." } } @else {
            (Table::new("Relationships", &RELS).hidden_caption().render(rel_rows))
        }
        h3.govuk-heading-s { "Add someone" }
        form method="get" action=(base) {
            (input(&Control::new("q", "q", "Find a person by name").hint("A parent, carer, professional or another child"), "search", &f.q, None))
            (components::secondary_button("Find"))
        }
        @if !f.q.trim().is_empty() {
            @if found.is_empty() { p.govuk-body { "No one found." } }
            @for (who, name) in &found {
                form method="post" action={ (base) "/relationship" } {
                    (csrf_input(&user.csrf))
                    input type="hidden" name="other" value=(party_code(who));
                    fieldset.govuk-fieldset {
                        legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (name) }
                        (select(&Control::new(&format!("rel-{}", party_code(who)), "relation", "Is the child's"), &relations(), &[], false))
                        (checkbox(&Control::new(&format!("pr-{}", party_code(who)), "parental_responsibility", "Holds parental responsibility"), false))
                        (components::secondary_button("Add"))
                    }
                }
            }
            p.govuk-body { a.govuk-link href={ "/people/new?child=" (id) } { "Not found: register a new person" } }
        }
    };
    Ok(Layout::new("People and alerts")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

async fn child_change(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, action)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "person.record", "record relationships and alerts")?;
    let (id, _) = open(&state, &user, &raw, "POST /children/{id}/people/{action}").await?;
    let sent = Sent(pairs);
    let (conn, _) = connections(&state, &id).await?;
    let today = state.today();
    let event = match action.as_str() {
        "relationship" | "end-relationship" => {
            let other = party(sent.get("other")).ok_or_else(|| AppError::BadRequest("choose who".into()))?;
            let relation: Relation =
                sent.get("relation").parse().map_err(|_| AppError::BadRequest("choose the relationship".into()))?;
            if action == "relationship" {
                ConnectionEvent::RelationshipRecorded {
                    other,
                    relation,
                    from: None,
                    parental_responsibility: sent.on("parental_responsibility"),
                }
            } else {
                ConnectionEvent::RelationshipEnded { other, relation, date: today }
            }
        }
        "alert" => {
            let kind: AlertKind =
                sent.get("kind").parse().map_err(|_| AppError::BadRequest("choose the alert".into()))?;
            let no: ItemNo =
                conn.as_ref().map_or(0, |c| c.connections.alerts.iter().map(|a| a.no).max().unwrap_or(0)) + 1;
            ConnectionEvent::AlertRaised { no, kind, detail: sent.get("detail").to_string(), date: today }
        }
        "end-alert" => {
            let no: ItemNo = sent.get("no").parse().map_err(|_| AppError::BadRequest("which alert?".into()))?;
            ConnectionEvent::AlertEnded { no, date: today }
        }
        other => return Err(AppError::NotFound(format!("no action '{other}'"))),
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let child = id.clone();
    match state
        .with_store(move |s| outcome(s.append::<ChildConnections>(&child, Expected::Any, &[(recorded, event)])))
        .await?
    {
        Ok(_) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/children/{id}/people")).into_response())
        }
        Err(why) => Err(AppError::BadRequest(why.to_string())),
    }
}

// ------------------------------------------------------------------ adults

#[derive(Deserialize, Default)]
struct ForChild {
    child: Option<String>,
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|c| (code(*c).to_string(), label(*c).to_string())).collect()
}

fn details_form(
    user: &SignedIn,
    action: &str,
    title: &str,
    sent: &Sent,
    errors: &Errors,
    version: Option<u64>,
) -> Markup {
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let body = html! {
        (error_summary(&errors.problems()))
        form method="post" action=(action) novalidate {
            (csrf_input(&user.csrf))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            @if !sent.get("child").is_empty() {
                input type="hidden" name="child" value=(sent.get("child"));
                (select(&c("relation", "This person is the child's").required(true), &relations(), &[sent.get("relation").to_string()], false))
                (checkbox(&c("parental_responsibility", "Holds parental responsibility for the child"), sent.on("parental_responsibility")))
            }
            (input(&c("forename", "First name"), "text", sent.get("forename"), Some("off")))
            (input(&c("surname", "Last name"), "text", sent.get("surname"), Some("off")))
            (textarea(&c("former_names", "Former names (optional)").hint("One a line"), sent.get("former_names"), 2))
            (date_input(&c("dob", "Date of birth (optional)"), sent.date_value("dob")))
            (select(&c("sex", "Sex (optional)"), &codes(Sex::ALL, Sex::code, Sex::label), &[sent.get("sex").to_string()], false))
            (select(&c("ethnicity", "Ethnicity (optional)"), &codes(Ethnicity::ALL, Ethnicity::code, Ethnicity::label), &[sent.get("ethnicity").to_string()], false))
            (input(&c("nhs_number", "NHS number (optional)").hint("10 digits"), "text", sent.get("nhs_number"), None))
            (textarea(&c("address", "Address (optional)"), sent.get("address"), 3))
            (input(&c("postcode", "Postcode (optional)"), "text", sent.get("postcode"), None))
            (input(&c("phone", "Telephone (optional)"), "tel", sent.get("phone"), None))
            (input(&c("email", "Email (optional)"), "email", sent.get("email"), None))
            (input(&c("agency", "Professional: agency (optional)").hint("For a professional involved: the practice, school or service"), "text", sent.get("agency"), None))
            (input(&c("role", "Professional: role (optional)"), "text", sent.get("role"), None))
            (components::button_group(html! { (button("Save")) (components::link("/", "Cancel")) }))
        }
    };
    Layout::new(title).user(Some(user)).errors(!errors.is_empty()).render(body)
}

/// Reads an adult's details, or the errors beside them.
fn read_details(sent: &Sent, today: chrono::NaiveDate) -> Result<PersonDetails, Errors> {
    let mut e = Errors::default();
    let dob = e.optional_date(sent, "dob", "The date of birth");
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let postcode = match sent.get("postcode") {
        "" => None,
        p => match normalise_postcode(p) {
            Some(p) => Some(p),
            None => {
                e.field("postcode", "Enter a real postcode, like LE1 6ZG");
                None
            }
        },
    };
    let address = (!sent.get("address").is_empty() || postcode.is_some())
        .then(|| Address { lines: sent.get("address").to_string(), postcode });
    let professional = match (sent.get("agency"), sent.get("role")) {
        ("", "") => None,
        (agency, role) => Some(Professional { agency: agency.to_string(), role: role.to_string() }),
    };
    let details = PersonDetails {
        forename: sent.get("forename").to_string(),
        surname: sent.get("surname").to_string(),
        former_names: sent
            .get("former_names")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        dob,
        sex: sent.get("sex").parse().ok(),
        ethnicity: sent.get("ethnicity").parse().ok(),
        nhs_number: opt(&sent.get("nhs_number").replace(' ', "")),
        address,
        phone: opt(sent.get("phone")),
        email: opt(sent.get("email")),
        professional,
    };
    if let Err(bad) = details.check(Some(today)) {
        e.field(bad.field, bad.message);
    }
    if e.is_empty() { Ok(details) } else { Err(e) }
}

async fn blank(State(state): State<AppState>, user: SignedIn, Query(f): Query<ForChild>) -> Result<Markup, AppError> {
    require(&user, "person.record", "register people")?;
    let mut sent = Sent::default();
    if let Some(child) = f.child {
        open(&state, &user, &child, "GET /people/new").await?;
        sent.0.push(("child".into(), child));
    }
    Ok(details_form(&user, "/people", "Register a person", &sent, &Errors::default(), None))
}

async fn register(
    State(state): State<AppState>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "person.record", "register people")?;
    let sent = Sent(pairs);
    let child = match sent.get("child") {
        "" => None,
        raw => Some(open(&state, &user, raw, "POST /people").await?.0),
    };
    let redraw = |e: &Errors| {
        (StatusCode::UNPROCESSABLE_ENTITY, details_form(&user, "/people", "Register a person", &sent, e, None))
            .into_response()
    };
    let details = match read_details(&sent, state.today()) {
        Ok(d) => d,
        Err(e) => return Ok(redraw(&e)),
    };
    let relation: Option<Relation> = sent.get("relation").parse().ok();
    if child.is_some() && relation.is_none() {
        let mut e = Errors::default();
        e.field("relation", "Select what this person is to the child");
        return Ok(redraw(&e));
    }
    let pr = sent.on("parental_responsibility");
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let written = state
        .with_store(move |s| {
            let mut made = None;
            let r = s.transaction(&mut |tx| {
                let (person, _) =
                    tx.create::<Person>(&[(recorded.clone(), PersonEvent::Registered { details: details.clone() })])?;
                if let (Some(child), Some(relation)) = (&child, relation) {
                    let rel = ConnectionEvent::RelationshipRecorded {
                        other: PersonRef::Adult(person.clone()),
                        relation,
                        from: None,
                        parental_responsibility: pr,
                    };
                    tx.append::<ChildConnections>(child, Expected::Any, &[(recorded.clone(), rel)])?;
                }
                made = Some(person);
                Ok(())
            });
            outcome(r.map(|()| made))
        })
        .await?;
    match written {
        Ok(Some(person)) => {
            state.sync().await?;
            let next = match sent.get("child") {
                "" => format!("/people/{person}"),
                c => format!("/children/{c}/people"),
            };
            Ok(Redirect::to(&next).into_response())
        }
        Ok(None) => Err(AppError::Internal("person".into())),
        Err(why) => {
            let mut e = Errors::default();
            e.form(why.to_string());
            Ok(redraw(&e))
        }
    }
}

async fn load(state: &AppState, user: &SignedIn, raw: &str, route: &str) -> Result<(Person, u64), AppError> {
    if !user.may(crate::access::READ) {
        return Err(AppError::Forbidden("your role does not work with people's records".into()));
    }
    let id = PersonId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let lookup = id.clone();
    let found = state.read_store(move |s| s.subject::<Person>(&lookup)).await?;
    let found = found.ok_or_else(|| AppError::NotFound(format!("no person {raw}")))?;
    audit(state, &user.username, AuditAction::ViewChild, None, format!("{route} {id}")).await?;
    Ok(found)
}

fn detail_rows(d: &PersonDetails) -> Vec<(&'static str, String)> {
    let mut rows = vec![("Name", d.full_name())];
    if !d.former_names.is_empty() {
        rows.push(("Former names", d.former_names.join("; ")));
    }
    rows.push(("Date of birth", d.dob.map_or("Not known".into(), text::date)));
    if let Some(s) = d.sex {
        rows.push(("Sex", s.label().into()));
    }
    if let Some(e) = d.ethnicity {
        rows.push(("Ethnicity", e.label().into()));
    }
    if let Some(n) = &d.nhs_number {
        rows.push(("NHS number", n.clone()));
    }
    if let Some(a) = &d.address {
        rows.push((
            "Address",
            format!(
                "{}{}",
                a.lines.replace('\n', ", "),
                a.postcode.as_ref().map(|p| format!(", {p}")).unwrap_or_default()
            ),
        ));
    }
    for (k, v) in [("Telephone", &d.phone), ("Email", &d.email)] {
        if let Some(v) = v {
            rows.push((k, v.clone()));
        }
    }
    if let Some(p) = &d.professional {
        rows.push(("Professional", format!("{}, {}", p.role, p.agency)));
    }
    rows
}

async fn view(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let (person, _) = load(&state, &user, &raw, "GET /people/{pid}").await?;
    let id = person.id.clone();
    let log = state.read_store(move |s| s.subject_log::<Person>(&id)).await?;
    let me = PersonRef::Adult(person.id.clone());
    let seen: Vec<_> = state.people().relationships(&me).into_iter().cloned().collect();
    let rows = detail_rows(&person.details);
    // Each earlier version of the details, with who replaced it and when.
    let mut versions = Vec::new();
    let mut before: Option<&PersonDetails> = None;
    for e in &log {
        if let PersonEvent::Registered { details } | PersonEvent::DetailsAmended { details } = &e.event {
            if let Some(b) = before {
                versions.push((b, state.who(&e.recorded.by), e.recorded.at.date_naive()));
            }
            before = Some(details);
        }
    }
    const RELS: [Column; 2] = [Column::new("Person"), Column::new("Relationship")];
    let body = html! {
        @for a in person.connections.current_alerts() { (components::warning(&format!("{}: {}", a.kind.label(), a.detail))) }
        (summary_list(&rows.iter().map(|(k, v)| SummaryRow::text(k, v)).collect::<Vec<_>>()))
        p.govuk-body { (components::button_link(&format!("/people/{}/edit", person.id), "Change the details", true)) }
        h2.govuk-heading-m { "Relationships" }
        @if seen.is_empty() { p.govuk-body { "None recorded." } } @else {
            (Table::new("Relationships", &RELS).hidden_caption().render(seen.iter().map(|s| vec![
                name_of(&state, &s.other),
                html! { (s.relation.label()) " to this person" @if !s.current { " (ended)" } },
            ])))
        }
        @if !versions.is_empty() {
            h2.govuk-heading-m { "Earlier details" }
            @for (d, by, on) in versions.iter().rev() {
                h3.govuk-heading-s { "Replaced by " (by) " on " (text::date(*on)) }
                (summary_list(&detail_rows(d).iter().map(|(k, v)| SummaryRow::text(k, v)).collect::<Vec<_>>()))
            }
        }
    };
    Ok(Layout::new(&person.name()).caption("Person").user(Some(&user)).render(body))
}

fn prefill(d: &PersonDetails) -> Sent {
    let mut v: Vec<(String, String)> = vec![
        ("forename".into(), d.forename.clone()),
        ("surname".into(), d.surname.clone()),
        ("former_names".into(), d.former_names.join("\n")),
        ("sex".into(), d.sex.map(|s| s.code().to_string()).unwrap_or_default()),
        ("ethnicity".into(), d.ethnicity.map(|e| e.code().to_string()).unwrap_or_default()),
        ("nhs_number".into(), d.nhs_number.clone().unwrap_or_default()),
        ("address".into(), d.address.as_ref().map(|a| a.lines.clone()).unwrap_or_default()),
        ("postcode".into(), d.address.as_ref().and_then(|a| a.postcode.clone()).unwrap_or_default()),
        ("phone".into(), d.phone.clone().unwrap_or_default()),
        ("email".into(), d.email.clone().unwrap_or_default()),
        ("agency".into(), d.professional.as_ref().map(|p| p.agency.clone()).unwrap_or_default()),
        ("role".into(), d.professional.as_ref().map(|p| p.role.clone()).unwrap_or_default()),
    ];
    if let Some(dob) = d.dob {
        v.push(("dob-day".into(), dob.format("%-d").to_string()));
        v.push(("dob-month".into(), dob.format("%-m").to_string()));
        v.push(("dob-year".into(), dob.format("%Y").to_string()));
    }
    Sent(v)
}

async fn edit_form(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    require(&user, "person.record", "change people's details")?;
    let (person, version) = load(&state, &user, &raw, "GET /people/{pid}/edit").await?;
    let action = format!("/people/{}/edit", person.id);
    Ok(details_form(
        &user,
        &action,
        &format!("Change {}'s details", person.name()),
        &prefill(&person.details),
        &Errors::default(),
        Some(version),
    ))
}

async fn edit(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "person.record", "change people's details")?;
    let (person, version) = load(&state, &user, &raw, "POST /people/{pid}/edit").await?;
    let sent = Sent(pairs);
    let loaded_at: u64 = sent.get("version").parse().unwrap_or(version);
    let action = format!("/people/{}/edit", person.id);
    let title = format!("Change {}'s details", person.name());
    let redraw = |e: &Errors| {
        (StatusCode::UNPROCESSABLE_ENTITY, details_form(&user, &action, &title, &sent, e, Some(loaded_at)))
            .into_response()
    };
    let details = match read_details(&sent, state.today()) {
        Ok(d) => d,
        Err(e) => return Ok(redraw(&e)),
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let id = person.id.clone();
    let event = PersonEvent::DetailsAmended { details };
    match state
        .with_store(move |s| outcome(s.append::<Person>(&id, Expected::Version(loaded_at), &[(recorded, event)])))
        .await?
    {
        Ok(_) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/people/{}", person.id)).into_response())
        }
        Err(Refusal::Stale) => {
            let mut e = Errors::default();
            e.form("Someone changed these details since you opened them: your changes are below; open the person again to see theirs.");
            Ok(redraw(&e))
        }
        Err(Refusal::Refused(m)) => {
            let mut e = Errors::default();
            e.form(m);
            Ok(redraw(&e))
        }
    }
}
