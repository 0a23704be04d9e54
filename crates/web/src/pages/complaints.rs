//! Complaints, representations and compliments (decision 008): the complaints officers' list
//! (`/complaints`: what is open, the next clock of each with whose it is, what was closed in the
//! last year) and a complaint's page (`/complaints/{id}`: what it is and whom it concerns, each
//! stage with its clocks on the working-day calendar, the complainant's window to ask for the
//! next stage, the Ombudsman, lessons with their owners, and the chronology). Recorded through
//! the declared forms of the `complaint` stream ([`Served`]: `/complaints/new/record/receive`
//! and `/complaints/{id}/record`). Every view is audited; the list names the children it shows.

use super::entries;
use crate::access::audit_list;
use crate::auth::SignedIn;
use crate::forms::streams::Served;
use crate::ui::components::{Colour, Column, SummaryRow, Table, button_link, due_tag, summary_list, tag};
use crate::ui::{Layout, text};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use carefile_domain::complaints::{About, Complaint, ComplaintId};
use carefile_domain::org::Organisation;
use carefile_domain::timescales::{Deadline, TimescaleConfig, complaint_deadlines, complaint_escalation_window};
use carefile_domain::{Calendar, ChildId};
use carefile_store::Subjects;
use chrono::NaiveDate;
use maud::{Markup, html};

/// The key the complaints pages need.
const READ: &str = "complaint.read";

