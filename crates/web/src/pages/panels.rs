//! Running a panel (decision 007): the sittings (`/panels`), one sitting's page with its agenda,
//! the business ready to come to it drawn from the households' records, who attended with the
//! quorum checked against the authority's rules (`/panels/{id}/held`), and from each case the
//! step that is next: the panel's recommendation, then the agency decision maker's decision
//! (on the household's record where it is kept there, the sitting's entry written with it).
//! The entries themselves are the declared forms of the panel stream (`pages::entries`).

use super::csrf_input;
use crate::access::{audit, audit_list};
use crate::auth::SignedIn;
use crate::ui::components::{
    Colour, Column, Control, SummaryRow, Table, button, button_group, button_link, checkbox, error_summary, input, select,
    summary_list, tag,
};
use crate::ui::{Layout, text};
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use carefile_domain::access::AuditAction;
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::fostering::{CarerRecord, ReviewDecision};
use carefile_domain::panels::agenda::{self, Ready};
use carefile_domain::panels::{ActionStatus, Attendee, Case, Panel, PanelEvent, PanelRole, Sitting, SittingId};
use carefile_domain::stream::Projection;
use carefile_domain::{Recorded, WorkerId};
use carefile_store::{Expected, StoreError, Subjects};
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/panels", get(list))
        .route("/panels/{id}", get(sitting))
        .route("/panels/{id}/held", get(attendance).post(record_attendance))
}

/// Who sees sittings: the panel's people, and those who work with the households it hears.
fn may_view(user: &SignedIn) -> Result<(), AppError> {
    if user.may("panel.read") || user.may("household.read") {
        Ok(())
    } else {
        Err(AppError::Forbidden("your role does not work with panels".into()))
    }
}

pub(crate) fn staff_name(state: &AppState, w: &WorkerId) -> String {
    state.org().staff.get(w).map_or_else(|| w.to_string(), |s| s.name.clone())
}

/// The panels whose sittings carefile runs.
const RUN: [Panel; 4] = [Panel::Fostering, Panel::Adoption, Panel::Permanence, Panel::ChildrensDecisionMeeting];

async fn list(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    may_view(&user)?;
    let (sittings, carers, adopters) = state
        .read_store(|s| {
            let sittings: Vec<Sitting> = s.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
            let carers: Vec<CarerRecord> = s.subjects::<CarerRecord>(None)?.into_iter().map(|r| r.0).collect();
            let adopters: Vec<AdopterRecord> = s.subjects::<AdopterRecord>(None)?.into_iter().map(|r| r.0).collect();
            Ok((sittings, carers, adopters))
        })
        .await?;
    audit(&state, &user.username, AuditAction::ViewList, None, "GET /panels".to_string()).await?;
    let today = state.today();
    let mut coming: Vec<&Sitting> = sittings.iter().filter(|s| s.date >= today && !s.held() && s.cancelled.is_none()).collect();
    coming.sort_by_key(|s| s.date);
    let mut past: Vec<&Sitting> = sittings.iter().filter(|s| !coming.iter().any(|c| c.id == s.id)).collect();
    past.sort_by(|a, b| b.date.cmp(&a.date));
    past.truncate(30);
    let waiting: Vec<(Panel, usize)> =
        RUN.iter().map(|p| (*p, agenda::ready(*p, &carers, &adopters, &sittings).len())).filter(|(_, n)| *n > 0).collect();
    const COLUMNS: [Column; 4] = [Column::new("Sitting"), Column::new("Panel"), Column::new("Cases"), Column::new("Where it stands")];
    let rows = |list: &[&Sitting]| -> Vec<Vec<Markup>> {
        list.iter()
            .map(|s| {
                vec![
                    html! { a.govuk-link href={ "/panels/" (s.id) } { (text::date(s.date)) span.govuk-visually-hidden { " (" (s.id) ")" } } },
                    html! { (s.panel.label()) },
                    html! { (s.cases.iter().filter(|c| c.withdrawn.is_none()).count()) },
                    standing(s),
                ]
            })
            .collect()
    };
    let body = html! {
        @if user.may("panel.record") {
            (button_group(button_link("/panels/new/record/schedule", "Schedule a sitting", false)))
        }
        @if !waiting.is_empty() {
            h2.govuk-heading-m { "Waiting to be listed" }
            ul.govuk-list.govuk-list--bullet {
                @for (p, n) in &waiting { li { (p.label()) ": " (n) " " (if *n == 1 { "household" } else { "households" }) " ready for the panel" } }
            }
        }
        h2.govuk-heading-m { "Coming up" }
        @if coming.is_empty() { p.govuk-body { "No sitting is scheduled." } } @else {
            (Table::new("Coming up", &COLUMNS).hidden_caption().render(rows(&coming)))
        }
        h2.govuk-heading-m { "Held and past" }
        @if past.is_empty() { p.govuk-body { "None yet." } } @else {
            (Table::new("Held and past", &COLUMNS).hidden_caption().render(rows(&past)))
        }
    };
    Ok(Layout::new("Panels").section("/panels").user(Some(&user)).render(body))
}

