//! The fostering and adoption services' annual reports (issue #15 item 7), shaped as seed 004's
//! 2024-25 reports of the fostering service, the adoption service and the panels read:
//! recruitment as a cohort funnel (a chart and its table) and as the year's activity, labelled
//! apart; the approved households at the start, joining, leaving and at the end; connected
//! persons; prospective adopters' journey and timeliness; each panel's year. The commentary is
//! printed from the same figures, the reconciliation checks that would have caught the seed's
//! contradictions are listed, and every count drills down to the households, sittings or cases
//! behind it (links to their pages when the web application shows the report).

use crate::chart::{self, Bar, ChartError};
use crate::format;
use crate::model::Unit;
use carefile_domain::Calendar;
use chrono::Datelike;
use carefile_domain::adopters::{AdopterRecord, annual::AdoptersYear};
use carefile_domain::annual::{Check, Figure, Funnel, Year};
use carefile_domain::fostering::{CarerRecord, Config, annual::FosteringYear};
use carefile_domain::ids::ItemNo;
use carefile_domain::panels::{CaseRef, Panel, Sitting, SittingId, annual::PanelYear};
use carefile_domain::people::HouseholdId;
use maud::{Markup, PreEscaped, html};
use serde::Serialize;

/// A mean of fewer assessments than this is flagged as easily distorted by one of them.
const FEW: usize = 10;

/// The three services' figures for one financial year.
#[derive(Debug, Clone, Serialize)]
pub struct Annual {
    pub fostering: FosteringYear,
    pub adopters: AdoptersYear,
    /// One per panel that sat in the year.
    pub panels: Vec<PanelYear>,
}

impl Annual {
    pub fn compute(carers: &[CarerRecord], adopters: &[AdopterRecord], sittings: &[Sitting], year: Year, cfg: &Config) -> Annual {
        let cal = Calendar::england_and_wales();
        let mut panels: Vec<Panel> = sittings.iter().filter(|s| year.contains(s.date)).map(|s| s.panel).collect();
        panels.sort_by_key(|p| p.label());
        panels.dedup();
        Annual {
            fostering: carefile_domain::fostering::annual::figures(carers, year),
            adopters: carefile_domain::adopters::annual::figures(adopters, year, &cal, cfg),
            panels: panels.into_iter().map(|p| carefile_domain::panels::annual::figures(sittings, p, year, &cal, cfg)).collect(),
        }
    }

    pub fn checks(&self) -> Vec<Check> {
        let mut out = self.fostering.checks();
        out.extend(self.adopters.checks());
        out.extend(self.panels.iter().flat_map(PanelYear::checks));
        out
    }

    /// "2025-26".
    pub fn year_label(&self) -> String {
        let start = self.fostering.year.from.year();
        format!("{start}-{:02}", (start + 1) % 100)
    }
}

/// What a figure counts, for its drill-down: a household, a sitting, a case or an action.
pub trait Member {
    fn text(&self) -> String;
    /// Its page in the web application.
    fn path(&self) -> String;
}

impl Member for HouseholdId {
    fn text(&self) -> String {
        self.to_string()
    }
    fn path(&self) -> String {
        format!("/households/{self}")
    }
}

impl Member for SittingId {
    fn text(&self) -> String {
        self.to_string()
    }
    fn path(&self) -> String {
        format!("/panels/{self}")
    }
}

impl Member for CaseRef {
    fn text(&self) -> String {
        self.to_string()
    }
    fn path(&self) -> String {
        format!("/panels/{}#case-{}", self.sitting, self.case)
    }
}

impl Member for (SittingId, ItemNo) {
    fn text(&self) -> String {
        format!("{} action {}", self.0, self.1)
    }
    fn path(&self) -> String {
        format!("/panels/{}#action-{}", self.0, self.1)
    }
}