impl Served for Complaint {
    const ROUTE: &'static str = "/complaints/{id}";
    const NOUN: &'static str = "complaint";
    const READ: &'static str = READ;
    fn page(id: &str) -> String {
        format!("/complaints/{id}")
    }
    fn numbered(n: u64) -> Option<ComplaintId> {
        use carefile_domain::stream::NumberedId;
        Some(ComplaintId::from_number(n))
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/complaints", get(list)).route("/complaints/{id}", get(page))
}

/// A complaint's clocks on `today`, on the shipped calendar and timescales (as the trays'
/// are, until the server reads an authority's).
pub fn clocks(c: &Complaint, today: NaiveDate) -> Vec<Deadline> {
    complaint_deadlines(c, &Calendar::england_and_wales(), &TimescaleConfig::default(), today)
}

fn about(c: &Complaint) -> Markup {
    match &c.about {
        About::Child(id) => html! { "Child " a.govuk-link href={ "/children/" (id) } { (id) } },
        About::Adult(id) => html! { "Adult " a.govuk-link href={ "/people/" (id) } { (id) } },
        About::Household(id) => html! { "Household " a.govuk-link href={ "/households/" (id) } { (id) } },
        About::Service => html! { "The service" },
    }
}

fn handler(org: &Organisation, c: &Complaint) -> String {
    c.handler.as_ref().map_or_else(|| "Complaints officers".to_string(), |w| text::worker(org, w).to_string())
}

fn state_tag(c: &Complaint) -> Markup {
    match (&c.withdrawn, c.current()) {
        (Some(_), _) => tag(Colour::Grey, "Withdrawn"),
        (None, None) => tag(Colour::Green, "Compliment"),
        (None, Some(s)) if s.responded.is_some() => tag(Colour::Green, &format!("Stage {} answered", s.stage)),
        (None, Some(s)) => tag(Colour::Blue, &format!("Stage {} open", s.stage)),
    }
}

/// The next open clock, if any.
fn next(clocks: &[Deadline]) -> Option<&Deadline> {
    clocks.iter().filter(|d| d.status.is_open() && d.ended.is_none()).min_by_key(|d| d.due.date)
}

async fn list(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    if !user.may(READ) {
        return Err(AppError::Forbidden(format!("a {} does not work with complaints ({READ} is needed)", user.role_label().to_lowercase())));
    }
    let today = state.today();
    let all = state.read_store(|s| s.subjects::<Complaint>(None)).await?;
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    let mut open: Vec<(Complaint, Vec<Deadline>)> = Vec::new();
    let mut closed: Vec<Complaint> = Vec::new();
    for (c, _) in all {
        if !c.is_closed() {
            let clocks = clocks(&c, today);
            open.push((c, clocks));
        } else if c.received >= year_ago {
            closed.push(c);
        }
    }
    open.sort_by_key(|(c, k)| (next(k).map_or(NaiveDate::MAX, |d| d.due.date), c.received));
    closed.sort_by_key(|c| std::cmp::Reverse(c.received));
    let children = open.iter().map(|(c, _)| &c.about).chain(closed.iter().map(|c| &c.about)).filter_map(|a| match a {
        About::Child(id) => Some(id.clone()),
        _ => None,
    });
    let children: Vec<ChildId> = children.collect();
    audit_list(&state, &user.username, "GET /complaints", children).await?;
    let org = state.org();
    const OPEN: [Column; 6] = [Column::new("Complaint"), Column::new("About"), Column::new("Received"), Column::new("Where it is"), Column::new("Next due"), Column::new("Whose")];
    const CLOSED: [Column; 5] = [Column::new("Complaint"), Column::new("About"), Column::new("Received"), Column::new("Outcome"), Column::new("Themes")];
    let body = html! {
        @if user.may("complaint.record") {
            (button_link("/complaints/new/record/receive", "Receive a complaint, representation or compliment", false))
        }
        h2.govuk-heading-m { "Open (" (open.len()) ")" }
        @if open.is_empty() { p.govuk-body { "No complaint is open." } } @else {
            (Table::new("Open complaints", &OPEN).hidden_caption().render(open.iter().map(|(c, k)| vec![
                html! { a.govuk-link href={ "/complaints/" (c.id) } { (c.id) } br; span.govuk-hint { (c.kind.label()) } },
                about(c),
                html! { (text::date(c.received)) },
                html! { (state_tag(c)) @if c.out_of_time() && c.late_accepted.is_none() { " " (tag(Colour::Red, "Over a year late: decide")) } },
                html! { @match next(k) {
                    Some(d) => { (d.item.label()) ": " (text::date(d.due.date)) " " (due_tag(d.status, d.due.date, today)) }
                    None => { "Nothing due" }
                } },
                html! { (handler(&org, c)) },
            ])))
        }
        h2.govuk-heading-m { "Closed, received in the last year (" (closed.len()) ")" }
        @if closed.is_empty() { p.govuk-body { "None." } } @else {
            (Table::new("Closed complaints", &CLOSED).hidden_caption().render(closed.iter().map(|c| vec![
                html! { a.govuk-link href={ "/complaints/" (c.id) } { (c.id) } br; span.govuk-hint { (c.kind.label()) } },
                about(c),
                html! { (text::date(c.received)) },
                html! { (state_tag(c)) @if let Some((_, f)) = c.current().and_then(|s| s.responded) { " " (f.label()) } },
                html! { (c.themes.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")) },
            ])))
        }
    };
    Ok(Layout::new("Complaints").section("/complaints").user(Some(&user)).render(body))
}

async fn page(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    if raw == "new" {
        return Err(AppError::NotFound("a new complaint is received through its form".into()));
    }
    let o = entries::open::<Complaint>(&state, &user, &raw, "GET /complaints/{id}").await?;
    let c = o.record.as_ref().ok_or_else(|| AppError::NotFound(format!("no complaint {raw} is on record")))?;
    let today = state.today();
    let org = state.org();
    let clocks = clocks(c, today);
    let window = complaint_escalation_window(c, &Calendar::england_and_wales(), &TimescaleConfig::default());
    const STAGES: [Column; 5] = [Column::new("Stage"), Column::new("Started"), Column::new("Acknowledged"), Column::new("Extended"), Column::new("Answered")];
    const CLOCKS: [Column; 4] = [Column::new("What"), Column::new("Due"), Column::new("Longest extension"), Column::new("Met")];
    const LESSONS: [Column; 4] = [Column::new("Lesson"), Column::new("Owner"), Column::new("By"), Column::new("Done")];
    let body = html! {
        p.govuk-body { (state_tag(c)) }
        (summary_list(&[
            SummaryRow::text("What it is", c.kind.label()),
            SummaryRow::new("About", about(c)),
            SummaryRow::text("Made by", c.complainant.label()),
            SummaryRow::text("Received", &text::date(c.received)),
            SummaryRow::text("The matter happened", &c.matter.map_or_else(|| "Not known".to_string(), text::date)),
            SummaryRow::text("Themes", &c.themes.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")),
            SummaryRow::text("What it says", &c.summary),
            SummaryRow::text("Who answers it", &handler(&org, c)),
        ]))
        @if c.out_of_time() {
            @match &c.late_accepted {
                Some(why) => { p.govuk-body { "Made more than a year after the matter; accepted: " (why) } }
                None => { (crate::ui::components::warning("Made more than a year after the matter: the complaints officer decides whether to accept it.")) }
            }
        }
        @if let Some((d, why)) = &c.withdrawn { p.govuk-body { "Withdrawn on " (text::date(*d)) ": " (why) } }
        @if !c.stages.is_empty() {
            h2.govuk-heading-m { "Stages" }
            (Table::new("Stages", &STAGES).hidden_caption().render(c.stages.iter().map(|s| vec![
                html! { (s.stage) },
                html! { (text::date(s.from)) },
                html! { (s.acknowledged.map_or_else(|| "Not yet".to_string(), text::date)) },
                html! { @if let Some((d, why)) = &s.extended { (text::date(*d)) ": " (why) } @else { "No" } },
                html! {
                    @if let Some((d, f)) = s.panel_held { "Panel " (text::date(d)) " (" (f.label()) ")" br; }
                    @if let Some(d) = s.panel_reported { "Report " (text::date(d)) br; }
                    @if let Some((d, f)) = s.responded { (text::date(d)) ": " (f.label()) } @else { "Not yet" }
                },
            ])))
            h2.govuk-heading-m { "Timescales" }
            p.govuk-body { "Working days on the calendar, the day received as day 0." }
            (Table::new("Timescales", &CLOCKS).hidden_caption().render(clocks.iter().map(|d| vec![
                html! { (d.item.label()) },
                html! { (text::date(d.due.date)) " " (due_tag(d.status, d.due.date, today)) },
                html! { (d.extended_due.map_or_else(String::new, text::date)) },
                html! { (d.met.map_or_else(|| "Not yet".to_string(), |m| text::date(m.date))) },
            ])))
            @if let Some(last) = window {
                p.govuk-body id="escalation-window" { "The complainant may ask for stage " (c.current().map_or(0, |s| s.stage) + 1) " until " strong { (text::date(last)) } "." }
            }
        }
        @if let Some((d, decision, remedy)) = &c.ombudsman {
            h2.govuk-heading-m { "The Ombudsman" }
            p.govuk-body { (decision.label()) " (" (text::date(*d)) ")" @if !remedy.is_empty() { ": " (remedy) } }
        }
        @if !c.lessons.is_empty() {
            h2.govuk-heading-m { "Lessons" }
            (Table::new("Lessons", &LESSONS).hidden_caption().render(c.lessons.iter().map(|l| vec![
                html! { (l.what) },
                html! { (text::worker(&org, &l.owner)) },
                html! { (l.by.map_or_else(String::new, text::date)) },
                html! { (l.done.map_or_else(|| "Not yet".to_string(), text::date)) },
            ])))
        }
        @if !crate::forms::streams::kinds::<Complaint>(|k| user.may(k)).is_empty() {
            (button_link(&format!("/complaints/{}/record", c.id), "Record something", false))
        }
        (entries::history::<Complaint>(&user, c.id.as_str(), &o.log))
    };
    let title = format!("{} {}", c.kind.label(), c.id);
    Ok(Layout::new(&title).caption("Complaints").back("/complaints", "All complaints").section("/complaints").user(Some(&user)).render(body))
}
