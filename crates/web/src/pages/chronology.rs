//! A child's chronology as a worker reads it before a conference or a court
//! statement: the journey's facts, the case notes and the documents in one
//! list by date, filtered by type, date and significance, and printable.

use super::sent::{Errors, Sent};
use crate::auth::SignedIn;
use crate::ui::components::{self, Colour, Column, Control, Table, checkbox, date_input, error_summary, tag};
use crate::ui::{Layout, text};
use crate::workplace::open;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use carefile_domain::ChildId;
use carefile_domain::ids::WorkerId;
use carefile_domain::journey::chronology::chronology_named;
use carefile_domain::org::Organisation;
use chrono::NaiveDate;
use maud::{Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new().route("/children/{id}/chronology", get(page))
}

/// A member of staff's name from the organisation, for the sentences that name them ("Allocated
/// to …"): a leaver's too, since the organisation keeps them with their leaving date; none for
/// an ID it does not hold (the sentence shows the ID).
pub fn staff_name(org: &Organisation) -> impl Fn(&str) -> Option<String> + '_ {
    |w| WorkerId::new(w).ok().and_then(|id| org.staff.get(&id)).map(|s| s.name.clone())
}

/// What a line of the chronology comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Journey,
    Note,
    Document,
}

impl Source {
    const ALL: [Source; 3] = [Source::Journey, Source::Note, Source::Document];

    fn code(self) -> &'static str {
        match self {
            Source::Journey => "journey",
            Source::Note => "notes",
            Source::Document => "documents",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Source::Journey => "The record's entries",
            Source::Note => "Case notes",
            Source::Document => "Documents",
        }
    }
}

/// One line of the chronology.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub date: NaiveDate,
    pub time: Option<String>,
    pub source: Source,
    /// "Case note: Home visit", "Referral 1 received…".
    pub text: String,
    pub by: String,
    pub significant: bool,
    /// Corrected or withdrawn entries say so.
    pub superseded: Option<String>,
    pub href: Option<String>,
    /// The journey entry's sequence number (notes link to it).
    pub seq: Option<u64>,
}

/// Journey facts a chronology marks significant whatever is written about them.
fn significant_kind(kind: &str) -> bool {
    matches!(
        kind,
        "referral_received"
            | "s47_started"
            | "icpc_held"
            | "cp_plan_started"
            | "cp_plan_ended"
            | "care_started"
            | "care_ended"
            | "placement_changed"
            | "legal_status_and_placement_changed"
            | "missing_started"
            | "care_proceedings_issued"
            | "care_proceedings_concluded"
            | "died"
            | "case_closed"
    )
}

/// Every line of a child's chronology, in date order (ties: journey first, then by time).
pub async fn lines(state: &AppState, id: &ChildId) -> Result<Vec<Line>, AppError> {
    let child = id.clone();
    // With the entries of records merged into this one.
    let (log, _) = state.read_store(move |s| super::child::merged_log(s, &child)).await?;
    let kinds: std::collections::HashMap<u64, &'static str> = log.iter().map(|e| (e.seq, e.event.kind())).collect();
    let log: Vec<_> = log.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
    let entries = chronology_named(&log, &staff_name(&state.org()));
    let mut out: Vec<Line> = entries
        .into_iter()
        .map(|e| Line {
            date: e.date.unwrap_or(e.recorded_on),
            time: e.time,
            source: Source::Journey,
            significant: kinds.get(&e.seq).is_some_and(|k| significant_kind(k)),
            text: e.text,
            by: e.recorded_by,
            superseded: e.superseded,
            href: None,
            seq: Some(e.seq),
        })
        .collect();
    for n in super::notes::of_child(state, id).await? {
        out.push(Line {
            date: n.content.date,
            time: n.content.time.map(|t| t.format("%H:%M").to_string()),
            source: Source::Note,
            text: format!("{}: {}", n.content.kind.label(), n.content.title),
            by: n.author.clone(),
            significant: n.content.significant,
            superseded: (!n.amendments.is_empty()).then(|| format!("amended {} times", n.amendments.len())),
            href: Some(format!("/children/{id}/notes/{}", n.id)),
            seq: None,
        });
    }
    for d in super::documents::of_child(state, id).await? {
        out.push(Line {
            date: d.meta.date.unwrap_or(d.attached_at.date_naive()),
            time: None,
            source: Source::Document,
            text: format!("Document ({}): {}", d.meta.kind.label(), d.meta.title),
            by: d.attached_by.clone(),
            significant: false,
            superseded: None,
            href: Some(format!("/children/{id}/documents/{}", d.id)),
            seq: None,
        });
    }
    out.sort_by(|a, b| {
        let rank = |l: &Line| Source::ALL.iter().position(|s| *s == l.source);
        (a.date, &a.time, rank(a)).cmp(&(b.date, &b.time, rank(b)))
    });
    Ok(out)
}