/// The report's styles beyond the dashboard's [`crate::html::STYLE`] (scoped the same way).
pub const STYLE: &str = r#"
.cf-report .services table { width: auto; min-width: 28rem; margin-bottom: 0.8rem; }
.cf-report details.drill summary { cursor: pointer; }
.cf-report details.drill ul { columns: 4 8rem; margin: 0.2rem 0; padding-left: 1.2rem; font-size: 0.75rem; text-align: left; }
.cf-report .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cf-report tr.total th, .cf-report tr.total td { border-top: 2px solid #111; font-weight: bold; }
"#;

/// A count with the members behind it, opened on demand.
fn drill<T: Member>(f: &Figure<T>, noun: &str, link: bool) -> Markup {
    html! {
        @if f.members.is_empty() { "0" } @else {
            details.drill {
                summary { (format::count(f.count() as u64)) span.vh { " " (noun) ": list them" } }
                ul {
                    @for m in &f.members {
                        li { @if link { a href=(m.path()) { (m.text()) } } @else { (m.text()) } }
                    }
                }
            }
        }
    }
}

fn percent(p: f64) -> String {
    format::value(Unit::Percent, p)
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// A cohort funnel: the chart, and its table with each stage's conversion from the one before.
fn funnel(f: &Funnel<HouseholdId>, caption: &str, link: bool) -> Result<Markup, ChartError> {
    let bars: Vec<Bar> = f
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| Bar {
            label: s.label,
            count: s.count() as u64,
            shown: format::count(s.count() as u64),
            conversion: i.checked_sub(1).and_then(|p| f.conversion(p, i)).map(percent),
        })
        .collect();
    let svg = chart::bars_chart(&bars, "households")?;
    Ok(html! {
        figure role="img" aria-label=(caption) { (PreEscaped(svg)) }
        table {
            caption { (caption) }
            thead { tr { th scope="col" { "Stage" } th scope="col" { "Households" } th scope="col" { "Of the stage before" } } }
            tbody {
                @for (i, s) in f.stages.iter().enumerate() {
                    tr {
                        th scope="row" { (s.label) }
                        td.num { (drill(s, "households", link)) }
                        td.num { (i.checked_sub(1).and_then(|p| f.conversion(p, i)).map_or_else(|| "–".to_owned(), percent)) }
                    }
                }
            }
        }
        @if !f.out_of_order.is_empty() {
            p.note { "Reached a stage without the one before (a gap in the record, counted only up to the gap): "
                (f.out_of_order.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) "." }
        }
    })
}

/// Figures as a two-column table.
fn figures<T: Member>(caption: &str, rows: &[&Figure<T>], noun: &str, link: bool) -> Markup {
    html! {
        table {
            caption { (caption) }
            thead { tr { th scope="col" { "" } th scope="col" { "Count" } } }
            tbody { @for f in rows { tr { th scope="row" { (f.label) } td.num { (drill(f, noun, link)) } } } }
        }
    }
}

fn fostering(f: &FosteringYear, year: &str, link: bool) -> Result<Markup, ChartError> {
    let h = &f.households;
    let cohort = funnel(&f.cohort, &format!("Recruitment {year}: the year's enquiries followed to {}", f.year.to.format("%-d %B %Y")), link)?;
    let activity: Vec<&Figure<HouseholdId>> = f.activity.iter().collect();
    let connected: Vec<&Figure<HouseholdId>> = f.connected.iter().collect();
    Ok(html! {
        section.page.services id="fostering" {
            h2 { "Fostering service " (year) }
            h3 { "Recruitment" }
            p { "Each enquiry received in the year, followed as far as it had got by the year's end; conversion is named by its two stages." }
            (cohort)
            p { (f.in_progress.label) ": " (drill(&f.in_progress, "households", link)) }
            (figures(&format!("Recruitment activity {year}: each step counted when it happened, whenever its enquiry came (not a funnel)"), &activity, "households", link))
            h3 { "Approved fostering households" }
            table {
                caption { "Households at the start + approvals − approvals ended = households at the end" }
                thead { tr { th scope="col" { "" } th scope="col" { "Households" } } }
                tbody {
                    tr { th scope="row" { (h.at_start.label) } td.num { (drill(&h.at_start, "households", link)) } }
                    tr { th scope="row" { "+ " (h.approved.label) } td.num { (drill(&h.approved, "households", link)) } }
                    tr { th scope="row" { "+ " (h.transferred_in.label) } td.num { (drill(&h.transferred_in, "households", link)) } }
                    tr { th scope="row" { "+ " (h.recorded.label) } td.num { (drill(&h.recorded, "households", link)) } }
                    @for (reason, ended) in &h.ended {
                        tr { th scope="row" { "− " (ended.label) ": " (reason.label().to_lowercase()) } td.num { (drill(ended, "households", link)) } }
                    }
                    tr.total { th scope="row" { "= " (h.at_end.label) } td.num { (drill(&h.at_end, "households", link)) } }
                }
            }
            h3 { "Connected persons (kinship)" }
            (figures(&format!("Connected-person assessments {year}"), &connected, "households", link))
        }
    })
}

fn adopters(a: &AdoptersYear, year: &str, target: &str, link: bool) -> Result<Markup, ChartError> {
    let cohort = funnel(&a.cohort, &format!("Prospective adopters {year}: the year's enquiries followed to {}", a.year.to.format("%-d %B %Y")), link)?;
    let activity: Vec<&Figure<HouseholdId>> = a.activity.iter().collect();
    let t = &a.timeliness;
    Ok(html! {
        section.page.services id="adoption" {
            h2 { "Adoption service " (year) ": prospective adopters" }
            h3 { "Recruitment and assessment" }
            (cohort)
            (figures(&format!("Adopters' activity {year}: each step counted when it happened"), &activity, "households", link))
            h3 { "Timeliness of assessment" }
            table {
                caption { "Assessments decided in the year: days in stage 1 and stage 2, the breaks between them left out, against the target of " (target) }
                tbody {
                    tr { th scope="row" { (t.decided.label) } td.num { (drill(&t.decided, "households", link)) } }
                    tr { th scope="row" { (t.within_target.label) } td.num { (drill(&t.within_target, "households", link)) } }
                    tr { th scope="row" { "Mean days in assessment" } td.num { (t.mean_days().map_or_else(|| "–".to_owned(), |d| format::number(d, 0))) } }
                }
            }
            h3 { "Approved adopters" }
            table {
                caption { "Approved at the start + approved in the year − approvals ended = approved at the end" }
                tbody {
                    tr { th scope="row" { (a.at_start.label) } td.num { (drill(&a.at_start, "households", link)) } }
                    tr { th scope="row" { "+ " (a.approved.label) } td.num { (drill(&a.approved, "households", link)) } }
                    tr { th scope="row" { "− " (a.ended.label) } td.num { (drill(&a.ended, "households", link)) } }
                    tr.total { th scope="row" { "= " (a.at_end.label) } td.num { (drill(&a.at_end, "households", link)) } }
                }
            }
        }
    })
}

fn panel(p: &PanelYear, year: &str, link: bool) -> Markup {
    let name = p.panel.label();
    html! {
        section.services id={ "panel-" (p.panel.value()) } {
            h3 { (name) " " (year) }
            (figures(&format!("{name}: sittings"), &[&p.held, &p.cancelled], "sittings", link))
            table {
                caption { (name) ": the panel's recommendations (percentages of the cases heard, summing to 100)" }
                thead { tr { th scope="col" { "Recommendation" } th scope="col" { "Cases" } th scope="col" { "Share" } } }
                tbody {
                    @for (r, f, pct) in &p.outcomes {
                        tr { th scope="row" { (r.label()) } td.num { (drill(f, "cases", link)) } td.num { (pct) "%" } }
                    }
                    tr.total { th scope="row" { (p.heard.label) } td.num { (drill(&p.heard, "cases", link)) } td.num { @if p.heard.count() > 0 { "100%" } } }
                }
            }
            table {
                caption { (name) ": quality of the reports presented (percentages of those graded, summing to 100)" }
                thead { tr { th scope="col" { "Grade" } th scope="col" { "Reports" } th scope="col" { "Share" } } }
                tbody {
                    @for (g, f, pct) in &p.grades {
                        tr { th scope="row" { (g.label()) } td.num { (drill(f, "cases", link)) } td.num { (pct) "%" } }
                    }
                    tr { th scope="row" { (p.ungraded.label) } td.num { (drill(&p.ungraded, "cases", link)) } td {} }
                }
            }
            (figures(&format!("{name}: the agency decision maker's decisions"), &[&p.decided, &p.decided_in_time, &p.awaiting], "cases", link))
            (figures(&format!("{name}: actions set by the panel"), &[&p.actions_set, &p.actions_open, &p.actions_overdue], "actions", link))
        }
    }
}

/// The commentary: each sentence printed from the figures the tables show.
pub fn narrative(a: &Annual, target: &str) -> Vec<String> {
    let year = a.year_label();
    let f = &a.fostering;
    let c = |i: usize| f.cohort.stages.get(i).map_or(0, Figure::count);
    let conv = |from: usize, to: usize| f.cohort.conversion(from, to).map_or_else(|| "no".to_owned(), percent);
    let mut out = vec![format!(
        "Of the {} fostering enquiries received in {year}, {} had an initial visit ({} of enquiries), {} started stage 1 ({} of \
         initial visits) and {} had been approved by {} ({} of stage 1 starts); {} were still in progress.",
        c(0),
        c(1),
        conv(0, 1),
        c(3),
        conv(1, 3),
        c(5),
        f.year.to.format("%-d %B %Y"),
        conv(3, 5),
        f.in_progress.count()
    )];
    let h = &f.households;
    let reasons: Vec<String> =
        h.ended.iter().map(|(r, x)| format!("{} {}", x.count(), r.label().to_lowercase())).collect();
    let change = h.at_end.count() as i64 - h.at_start.count() as i64;
    out.push(format!(
        "The service had {} approved fostering households at the start of the year and {} at its end ({}): {} new approvals, {} \
         transferred in and {} recorded from before carefile, while {} approvals ended{}.",
        h.at_start.count(),
        h.at_end.count(),
        match change {
            0 => "unchanged".to_owned(),
            n if n > 0 => format!("{n} more"),
            n => format!("{} fewer", -n),
        },
        h.approved.count(),
        h.transferred_in.count(),
        h.recorded.count(),
        h.ended_total(),
        if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) }
    ));
    if let [viability, positive, _, approved, not_approved, ..] = f.connected.as_slice() {
        out.push(format!(
            "For children's family and friends, {} viability assessments were completed ({} positive); {} connected persons were \
             approved as foster carers and {} were not.",
            viability.count(),
            positive.count(),
            approved.count(),
            not_approved.count()
        ));
    }
    let ad = &a.adopters;
    let ac = |i: usize| ad.cohort.stages.get(i).map_or(0, Figure::count);
    let t = &ad.timeliness;
    let mut adopters = format!(
        "Of the {} adoption enquiries received in {year}, {} had an initial visit and {} started stage 1; {} households were \
         approved as adopters during the year.",
        ac(0),
        ac(1),
        ac(3),
        ad.approved.count()
    );
    if let Some(mean) = t.mean_days() {
        adopters.push_str(&format!(
            " Of the {} assessments decided, {} ({}) were within the target of {target}, taking {} days on average in the stages \
             (breaks between them left out){}.",
            t.decided.count(),
            t.within_target.count(),
            share(t.within_target.count(), t.decided.count()).map_or_else(|| "–".to_owned(), percent),
            format::number(mean, 0),
            if t.decided.count() < FEW { ": a mean of so few assessments is easily distorted by one of them" } else { "" }
        ));
    }
    out.push(adopters);
    for p in &a.panels {
        out.push(format!(
            "The {} sat {} times ({} sittings cancelled) and heard {} cases; the agency decision maker decided {}, {} of them within \
             the timescale, and {} waited for a decision at the year's end. Of the {} actions the panel set, {} were open at the \
             year's end, {} of them overdue.",
            p.panel.label().to_lowercase(),
            p.held.count(),
            p.cancelled.count(),
            p.heard.count(),
            p.decided.count(),
            p.decided_in_time.count(),
            p.awaiting.count(),
            p.actions_set.count(),
            p.actions_open.count(),
            p.actions_overdue.count()
        ));
    }
    out
}

