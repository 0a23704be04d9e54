//! Foster carers' and adopters' households and panel sittings (decision 007), read only: a
//! household's approval, its supervising social worker, what is due with whose step it is and
//! what blocks it (a lapsed DBS or medical blocks the review), its reviews to the agency decision
//! maker's decision, and the panel cases about it (a sitting's page is `panels.rs`). These are
//! the pages the trays' fostering and adoption items open. Each view is audited.

use crate::access::audit;
use crate::auth::SignedIn;
use crate::ui::components::{Colour, Column, SummaryRow, Table, summary_list, tag};
use crate::ui::{Layout, text};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use carefile_domain::access::AuditAction;
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::fostering::due::{Due, Step, due};
use carefile_domain::fostering::CarerRecord;
use carefile_domain::panels::Sitting;
use carefile_domain::people::HouseholdId;
use carefile_domain::timescales::Status;
use carefile_domain::Calendar;
use carefile_store::Subjects;
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new().route("/households/{id}", get(household))
}

fn may_view(user: &SignedIn) -> Result<(), AppError> {
    if user.may("household.read") {
        Ok(())
    } else {
        Err(AppError::Forbidden("your role does not work with carers' and adopters' records".into()))
    }
}

use super::panels::staff_name;

fn status_tag(s: Status) -> Markup {
    match s {
        Status::Overdue => tag(Colour::Red, "Overdue"),
        Status::Due => tag(Colour::Blue, "Due"),
        Status::Met => tag(Colour::Green, "Met"),
        Status::MetLate => tag(Colour::Yellow, "Met late"),
    }
}

fn whose(step: Step) -> &'static str {
    match step {
        Step::Worker => "Supervising or assessing social worker",
        Step::Team => "Team manager (list for the panel)",
        Step::Adm => "Agency decision maker",
    }
}