/// The filter as asked for in the address.
struct Filter {
    sources: Vec<Source>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    significant: bool,
    print: bool,
}

impl Filter {
    fn read(sent: &Sent, errors: &mut Errors) -> Filter {
        let chosen = sent.all("show");
        let sources = Source::ALL.into_iter().filter(|s| chosen.is_empty() || chosen.contains(&s.code())).collect();
        let from = errors.optional_date(sent, "from", "The first date");
        let to = errors.optional_date(sent, "to", "The last date");
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.field("to", "The last date must be on or after the first date");
        }
        Filter { sources, from, to, significant: sent.on("significant"), print: sent.get("print") == "1" }
    }

    fn keeps(&self, l: &Line) -> bool {
        self.sources.contains(&l.source)
            && self.from.is_none_or(|f| l.date >= f)
            && self.to.is_none_or(|t| l.date <= t)
            && (!self.significant || l.significant)
    }
}

async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/chronology").await?;
    let sent = Sent(form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect());
    let mut errors = Errors::default();
    let filter = Filter::read(&sent, &mut errors);
    let all = lines(&state, &id).await?;
    let shown: Vec<&Line> = all.iter().filter(|l| filter.keeps(l)).collect();
    let print_href = {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in sent.0.iter().filter(|(k, _)| k != "print") {
            q.append_pair(k, v);
        }
        q.append_pair("print", "1");
        format!("/children/{id}/chronology?{}", q.finish())
    };
    const COLUMNS: [Column; 3] = [Column::new("Date"), Column::new("What happened"), Column::new("Recorded by")];
    let (org, accounts) = (state.org(), state.accounts());
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let body = html! {
        (error_summary(&errors.problems()))
        @if !filter.print {
            form class="govuk-!-display-none-print" method="get" action={ "/children/" (id) "/chronology" } {
                div.govuk-form-group {
                    fieldset.govuk-fieldset {
                        legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { "Show" }
                        div.govuk-checkboxes.govuk-checkboxes--small data-module="govuk-checkboxes" {
                            @for s in Source::ALL {
                                div.govuk-checkboxes__item {
                                    input.govuk-checkboxes__input id={ "show-" (s.code()) } name="show" type="checkbox" value=(s.code())
                                        checked[filter.sources.contains(&s)];
                                    label class="govuk-label govuk-checkboxes__label" for={ "show-" (s.code()) } { (s.label()) }
                                }
                            }
                        }
                    }
                }
                (checkbox(&c("significant", "Significant events only"), filter.significant))
                (date_input(&c("from", "From (optional)"), sent.date_value("from")))
                (date_input(&c("to", "To (optional)"), sent.date_value("to")))
                (components::button_group(html! {
                    (components::secondary_button("Apply"))
                    (components::link(&print_href, "Printable version"))
                }))
            }
        } @else {
            p.govuk-body { "Chronology of " (child.name) " (" (id) "), printed " (text::date(state.today())) " by " (user.username)
                ". " (text::count(shown.len(), "entry", "entries")) "." }
        }
        @if shown.is_empty() { p.govuk-body { "Nothing to show." } } @else {
            (Table::new("Chronology", &COLUMNS).hidden_caption().render(shown.iter().map(|l| vec![
                html! { span id=[l.seq.map(|s| format!("entry-{s}"))] { (text::short_date(l.date)) @if let Some(t) = &l.time { " " (t) } } },
                html! {
                    @if l.significant { (tag(Colour::Red, "Significant")) " " }
                    @match &l.href { Some(h) if !filter.print => a.govuk-link href=(h) { (l.text) }, _ => (l.text) }
                    @if let Some(s) = &l.superseded { " (" (s) ")" }
                },
                html! { (text::recorder(&org, &accounts, &l.by)) },
            ])))
        }
    };
    Ok(Layout::new("Chronology")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .errors(!errors.is_empty())
        .render(body))
}