/// The fostering, adoption and panel sections, their reconciliation and commentary, inside
/// `<div class="cf-report">`; `link` makes each drill-down's members links to their pages.
pub fn fragment(a: &Annual, cfg: &Config, link: bool) -> Result<Markup, ChartError> {
    let year = a.year_label();
    let target = cfg.adopters.assessment_target.to_string();
    let fostering = fostering(&a.fostering, &year, link)?;
    let adopters = adopters(&a.adopters, &year, &target, link)?;
    Ok(html! {
        div.cf-report {
            (fostering)
            (adopters)
            section.page.services id="panels" {
                h2 { "Panels " (year) }
                @if a.panels.is_empty() { p { "No panel sat in the year." } }
                @for p in &a.panels { (panel(p, &year, link)) }
            }
            section.checks id="services-checks" {
                h2 { "Reconciliation of the services' figures" }
                @for check in a.checks() {
                    p class=[(!check.holds).then_some("check-fail")] {
                        @if check.holds { "✓ Reconciles: " } @else { "✗ Does not reconcile: " }
                        (check.name) ": " (check.detail) "."
                    }
                }
            }
            section.narrative id="services-commentary" {
                h2 { "Commentary on the services " (year) }
                @for s in narrative(a, &target) { p { (s) } }
            }
        }
    })
}

/// The services' annual report as a page of its own, ready to save, open or print.
pub fn page(a: &Annual, authority: &str, cfg: &Config, data_as_at: Option<&str>) -> Result<String, ChartError> {
    let title = format!("{authority}: fostering and adoption services' annual reports, {}", a.year_label());
    let body = fragment(a, cfg, false)?;
    Ok(crate::html::shell(
        &title,
        STYLE,
        html! {
            main {
                h1 { (title) }
                @if let Some(at) = data_as_at { p.stamp { "Data as at " (at) "." } }
                p { "Every figure, sentence and chart below is computed from the same carers', adopters' and panels' records; open a count to see who it counts." }
                (body)
            }
        },
    ))
}