async fn household(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError> {
    may_view(&user)?;
    let id = HouseholdId::new(&raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let lookup = id.clone();
    let (carer, adopter, sittings, decisions) = state
        .read_store(move |s| {
            let carer = s.subject::<CarerRecord>(&lookup)?.map(|r| r.0);
            let adopter = s.subject::<AdopterRecord>(&lookup)?.map(|r| r.0);
            let sittings: Vec<Sitting> = s.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
            let mut decisions = agency_decisions::<CarerRecord>(s, &lookup, |e| e.adm_reasons())?;
            decisions.extend(agency_decisions::<AdopterRecord>(s, &lookup, |e| e.adm_reasons())?);
            decisions.sort_by_key(|d| std::cmp::Reverse(d.date));
            Ok((carer, adopter, sittings, decisions))
        })
        .await?;
    if carer.is_none() && adopter.is_none() {
        return Err(AppError::NotFound(format!("no fostering or adopters' record for household {id}")));
    }
    audit(&state, &user.username, AuditAction::ViewChild, None, format!("GET /households/{{id}} {id}")).await?;
    let today = state.today();
    let cases: Vec<_> =
        sittings.iter().flat_map(|s| s.cases.iter().filter(|c| c.household.as_ref() == Some(&id)).map(move |c| (s, c))).collect();
    let body = html! {
        p.govuk-body {
            @if carer.is_some() { a.govuk-link href={ "/households/" (id) "/fostering/record" } { "The fostering record: record something, its chronology" } }
            @if carer.is_some() && adopter.is_some() { " · " }
            @if adopter.is_some() { a.govuk-link href={ "/households/" (id) "/adoption/record" } { "The adopters' record: record something, its chronology" } }
        }
        @if let Some(r) = &carer {
            (carer_section(&state, r, &cases, today))
        }
        @if let Some(r) = &adopter {
            h2.govuk-heading-l { "Prospective adopters" }
            (summary_list(&[
                SummaryRow::text("Approval", &r.approvals.iter().rev().find(|a| a.in_force(today)).map_or("Not approved".to_string(), |a| format!("Approved since {}: {}", text::date(a.from), a.terms.describe()))),
                SummaryRow::text("Applications", &r.applications.len().to_string()),
            ]))
        }
        h2.govuk-heading-m { "Agency decisions" }
        @if decisions.is_empty() { p.govuk-body { "None yet." } } @else {
            (Table::new("Agency decisions", &DECISIONS).hidden_caption().render(decisions.iter().map(|d| vec![
                html! { (text::date(d.date)) },
                html! { (d.what) },
                html! { @if d.reasons.is_empty() { span.govuk-hint { "Not recorded" } } @else { (d.reasons) } },
                html! { @if let Some(c) = &d.case { a.govuk-link href={ "/panels/" (c.sitting) "#case-" (c.case) } { (c) } } },
            ])))
        }
        h2.govuk-heading-m { "Panel cases" }
        @if cases.is_empty() { p.govuk-body { "None." } } @else {
            (Table::new("Panel cases", &CASES).hidden_caption().render(cases.iter().map(|(s, c)| vec![
                html! { a.govuk-link href={ "/panels/" (s.id) } { (text::date(s.date)) } },
                html! { (c.business.label()) },
                html! { (c.heard.as_ref().map_or("Not heard yet", |h| h.recommendation.label())) },
                html! { (c.decided.as_ref().map_or(String::new(), |d| format!("{} on {}", d.decision.label(), text::date(d.date)))) },
            ])))
        }
    };
    Ok(Layout::new(&format!("Household {id}")).caption("Carers and adopters").user(Some(&user)).render(body))
}

const DECISIONS: [Column; 4] = [Column::new("Decided"), Column::new("Decision"), Column::new("The agency decision maker's reasons"), Column::new("Panel case")];

/// An agency decision maker's decision on the household's record, as it stands.
struct Decision {
    date: chrono::NaiveDate,
    what: String,
    reasons: String,
    case: Option<carefile_domain::panels::CaseRef>,
}

/// The agency decisions kept on `P`'s record of household `id` (not those withdrawn, as
/// corrected): the entries that carry the decision maker's reasons.
fn agency_decisions<P>(s: &dyn carefile_store::EventStore, id: &HouseholdId, reasons: impl Fn(&P::Event) -> Option<&str>) -> Result<Vec<Decision>, carefile_store::StoreError>
where
    P: carefile_domain::stream::Projection<Id = HouseholdId> + crate::forms::streams::Served,
    P::Event: carefile_domain::form::Declared<Record = P>,
{
    use carefile_domain::form::Declared;
    use carefile_domain::stream::StreamEvent;
    let log: crate::forms::streams::Log<P::Event> = s.subject_entries::<P>(id)?.into_iter().map(|e| (e.seq, e.version, e.recorded, e.event)).collect();
    Ok(log
        .iter()
        .filter_map(|(_, v, _, _)| crate::forms::streams::current(&log, *v))
        .filter_map(|e| {
            let reasons = reasons(&e)?.to_string();
            let what = e.declaration().map_or_else(|| e.kind().replace('_', " "), |d| d.sentence(&e));
            Some(Decision { date: e.effective_date()?, what, reasons, case: P::decides(&e).map(|d| d.case) })
        })
        .collect())
}

const CASES: [Column; 4] = [Column::new("Sitting"), Column::new("Business"), Column::new("Panel's recommendation"), Column::new("Agency decision")];

type Cases<'a> = [(&'a Sitting, &'a carefile_domain::panels::Case)];

fn carer_section(state: &AppState, r: &CarerRecord, cases: &Cases, today: chrono::NaiveDate) -> Markup {
    let (cal, cfg) = (Calendar::england_and_wales(), &state.config().fostering);
    let items: Vec<Due> = due(r, cases, &cal, cfg, today).into_iter().filter(|d| d.status.is_open()).collect();
    let approval = r.approval_on(today).map_or("Not approved".to_string(), |a| {
        format!("Approved since {}: {}", text::date(a.from), a.terms().describe())
    });
    let worker = r.worker_on(today).map_or("Not allocated".to_string(), |(w, _)| staff_name(state, w));
    const DUE: [Column; 4] = [Column::new("Due"), Column::new("What"), Column::new("Whose step"), Column::new("Status")];
    const REVIEWS: [Column; 4] = [Column::new("Held"), Column::new("Officer's recommendation"), Column::new("Panel"), Column::new("Decision")];
    html! {
        h2.govuk-heading-l { "Foster carers" }
        (summary_list(&[
            SummaryRow::text("Approval", &approval),
            SummaryRow::text("Supervising social worker", &worker),
            SummaryRow::text("Capacity today", &r.capacity_on(today).to_string()),
        ]))
        h2.govuk-heading-m { "Due" }
        @if items.is_empty() { p.govuk-body { "Nothing due." } } @else {
            (Table::new("Due", &DUE).hidden_caption().render(items.iter().map(|d| vec![
                html! { (text::date(d.due)) },
                html! { (d.title()) },
                html! { (whose(d.step)) },
                status_tag(d.status),
            ])))
        }
        h2.govuk-heading-m { "Reviews" }
        @if r.reviews.is_empty() { p.govuk-body { "None yet." } } @else {
            (Table::new("Reviews", &REVIEWS).hidden_caption().render(r.reviews.iter().map(|v| vec![
                html! { (text::date(v.held)) },
                html! { (v.recommendation.label()) },
                html! { @if v.to_panel { "Goes to the panel" } @else { "Not this time" } },
                html! { (v.decided.as_ref().map_or("Waiting for the agency decision maker".to_string(), |d| format!("{} on {}", d.1.label(), text::date(d.0)))) },
            ])))
        }
    }
}