/// Where a sitting stands, in a tag.
fn standing(s: &Sitting) -> Markup {
    let waiting = s.cases.iter().filter(|c| c.awaits_decision()).count();
    match (&s.cancelled, &s.quorum) {
        (Some(_), _) => tag(Colour::Grey, "Cancelled"),
        (None, None) => tag(Colour::Blue, "Scheduled"),
        (None, Some(q)) if !q.met => tag(Colour::Red, "Not quorate"),
        (None, Some(_)) if waiting > 0 => tag(Colour::Yellow, &format!("{waiting} waiting for the agency decision maker")),
        (None, Some(_)) => tag(Colour::Green, "Held"),
    }
}

/// The sitting `raw`, its version, and (for its agenda) the households' records and every sitting.
async fn read(state: &AppState, raw: &str) -> Result<(Sitting, u64, Vec<Ready>), AppError> {
    let id = SittingId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let (found, carers, adopters, sittings) = state
        .read_store(move |s| {
            let found = s.subject::<Sitting>(&id)?;
            let carers: Vec<CarerRecord> = s.subjects::<CarerRecord>(None)?.into_iter().map(|r| r.0).collect();
            let adopters: Vec<AdopterRecord> = s.subjects::<AdopterRecord>(None)?.into_iter().map(|r| r.0).collect();
            let sittings: Vec<Sitting> = s.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
            Ok((found, carers, adopters, sittings))
        })
        .await?;
    let (s, version) = found.ok_or_else(|| AppError::NotFound(format!("no panel sitting {raw}")))?;
    let ready = agenda::ready(s.panel, &carers, &adopters, &sittings);
    Ok((s, version, ready))
}

/// The address of the form that records `decision` on `case` (the household's or the child's
/// record where the decision is kept there), filled in with what the case already says.
fn decision_form(s: &Sitting, c: &Case, decision: carefile_domain::panels::Recommendation, today: chrono::NaiveDate) -> Option<(String, &'static str)> {
    match c.business.recorded_on(decision) {
        Some((stream, slug)) if stream == carefile_domain::panels::agenda::CHILD => {
            let (child, h) = (c.child.as_ref()?, c.household.as_ref()?);
            Some((
                format!("/children/{child}/record/{slug}?sitting={}&case={}&household={h}&date={today}", s.id, c.no),
                "child.decide.adoption",
            ))
        }
        Some((stream, slug)) => {
            let h = c.household.as_ref()?;
            let route = if stream == CarerRecord::STREAM { "fostering" } else { "adoption" };
            let about = c.about.map(|n| n.to_string()).unwrap_or_default();
            let review = ReviewDecision::ALL.iter().find(|r| r.recommendation() == decision).map_or("", |r| r.code());
            Some((
                format!(
                    "/households/{h}/{route}/record/{slug}?sitting={}&case={}&application={about}&review={about}&temporary={about}&decision={review}&date={today}",
                    s.id, c.no
                ),
                "household.decide",
            ))
        }
        None => Some((format!("/panels/{}/record/decide?case={}&decision={}&date={today}", s.id, c.no, decision.code()), "panel.decide")),
    }
}

