//! Returns validation: an analyst uploads an SSDA903 return (CSVs or one XML)
//! or a CIN census XML and sees the DfE rules' findings. For the 903 the form also
//! takes what the command line does: last year's return, the submitting authority,
//! Ofsted's provider list and the ONS Postcode Directory (streamed as it arrives,
//! keeping only the postcodes the return uses, so the national file is no burden).
//! What is uploaded is held in memory for the request only: never written to disk,
//! the store or the log (the audit entry names the return's kind, year and counts).

use super::{Layout, csrf_input};
use crate::ui::components::{Colour, Column, Control, Table, button, details, error_message, error_summary, input, select, tag, warning};
use crate::auth::SignedIn;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::routing::get;
use carefile_domain::CollectionYear;
use carefile_domain::access::AuditAction;
use carefile_returns::{Report, Severity};
use maud::{Markup, html};
use std::sync::Arc;

/// The most held in memory from one upload (a county's 903 CSVs are a few MB; a census XML tens).
const HELD_LIMIT: usize = 256 << 20;
/// The largest request taken: the postcode directory (about 1.4 GB for the whole UK) is streamed,
/// not held.
const UPLOAD_LIMIT: usize = 3 << 30;

pub fn routes() -> Router<AppState> {
    Router::new().route("/returns", get(page).post(upload)).layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
}

/// Which return an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Ssda903,
    Cin,
}

impl Which {
    fn from_form(s: &str) -> Option<Which> {
        match s {
            "ssda903" => Some(Which::Ssda903),
            "cin" => Some(Which::Cin),
            _ => None,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Which::Ssda903 => "SSDA903",
            Which::Cin => "CIN census",
        }
    }
}

/// What validation found, with the reader's warnings.
pub struct Checked {
    pub report: Report,
    pub warnings: Vec<String>,
}

/// What a 903 check takes beside the return itself (each optional; rules that need a
/// missing one are listed as not run).
#[derive(Default)]
pub struct Extras {
    /// Last year's return: its CSVs or XML.
    pub previous: Vec<(String, Vec<u8>)>,
    /// The submitting authority: GSS code, DfE number or name.
    pub la: Option<String>,
    /// Ofsted's provider list (CSV).
    pub providers: Option<(String, Vec<u8>)>,
    /// The ONS Postcode Directory (CSV), read as a stream.
    pub postcodes: Option<(String, Box<dyn std::io::Read + Send>)>,
}

/// Reads the uploaded files and runs the year's rules. A file that cannot be
/// read is an error naming the file (and line, where the reader knows it).
pub fn check(which: Which, year: CollectionYear, files: Vec<(String, Vec<u8>)>, extras: Extras) -> Result<Checked, String> {
    if files.is_empty() {
        return Err("choose the file(s) to check".into());
    }
    match which {
        Which::Ssda903 => {
            let sources = |v: Vec<(String, Vec<u8>)>| v.into_iter().map(|(n, b)| carefile_ssda903::Source::new(n, b)).collect::<Vec<_>>();
            let ret = Arc::new(
                carefile_ssda903::from_sources(&sources(files), &sources(extras.previous)).map_err(|e| e.to_string())?,
            );
            let mut opts = carefile_ssda903::Options::new(year);
            if let Some(la) = extras.la.as_deref().map(str::trim).filter(|la| !la.is_empty()) {
                opts.la = Some(carefile_ssda903::find_local_authority(la).ok_or_else(|| {
                    format!("authority: '{la}' is not an English local authority's GSS code, DfE number or name")
                })?);
            }
            if let Some((name, bytes)) = extras.providers {
                opts.providers =
                    Some(Arc::new(carefile_ssda903::Providers::read(&name, bytes.as_slice()).map_err(|e| e.to_string())?));
            }
            if let Some((name, stream)) = extras.postcodes {
                opts.postcodes =
                    Some(Arc::new(carefile_ssda903::Postcodes::read_for(&name, stream, &ret).map_err(|e| e.to_string())?));
            }
            let report = carefile_ssda903::validate(&ret, &opts).map_err(|e| e.to_string())?;
            Ok(Checked { report, warnings: vec![] })
        }
        Which::Cin => {
            let [(name, bytes)] = files.as_slice() else {
                return Err(format!("a CIN census is one XML file; {} were given", files.len()));
            };
            // As `carefile validate cin` and the browser validator: the structure, then the rules.
            let checked = carefile_cin::check(bytes, year).map_err(|e| format!("{name}: {e}"))?;
            Ok(Checked { report: checked.report, warnings: checked.warnings.iter().map(|w| w.to_string()).collect() })
        }
    }
}

fn allowed(user: &SignedIn) -> Result<(), AppError> {
    user.require("returns.validate")
}

async fn page(user: SignedIn, State(state): State<AppState>) -> Result<Markup, AppError> {
    allowed(&user)?;
    Ok(view(&user, &state, CollectionYear::containing(state.today()), "", None, None))
}

