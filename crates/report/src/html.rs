//! The HTML report: a self-contained page (styles and charts inline, no
//! network), and the same dashboard as a fragment for the web application.

use crate::chart::{self, ChartError};
use crate::format;
use crate::model::{Rag, Report, Row};
use crate::narrative::{self, Rollup};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The report's styles (the web application includes them with the fragment).
/// Colour on screen, words and borders in print: nothing depends on colour alone.
pub const STYLE: &str = r#"
.cf-report { font-family: "Segoe UI", Arial, sans-serif; color: #111; }
.cf-report h2 { font-size: 1.15rem; border-bottom: 2px solid #111; margin-top: 1.5rem; }
.cf-report table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
.cf-report th, .cf-report td { border: 1px solid #777; padding: 0.25rem 0.4rem; vertical-align: middle; text-align: left; }
.cf-report thead th { background: #e6e6e6; }
.cf-report tr.outcome th { background: #d8e4f0; font-size: 0.95rem; }
.cf-report td.num { text-align: right; white-space: nowrap; }
.cf-report td.rag { font-weight: bold; text-align: center; border: 2px solid #111; }
.cf-report td.rag-green { background: #b7e1b0; }
.cf-report td.rag-amber { background: #ffe08a; }
.cf-report td.rag-red { background: #f4a6a6; }
.cf-report tr.unavailable td { color: #555; font-style: italic; }
.cf-report .note { font-size: 0.75rem; color: #333; white-space: normal; }
.cf-report td.chart figure { margin: 0; }
.cf-report .stamp { font-weight: bold; }
.cf-report .basis { color: #333; }
.cf-report td.chart svg { display: block; width: 200px; height: 64px; }
.cf-report .funnel svg, .cf-report .forecast svg { max-width: 100%; height: auto; }
.cf-report .forecast table { width: auto; }
.cf-report .check-fail { font-weight: bold; }
.cf-report .narrative p { margin: 0.4rem 0; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  .cf-report thead { display: table-header-group; }
  .cf-report tr, .cf-report figure, .cf-report .narrative p { break-inside: avoid; page-break-inside: avoid; }
  .cf-report section.page { break-before: page; page-break-before: always; }
  .cf-report td.rag, .cf-report thead th, .cf-report tr.outcome th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The page shell's own rules, kept out of [`STYLE`] so embedding changes nothing outside the dashboard.
const PAGE_STYLE: &str = r#"
body { font-family: "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #111; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
@media print { body { margin: 0; } }
"#;

fn rag_class(row: &Row) -> &'static str {
    match row.rag {
        Some(Rag::Green) => "rag rag-green",
        Some(Rag::Amber) => "rag rag-amber",
        Some(Rag::Red) => "rag rag-red",
        None => "rag",
    }
}

fn signed(n: i64) -> String {
    let magnitude = format::count(n.unsigned_abs());
    if n < 0 { format!("−{magnitude}") } else { magnitude }
}

/// "CIN 1,053 + CP 529 − transfers 4": a negative part is subtracted.
fn sum_text(parts: &[(String, i64)]) -> String {
    let mut out = String::new();
    for (i, (label, n)) in parts.iter().enumerate() {
        let op = match (i, *n < 0) {
            (0, false) => "",
            (0, true) => "−",
            (_, false) => " + ",
            (_, true) => " − ",
        };
        out.push_str(&format!("{op}{label} {}", format::count(n.unsigned_abs())));
    }
    out
}

fn trend_label(row: &Row) -> String {
    let points: Vec<String> = row
        .trend
        .iter()
        .map(|p| {
            format!("{}: {}", p.period, p.value.map_or_else(|| "no data".to_owned(), |v| format::value(row.unit, v)))
        })
        .collect();
    format!("Trend of {}: {}", row.name, points.join("; "))
}

fn table_row(row: &Row) -> Result<Markup, ChartError> {
    let [name, period, value, direction, year_ago, rag, quartile, sn, england, target] = format::table_cells(row);
    let chart = if row.unavailable.is_some() { None } else { Some(chart::trend(&row.trend, row.unit)?) };
    let note = format::note_cell(row);
    Ok(html! {
        tr id={ "ind-" (row.id) } class=[row.unavailable.as_ref().map(|_| "unavailable").or(row.partial.as_ref().map(|_| "partial"))] {
            th scope="row" { (name) }
            td { (period) }
            td.num {
                (value)
                @if row.partial.is_some() { br; span.note { (note) } }
            }
            td { (direction) }
            td { (year_ago) }
            td.chart {
                @if let Some(svg) = chart {
                    figure role="img" aria-label=(trend_label(row)) { (PreEscaped(svg)) }
                } @else {
                    (note)
                }
            }
            td class=(rag_class(row)) { (rag) }
            td.num { (quartile) }
            td.num { (sn) }
            td.num { (england) }
            td.num { (target) }
        }
    })
}

/// The dashboard without the page shell: headings, roll-up, table, funnel,
/// reconciliation and narrative, inside `<div class="cf-report">`.
pub fn fragment(report: &Report) -> Result<Markup, ChartError> {
    let groups = report.by_outcome();
    let mut bodies = Vec::with_capacity(groups.len());
    for (outcome, rows) in &groups {
        let mut cells = Vec::with_capacity(rows.len());
        for row in rows {
            cells.push(table_row(row)?);
        }
        bodies.push((outcome, cells));
    }
    let funnel = if report.funnel.is_empty() { None } else { Some(chart::funnel(&report.funnel)?) };
    let forecast = crate::forecast::section(&report.forecast)?;
    let rollup = Rollup::of(&report.rows);
    let exceptions = narrative::exceptions(&report.rows);
    let [c_name, c_period, c_value, c_previous, c_year_ago, c_rag, c_quartile, c_sn, c_england, c_target] =
        format::COLUMNS;
    Ok(html! {
        div.cf-report {
            section.overview {
                h2 { "Overview" }
                @if let Some(at) = &report.data_as_at { p.stamp { "Data as at " (at) "." } }
                @for s in rollup.sentences() { p { (s) } }
                @if !exceptions.is_empty() {
                    p { "Exceptions (rated red, or worse than the previous data point): "
                        (exceptions.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join("; ")) "." }
                }
            }
            table.dashboard {
                thead { tr {
                    th scope="col" { (c_name) }
                    th scope="col" { (c_period) }
                    th scope="col" { (c_value) }
                    th scope="col" { (c_previous) }
                    th scope="col" { (c_year_ago) }
                    th scope="col" { "Trend" }
                    th scope="col" { (c_rag) }
                    th scope="col" { (c_quartile) }
                    th scope="col" { (c_sn) }
                    th scope="col" { (c_england) }
                    th scope="col" { (c_target) }
                } }
                @for (outcome, cells) in &bodies {
                    tbody {
                        tr.outcome { th colspan="11" scope="rowgroup" { (outcome) } }
                        @for c in cells { (c) }
                    }
                }
            }
            p.key { "RAG: Green = top quartile, or high in the second quartile with an improving trend; "
                "Red = fourth quartile, or low in the third quartile with a declining trend; Amber = room for improvement. "
                "† rests on fewer than " (report.small_numbers) " children: small cohorts are easily distorted by one child's circumstances. "
                "A partial figure needs history the record does not hold and is not judged." }
            @if let Some(svg) = funnel {
                section.page.funnel {
                    h2 { "The front door" }
                    figure role="img" aria-label="Front-door funnel" { (PreEscaped(svg)) }
                    table {
                        thead { tr { th scope="col" { "Step" } th scope="col" { "Children" } th scope="col" { "Of the step before" } } }
                        tbody {
                            @for step in &report.funnel {
                                tr {
                                    th scope="row" { (step.label) }
                                    td.num { (chart::stage_count(step)) }
                                    td.num { (chart::stage_conversion(step).unwrap_or_else(|| "n/a".to_owned())) }
                                }
                            }
                        }
                    }
                }
            }
            @let sourced: Vec<&Row> = report.rows.iter().filter(|r| r.comparator_source.is_some()).collect();
            @if !sourced.is_empty() {
                section.sources {
                    h2 { "Comparator sources" }
                    ul { @for row in sourced { li { (row.name) ": " (row.comparator_source.as_deref().unwrap_or_default()) } } }
                }
            }
            (forecast)
            section.checks {
                h2 { "Reconciliation" }
                @if report.checks.is_empty() { p { "No reconciliation checks apply to this report." } }
                @for check in &report.checks {
                    p class=[(!check.ok).then_some("check-fail")] {
                        @if check.ok { "✓ Reconciles: " } @else { "✗ Does not reconcile: " }
                        (check.name) ": " (sum_text(&check.parts)) " = " (signed(check.parts.iter().map(|(_, n)| n).sum()))
                        "; total " (signed(check.total)) "."
                    }
                }
            }
            section.page.narrative {
                h2 { "Commentary" }
                @if !exceptions.is_empty() {
                    h3 { "Exceptions" }
                    @for row in &exceptions { p id={ "exception-" (row.id) } { (narrative::paragraph(row)) } }
                }
                @for (outcome, rows) in &groups {
                    h3 { (outcome) }
                    @for row in rows.iter().filter(|r| !narrative::is_exception(r)) {
                        p id={ "narrative-" (row.id) } { (narrative::paragraph(row)) }
                    }
                }
            }
            section.definitions {
                h2 { "Definitions" }
                dl {
                    @for row in &report.rows {
                        dt { (row.name) }
                        dd { (row.definition) " " span.basis { "(" (row.basis) ")" } }
                    }
                }
            }
        }
    })
}

/// The whole page, ready to save and open or print.
pub fn page(report: &Report) -> Result<String, ChartError> {
    page_with(report, None)
}

/// The page with more sections after the dashboard (the fostering and adoption services' annual
/// reports: [`crate::annual::fragment`]).
pub fn page_with(report: &Report, more: Option<Markup>) -> Result<String, ChartError> {
    let title = format!("{}: children's services performance, {}", report.authority, report.period);
    let body = fragment(report)?;
    let extra = if more.is_some() { crate::annual::STYLE } else { "" };
    Ok(shell(
        &title,
        extra,
        html! {
            h1 { (title) }
            p { "Scope: " (report.scope) ". Every figure, sentence and chart below is computed from the same values." }
            (body)
            @if let Some(more) = more { (more) }
        },
    ))
}

/// A self-contained page: its title, the report's styles and `extra`, and `body`.
pub(crate) fn shell(title: &str, extra: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(PAGE_STYLE)) (PreEscaped(STYLE)) (PreEscaped(extra)) }
            }
            body { (body) }
        }
    }
    .into_string()
}