async fn sitting(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    may_view(&user)?;
    let (s, version, ready) = read(&state, &raw).await?;
    // The children the agenda names are listed in the audit entry, as any list of children is.
    let named = s.cases.iter().filter_map(|c| c.child.clone()).chain(ready.iter().filter_map(|r| r.child.clone()));
    audit_list(&state, &user.username, &format!("GET /panels/{{id}} {}", s.id), named).await?;
    let today = state.today();
    let rule = state.config().fostering.panels.quorum.rule(s.panel);
    const CASES: [Column; 5] =
        [Column::new("Case"), Column::new("Business"), Column::new("About"), Column::new("Recommendation"), Column::new("Agency decision")];
    const READY: [Column; 4] = [Column::new("Household"), Column::new("Business"), Column::new("Ready since"), Column::new("Agenda")];
    const ACTIONS: [Column; 4] = [Column::new("Action"), Column::new("Owner"), Column::new("Due"), Column::new("Status")];
    let quorum = match (&s.quorum, &s.cancelled) {
        (_, Some(why)) => format!("Cancelled: {why}"),
        (Some(q), None) if q.met => format!("Quorate ({})", q.rule),
        (Some(q), None) => format!("Not quorate: {}", q.shortfall),
        (None, None) => format!("Not held yet. The panel needs {}", rule.describe()),
    };
    let open = s.cancelled.is_none();
    let quorate = s.quorum.as_ref().is_some_and(|q| q.met);
    let (record, decide_here, decide_household) = (user.may("panel.record"), user.may("panel.decide"), user.may("household.decide"));
    let may = |key: &str| match key {
        "household.decide" => decide_household,
        _ => decide_here,
    };
    let next_case = s.cases.iter().map(|c| c.no).max().unwrap_or(0) + 1;
    let body = html! {
        (summary_list(&[
            SummaryRow::text("Panel", s.panel.label()),
            SummaryRow::text("Date", &text::date(s.date)),
            SummaryRow::text("Quorum", &quorum),
            SummaryRow::text("Attending", &if s.attendees.is_empty() { "Not recorded yet".to_string() } else {
                s.attendees.iter().map(|a| format!("{} ({}{})", a.name, a.role.label(), if a.independent { ", independent" } else { "" })).collect::<Vec<_>>().join("; ")
            }),
        ]))
        @if record && open {
            (button_group(html! {
                @if !s.held() { (button_link(&format!("/panels/{}/held", s.id), "Record who attended", false)) }
                (button_link(&format!("/panels/{}/record", s.id), "Record something else", true))
            }))
        }
        h2.govuk-heading-m id="agenda" { "Agenda" }
        @if s.cases.is_empty() { p.govuk-body { "No case is listed yet." } } @else {
            (Table::new("Agenda", &CASES).hidden_caption().render(s.cases.iter().map(|c| vec![
                html! { span id={ "case-" (c.no) } { (c.no) } },
                html! { (c.business.label()) },
                html! {
                    @if let Some(h) = &c.household { a.govuk-link href={ "/households/" (h) } { (h) } " " }
                    @if let Some(ch) = &c.child { a.govuk-link href={ "/children/" (ch) } { (ch) } }
                },
                html! {
                    @if let Some(w) = &c.withdrawn { "Taken off the agenda: " (w) }
                    @else if let Some(h) = &c.heard {
                        (h.recommendation.label())
                        @if let Some(g) = h.quality { br; span.govuk-hint { "Report: " (g.label()) } }
                    }
                    @else if record && quorate {
                        a.govuk-link href={ "/panels/" (s.id) "/record/hear?case=" (c.no) } { "Record the recommendation" span.govuk-visually-hidden { " on case " (c.no) } }
                    }
                    @else { "Not heard yet" }
                },
                html! {
                    @if let Some(d) = &c.decided {
                        (d.decision.label()) " on " (text::date(d.date))
                        @if !d.reasons.is_empty() { br; span.govuk-hint { "Reasons: " (d.reasons) } }
                    }
                    @else if c.awaits_decision() {
                        (tag(Colour::Yellow, "Waiting"))
                        @for r in c.business.recommendations() {
                            @if let Some((href, _)) = decision_form(&s, c, *r, today).filter(|(_, k)| may(*k)) {
                                br; a.govuk-link href=(href) { "Decide: " (r.label()) span.govuk-visually-hidden { " (case " (c.no) ")" } }
                            }
                        }
                    }
                },
            ])))
        }
        @if record && open && !ready.is_empty() {
            h2.govuk-heading-m { "Ready for this panel" }
            p.govuk-body { "From the households' records: assessments complete and reviews held for the panel, not yet listed at a sitting." }
            (Table::new("Ready for this panel", &READY).hidden_caption().render(ready.iter().map(|r| vec![
                html! { a.govuk-link href={ "/households/" (r.household) } { (r.household) } @if let Some(c) = &r.child { " for " (c) } },
                html! { (r.business.label()) },
                html! { (text::date(r.since)) },
                html! {
                    form method="post" action={ "/panels/" (s.id) "/record/list" } novalidate {
                        (csrf_input(&user.csrf))
                        input type="hidden" name="version" value=(version);
                        input type="hidden" name="case" value=(next_case);
                        input type="hidden" name="business" value=(r.business.code());
                        input type="hidden" name="household" value=(r.household);
                        @if let Some(c) = &r.child { input type="hidden" name="child" value=(c); }
                        input type="hidden" name="about" value=(r.about);
                        button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" type="submit" data-module="govuk-button" {
                            "List" span.govuk-visually-hidden { " " (r.household) }
                        }
                    }
                },
            ])))
        }
        h2.govuk-heading-m { "Actions" }
        @if s.actions.is_empty() { p.govuk-body { "None set." } } @else {
            (Table::new("Actions", &ACTIONS).hidden_caption().render(s.actions.iter().map(|a| vec![
                html! { (a.what) },
                html! { (staff_name(&state, &a.owner)) },
                html! { (text::date(a.due)) },
                html! { @match &a.status {
                    ActionStatus::Open => (tag(Colour::Blue, "Open")),
                    ActionStatus::Done { by, .. } => (tag(Colour::Yellow, &format!("Done by {by}, to verify"))),
                    ActionStatus::Verified { by, .. } => (tag(Colour::Green, &format!("Verified by {by}"))),
                } },
            ])))
        }
        p.govuk-body { a.govuk-link href={ "/panels/" (s.id) "/record" } { "The sitting's chronology" } }
    };
    let title = format!("{} sitting {}", s.panel.label(), s.id);
    Ok(Layout::new(&title).caption("Panels").section("/panels").back("/panels", "All sittings").user(Some(&user)).render(body))
}