/// A file input of the form, optional unless `required`.
fn file_input(name: &str, label: &str, hint: &str, multiple: bool, accept: &str) -> Markup {
    let hint_id = format!("{name}-hint");
    html! {
        div.govuk-form-group {
            label.govuk-label for=(name) { (label) }
            div.govuk-hint id=(hint_id) { (hint) }
            input.govuk-file-upload id=(name) name=(name) type="file" multiple[multiple] accept=(accept) aria-describedby=(hint_id);
        }
    }
}

/// The upload form; the CSRF token is its first field (the guard reads that far).
/// The postcode directory comes last: it is read as it arrives, once the return is known.
fn upload_form(user: &SignedIn, year: CollectionYear, la: &str, error: Option<&str>) -> Markup {
    let which = [("ssda903".to_string(), "SSDA903 (CSV files or one XML)".to_string()), ("cin".to_string(), "CIN census (XML)".to_string())];
    let errors: Vec<&str> = error.into_iter().collect();
    html! {
        form method="post" action="/returns" enctype="multipart/form-data" novalidate {
            (csrf_input(&user.csrf))
            (select(&Control::new("which", "which", "Return"), &which, &["ssda903".to_string()], false))
            (input(&Control::new("year", "year", "Collection year").hint("By the year it ends: 2026 is 2025-26"), "number", &year.ending().to_string(), Some("off")))
            div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
                label.govuk-label for="files" { "Files" }
                div.govuk-hint id="files-hint" { "Nothing you upload is kept: it is checked in memory and discarded." }
                @if error.is_some() { (error_message("files-error", &errors)) }
                input.govuk-file-upload id="files" name="files" type="file" multiple required accept=".csv,.xml" aria-describedby="files-hint";
            }
            (details("SSDA903: last year's return, the authority and reference data", html! {
                p.govuk-body { "Without them the rules that need them are not run, and the findings list them with what would turn each on." }
                (file_input("previous", "Last year's return", "Its CSV files or XML, for the rules that compare the two years", true, ".csv,.xml"))
                (input(&Control::new("la", "la", "Submitting authority").hint("GSS code (E10000018), DfE number (855) or name"), "text", la, Some("off")))
                (file_input("providers", "Ofsted provider list", "CSV, for the rules about URNs", false, ".csv"))
                (file_input("postcodes", "ONS Postcode Directory", "CSV (pcd, laua, oseast1m, osnrth1m), for the rules about placement location and distance; the whole directory can be given: only the postcodes the return uses are kept", false, ".csv"))
            }))
            (button("Check"))
        }
    }
}

fn view(user: &SignedIn, state: &AppState, year: CollectionYear, la: &str, error: Option<&str>, result: Option<(Which, &Checked)>) -> Markup {
    let problems: Vec<(Option<&str>, &str)> = error.map(|e| (Some("files"), e)).into_iter().collect();
    let body = html! {
        (error_summary(&problems))
        @if state.config().validator.is_some() && result.is_none() {
            p.govuk-body { "To check a return without sending it here, "
                a.govuk-link href="/validator/" { "check it in your browser" } ": the same rules run on your computer." }
        }
        @if let Some((which, c)) = result { (findings(which, year, c)) }
        (upload_form(user, year, la, error))
    };
    Layout::new("Check a return").user(Some(user)).section("/returns").errors(error.is_some()).render(body)
}