// ---- who attended ----

/// Rows on the attendance form.
const ROWS: usize = 12;
/// The box that records a sitting that was not quorate, knowingly.
const NOT_QUORATE: &str = "not_quorate";

fn roles() -> Vec<(String, String)> {
    PanelRole::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

/// The form's rows as sent: (name, role code, independent), blank rows left out.
fn rows_sent(sent: &[(String, String)]) -> Vec<(usize, String, String, bool)> {
    let get = |name: String| sent.iter().find(|(n, _)| *n == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    (1..=ROWS)
        .map(|i| (i, get(format!("name-{i}")), get(format!("role-{i}")), get(format!("independent-{i}")) == "on"))
        .filter(|(_, n, r, _)| !n.is_empty() || !r.is_empty())
        .collect()
}

/// Reads the attendance: the people, or the errors beside their rows.
fn attendees(sent: &[(String, String)]) -> Result<Vec<Attendee>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, name, role, independent) in rows_sent(sent) {
        if name.is_empty() {
            errors.push((format!("name-{i}"), format!("Enter the name of person {i}")));
        } else if name.chars().count() > 200 {
            errors.push((format!("name-{i}"), format!("Person {i}'s name must be 200 characters or fewer")));
        }
        let role = PanelRole::ALL.iter().find(|r| r.code() == role);
        if role.is_none() {
            errors.push((format!("role-{i}"), format!("Choose what part person {i} had at the sitting")));
        }
        if let (Some(role), true) = (role, errors.is_empty()) {
            out.push(Attendee { name, role: *role, independent });
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(("name-1".into(), "Enter who attended the sitting".into()));
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

async fn open_for_attendance(state: &AppState, user: &SignedIn, raw: &str, route: &str) -> Result<(Sitting, u64, Vec<Attendee>), AppError> {
    if !user.may("panel.record") {
        let why = format!("a {} does not record who attended a panel (panel.record is needed)", user.role_label().to_lowercase());
        audit(state, &user.username, AuditAction::Denied, None, format!("{route}: {why}")).await?;
        return Err(AppError::Forbidden(why));
    }
    let id = SittingId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let (found, sittings) = state
        .read_store(move |s| Ok((s.subject::<Sitting>(&id)?, s.subjects::<Sitting>(None)?)))
        .await?;
    let (s, version) = found.ok_or_else(|| AppError::NotFound(format!("no panel sitting {raw}")))?;
    audit(state, &user.username, AuditAction::ViewChild, None, format!("{route} {}", s.id)).await?;
    // Panels keep their members: the last sitting held of the same panel fills the form in.
    let last = sittings
        .into_iter()
        .map(|r| r.0)
        .filter(|x| x.panel == s.panel && x.held() && x.date < s.date && x.id != s.id)
        .max_by_key(|x| x.date)
        .map(|x| x.attendees)
        .unwrap_or_default();
    Ok((s, version, last))
}

fn attendance_page(state: &AppState, user: &SignedIn, s: &Sitting, version: u64, filled: &[(String, String)], errors: &[(String, String)], short: Option<&str>) -> Markup {
    let rule = state.config().fostering.panels.quorum.rule(s.panel);
    let value = |name: String| filled.iter().find(|(n, _)| *n == name).map_or(String::new(), |(_, v)| v.clone());
    let error = |name: &str| errors.iter().filter(|(n, _)| n == name).map(|(_, m)| m.as_str()).collect::<Vec<_>>();
    let mut problems: Vec<(Option<&str>, &str)> = Vec::new();
    let shortfall = short.map(|why| format!("The panel is not quorate: {why}. It needs {}.", rule.describe()));
    if let Some(m) = &shortfall {
        problems.push((Some("f-not_quorate"), m.as_str()));
    }
    let ids: Vec<(String, &str)> = errors.iter().map(|(n, m)| (format!("f-{n}"), m.as_str())).collect();
    problems.extend(ids.iter().map(|(id, m)| (Some(id.as_str()), *m)));
    let body = html! {
        (error_summary(&problems))
        p.govuk-body { (s.panel.label()) " on " (text::date(s.date)) ". The panel needs " (rule.describe()) ": advisers, minute takers and observers attend but do not count." }
        form method="post" action={ "/panels/" (s.id) "/held" } novalidate {
            (csrf_input(&user.csrf))
            input type="hidden" name="version" value=(version);
            @for i in 1..=ROWS {
                @let (name, role, ind) = (format!("name-{i}"), format!("role-{i}"), format!("independent-{i}"));
                @let (name_id, role_id, ind_id) = (format!("f-{name}"), format!("f-{role}"), format!("f-{ind}"));
                @let legend = format!("Person {i}");
                fieldset.govuk-fieldset {
                    legend.govuk-fieldset__legend.govuk-fieldset__legend--s { (legend) }
                    div.govuk-grid-row {
                        div.govuk-grid-column-one-half {
                            (input(&Control::new(&name_id, &name, "Name").errors(error(&name)), "text", &value(name.clone()), Some("off")))
                        }
                        div.govuk-grid-column-one-half {
                            (select(&Control::new(&role_id, &role, "Part at the sitting").errors(error(&role)), &roles(), &[value(role.clone())], false))
                        }
                    }
                    (checkbox(&Control::new(&ind_id, &ind, "Independent of the agency"), value(ind.clone()) == "on"))
                }
            }
            @if let Some(m) = &shortfall {
                (checkbox(&Control::new("f-not_quorate", NOT_QUORATE, "Record the sitting as not quorate: it can hear no cases").errors(vec![m.as_str()]), false))
            }
            (button_group(html! { (button("Save")) a.govuk-link href={ "/panels/" (s.id) } { "Cancel" } }))
        }
    };
    Layout::new("Who attended")
        .caption(&format!("{} sitting {}", s.panel.label(), s.id))
        .section("/panels")
        .back(&format!("/panels/{}", s.id), "Back")
        .errors(!problems.is_empty())
        .user(Some(user))
        .render(body)
}

async fn attendance(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    let (s, version, last) = open_for_attendance(&state, &user, &raw, "GET /panels/{id}/held").await?;
    let filled: Vec<(String, String)> = last
        .iter()
        .enumerate()
        .take(ROWS)
        .flat_map(|(i, a)| {
            let n = i + 1;
            let mut v = vec![(format!("name-{n}"), a.name.clone()), (format!("role-{n}"), a.role.code().to_string())];
            if a.independent {
                v.push((format!("independent-{n}"), "on".to_string()));
            }
            v
        })
        .collect();
    Ok(attendance_page(&state, &user, &s, version, &filled, &[], None))
}

async fn record_attendance(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>, Form(sent): Form<Vec<(String, String)>>) -> Result<Response, AppError> {
    let (s, version, _) = open_for_attendance(&state, &user, &raw, "POST /panels/{id}/held").await?;
    let refused = |errors: Vec<(String, String)>, short: Option<&str>| {
        (StatusCode::UNPROCESSABLE_ENTITY, attendance_page(&state, &user, &s, version, &sent, &errors, short)).into_response()
    };
    let loaded = sent.iter().find(|(n, _)| n == "version").and_then(|(_, v)| v.parse::<u64>().ok());
    if loaded != Some(version) {
        return Ok(refused(vec![("name-1".into(), super::entries::STALE.to_string())], None));
    }
    let people = match attendees(&sent) {
        Ok(p) => p,
        Err(errors) => return Ok(refused(errors, None)),
    };
    let quorum = state.config().fostering.panels.quorum.rule(s.panel).check(&people);
    let knowingly = sent.iter().any(|(n, v)| n == NOT_QUORATE && v == "on");
    if !quorum.met && !knowingly {
        return Ok(refused(vec![], Some(&quorum.shortfall)));
    }
    let event = PanelEvent::Held { attendees: people, quorum };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let id = s.id.clone();
    let written = state
        .with_store(move |st| match st.append::<Sitting>(&id, Expected::Version(version), &[(recorded, event)]) {
            Ok(_) => Ok(Ok(())),
            Err(StoreError::SubjectConflict { .. }) => Ok(Err(super::entries::STALE.to_string())),
            Err(StoreError::Stream(e)) => Ok(Err(e.message)),
            Err(e) => Err(e),
        })
        .await?;
    match written {
        Ok(()) => {
            state.sync().await?;
            Ok(Redirect::to(&format!("/panels/{}#agenda", s.id)).into_response())
        }
        Err(why) => Ok(refused(vec![("name-1".into(), why)], None)),
    }
}