fn findings(which: Which, year: CollectionYear, c: &Checked) -> Markup {
    let r = &c.report;
    let errors = r.findings.iter().filter(|f| f.rule.severity == Severity::Error).count();
    let columns = [Column::new("Rule"), Column::new("Kind"), Column::new("Child"), Column::new("Table"), Column::new("Row").numeric(), Column::new("Fields"), Column::new("Message")];
    html! {
        section id="findings" {
            h2.govuk-heading-m { (which.label()) " " (year) ": " (count(errors, "error", "errors")) ", " (count(r.findings.len() - errors, "query", "queries")) }
            p.govuk-body { (r.ran.len()) " rules ran" @if !r.skipped.is_empty() { ", " (r.skipped.len()) " not run" } "." }
            @for w in &c.warnings { (warning(&format!("Warning: {w}"))) }
            @if !r.findings.is_empty() {
                (Table::new("Findings", &columns).hidden_caption().render(r.findings.iter().map(|f| vec![
                    html! { (f.rule.code) },
                    html! { @if f.rule.severity == Severity::Error { (tag(Colour::Red, "Error")) } @else { (tag(Colour::Yellow, "Query")) } },
                    html! { (f.child.as_deref().unwrap_or("")) },
                    html! { (f.table) },
                    // Rows are shown 1-based, as a spreadsheet numbers them below the header.
                    html! { @if let Some(row) = f.row { (row + 1) } },
                    html! { (f.fields.join(", ")) },
                    html! { (f.rule.message) },
                ])))
            }
            @if !r.structure.is_empty() {
                @let columns = [Column::new("Line").numeric(), Column::new("Element"), Column::new("Problem"), Column::new("Kind")];
                (Table::new("The file's structure", &columns).render(r.structure.iter().map(|p| vec![
                    html! { (p.line) },
                    html! { (p.element) },
                    html! { (p.message) },
                    html! { @if p.warning { (tag(Colour::Yellow, "Warning")) } @else { (tag(Colour::Red, "Finding")) } },
                ])))
                @if r.structure_more > 0 { p.govuk-body { (count(r.structure_more, "more problem", "more problems")) " not listed." } }
            }
            @if !r.skipped.is_empty() {
                (details(&format!("Rules not run ({})", r.skipped.len()), html! { ul.govuk-list { @for s in &r.skipped { li { (s.rule.code) ": " (s.reason) } } } }))
            }
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Reads a file field into memory, counting it against what one upload may hold.
async fn held(field: &mut axum::extract::multipart::Field<'_>, used: &mut usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| format!("the upload could not be read: {e}"))? {
        *used += chunk.len();
        if *used > HELD_LIMIT {
            return Err(format!("the files (other than the postcode directory) are over {} MB together", HELD_LIMIT >> 20));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A reader over chunks sent from the request as they arrive.
struct Chunks {
    rx: tokio::sync::mpsc::Receiver<axum::body::Bytes>,
    current: axum::body::Bytes,
}

impl std::io::Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(next) => self.current = next,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

async fn upload(user: SignedIn, State(state): State<AppState>, mut form: Multipart) -> Result<Markup, AppError> {
    allowed(&user)?;
    let default_year = CollectionYear::containing(state.today());
    let (mut which, mut year, mut la) = (None, None, String::new());
    let (mut files, mut extras, mut used) = (Vec::new(), Extras::default(), 0usize);
    let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("the upload could not be read: {e}"));
    let mut running = None;
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        let file = field.file_name().unwrap_or("upload").to_string();
        let chosen = match name.as_str() {
            "which" => {
                which = Some(field.text().await.map_err(bad)?);
                continue;
            }
            "year" => {
                year = Some(field.text().await.map_err(bad)?);
                continue;
            }
            "la" => {
                la = field.text().await.map_err(bad)?;
                continue;
            }
            "files" | "previous" | "providers" => match held(&mut field, &mut used).await {
                Ok(bytes) => bytes,
                Err(e) => return Ok(view(&user, &state, default_year, &la, Some(&e), None)),
            },
            "postcodes" => {
                // The return is complete by now: check it while the directory streams in.
                let Some(first) = field.chunk().await.map_err(bad)?.filter(|c| !c.is_empty()) else { continue };
                let (Some(w), Ok(y)) = (which.as_deref().and_then(Which::from_form), year.as_deref().unwrap_or("").parse::<CollectionYear>()) else {
                    break;
                };
                let (tx, rx) = tokio::sync::mpsc::channel(16);
                extras.postcodes = Some((file, Box::new(Chunks { rx, current: first })));
                extras.la = Some(la.clone());
                let (f, e) = (std::mem::take(&mut files), std::mem::take(&mut extras));
                let count = f.len();
                running = Some((w, y, count, tokio::task::spawn_blocking(move || check(w, y, f, e))));
                // A reader that stops early (a bad header) drops the receiver: the rest is not needed.
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if tx.send(chunk).await.is_err() {
                        break;
                    }
                }
                break;
            }
            _ => continue,
        };
        if chosen.is_empty() {
            continue;
        }
        match name.as_str() {
            "files" => files.push((file, chosen)),
            "previous" => extras.previous.push((file, chosen)),
            _ => extras.providers = Some((file, chosen)),
        }
    }
    let (which, year, count, task) = match running {
        Some(r) => r,
        None => {
            let Some(which) = which.as_deref().and_then(Which::from_form) else {
                return Ok(view(&user, &state, default_year, &la, Some("choose SSDA903 or CIN census"), None));
            };
            let year = match year.as_deref().unwrap_or("").parse::<CollectionYear>() {
                Ok(y) => y,
                Err(e) => return Ok(view(&user, &state, default_year, &la, Some(&format!("collection year: {e}")), None)),
            };
            extras.la = Some(la.clone());
            let count = files.len();
            (which, year, count, tokio::task::spawn_blocking(move || check(which, year, files, extras)))
        }
    };
    let checked = task.await.map_err(|_| AppError::Internal("validation task".into()))?;
    match checked {
        Ok(c) => {
            let detail = format!(
                "POST /returns: {} {year}, {count} file(s), {} findings",
                which.label(),
                c.report.findings.len()
            );
            crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, detail).await?;
            Ok(view(&user, &state, year, &la, None, Some((which, &c))))
        }
        Err(e) => Ok(view(&user, &state, year, &la, Some(&e), None)),
    }
}
