//! Returns validation: an analyst uploads an SSDA903 return (CSVs or one XML)
//! or a CIN census XML and sees the DfE rules' findings. What is uploaded is
//! held in memory for the request only: never written to disk, the store or
//! the log (the audit entry names the return's kind, year and counts).

use super::{Layout, csrf_input};
use crate::ui::components::{Colour, Column, Control, Table, button, details, error_message, error_summary, input, select, tag, warning};
use crate::auth::SignedIn;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::routing::get;
use carefile_domain::CollectionYear;
use carefile_domain::access::{AuditAction, Role};
use carefile_returns::{Report, Severity};
use maud::{Markup, html};
use std::sync::Arc;

/// The largest upload taken (a county's 903 CSVs are a few MB; a census XML tens).
const UPLOAD_LIMIT: usize = 256 << 20;

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

/// Reads the uploaded files and runs the year's rules. A file that cannot be
/// read is an error naming the file (and line, where the reader knows it).
pub fn check(which: Which, year: CollectionYear, files: Vec<(String, Vec<u8>)>) -> Result<Checked, String> {
    if files.is_empty() {
        return Err("choose the file(s) to check".into());
    }
    match which {
        Which::Ssda903 => {
            let sources: Vec<_> = files.into_iter().map(|(n, b)| carefile_ssda903::Source::new(n, b)).collect();
            let ret = Arc::new(carefile_ssda903::from_sources(&sources, &[]).map_err(|e| e.to_string())?);
            let report =
                carefile_ssda903::validate(&ret, &carefile_ssda903::Options::new(year)).map_err(|e| e.to_string())?;
            Ok(Checked { report, warnings: vec![] })
        }
        Which::Cin => {
            let [(name, bytes)] = files.as_slice() else {
                return Err(format!("a CIN census is one XML file; {} were given", files.len()));
            };
            let read = carefile_cin::read(bytes, year).map_err(|e| format!("{name}: {e}"))?;
            let report = carefile_cin::validate(&read.census).map_err(|e| e.to_string())?;
            Ok(Checked { report, warnings: read.warnings.iter().map(|w| w.to_string()).collect() })
        }
    }
}

fn allowed(user: &SignedIn) -> Result<(), AppError> {
    match user.role {
        Role::Analyst | Role::Admin => Ok(()),
        _ => Err(AppError::Forbidden("returns validation is for performance analysts".into())),
    }
}

async fn page(user: SignedIn, State(state): State<AppState>) -> Result<Markup, AppError> {
    allowed(&user)?;
    Ok(view(&user, CollectionYear::containing(state.today()), None, None))
}

/// The upload form; its action carries the CSRF token because multipart bodies are not read by the guard.
fn upload_form(user: &SignedIn, year: CollectionYear, error: Option<&str>) -> Markup {
    let which = [("ssda903".to_string(), "SSDA903 (CSV files or one XML)".to_string()), ("cin".to_string(), "CIN census (XML)".to_string())];
    let errors: Vec<&str> = error.into_iter().collect();
    html! {
        form method="post" action={ "/returns?csrf=" (user.csrf) } enctype="multipart/form-data" novalidate {
            (csrf_input(&user.csrf))
            (select(&Control::new("which", "which", "Return"), &which, &["ssda903".to_string()], false))
            (input(&Control::new("year", "year", "Collection year").hint("By the year it ends: 2026 is 2025-26"), "number", &year.ending().to_string(), Some("off")))
            div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
                label.govuk-label for="files" { "Files" }
                div.govuk-hint id="files-hint" { "Nothing you upload is kept: it is checked in memory and discarded." }
                @if error.is_some() { (error_message("files-error", &errors)) }
                input.govuk-file-upload id="files" name="files" type="file" multiple required accept=".csv,.xml" aria-describedby="files-hint";
            }
            (button("Check"))
        }
    }
}

fn view(user: &SignedIn, year: CollectionYear, error: Option<&str>, result: Option<(Which, &Checked)>) -> Markup {
    let problems: Vec<(Option<&str>, &str)> = error.map(|e| (Some("files"), e)).into_iter().collect();
    let body = html! {
        (error_summary(&problems))
        @if let Some((which, c)) = result { (findings(which, year, c)) }
        (upload_form(user, year, error))
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
            p.govuk-body { (r.ran.len()) " rules ran" @if !r.skipped.is_empty() { ", " (r.skipped.len()) " skipped" } "." }
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
            @if !r.skipped.is_empty() {
                (details("Rules not run", html! { ul.govuk-list { @for s in &r.skipped { li { (s.rule.code) ": " (s.reason) } } } }))
            }
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

async fn upload(user: SignedIn, State(state): State<AppState>, mut form: Multipart) -> Result<Markup, AppError> {
    allowed(&user)?;
    let mut which = None;
    let mut year = None;
    let mut files = Vec::new();
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("the upload could not be read: {e}"))
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name() {
            Some("which") => which = Some(field.text().await.map_err(bad)?),
            Some("year") => year = Some(field.text().await.map_err(bad)?),
            Some("files") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(bad)?;
                if !bytes.is_empty() {
                    files.push((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    let default_year = CollectionYear::containing(state.today());
    let Some(which) = which.as_deref().and_then(Which::from_form) else {
        return Ok(view(&user, default_year, Some("choose SSDA903 or CIN census"), None));
    };
    let year = match year.as_deref().unwrap_or("").parse::<CollectionYear>() {
        Ok(y) => y,
        Err(e) => return Ok(view(&user, default_year, Some(&format!("collection year: {e}")), None)),
    };
    let count = files.len();
    let checked = tokio::task::spawn_blocking(move || check(which, year, files))
        .await
        .map_err(|_| AppError::Internal("validation task".into()))?;
    match checked {
        Ok(c) => {
            let detail = format!(
                "POST /returns: {} {year}, {count} file(s), {} findings",
                which.label(),
                c.report.findings.len()
            );
            crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, detail).await?;
            Ok(view(&user, year, None, Some((which, &c))))
        }
        Err(e) => Ok(view(&user, year, Some(&e), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year() -> CollectionYear {
        "2026".parse().unwrap()
    }

    #[test]
    fn a_903_header_with_a_bad_sex_is_flagged_by_rule_101() {
        let header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,X,01/01/2015,WBRI,UN1,,\nC2,M,01/01/2014,WBRI,UN1,,\n";
        let c = check(Which::Ssda903, year(), vec![("header.csv".into(), header.as_bytes().to_vec())]).unwrap();
        let hits: Vec<_> =
            c.report.findings.iter().filter(|f| f.rule.code == "101").map(|f| (f.child.as_deref(), f.row)).collect();
        assert_eq!(hits, [(Some("C1"), Some(0))]);
    }

    #[test]
    fn unreadable_uploads_are_explained_by_file_and_line() {
        let e = check(Which::Ssda903, year(), vec![("mystery.csv".into(), b"A,B\n1,2\n".to_vec())]).err().unwrap();
        assert!(e.starts_with("mystery.csv"), "{e}");
        let e = check(Which::Cin, year(), vec![("census.xml".into(), b"<Message><Header>".to_vec())]).err().unwrap();
        assert!(e.starts_with("census.xml: line"), "{e}");
        let two = vec![("a.xml".into(), vec![]), ("b.xml".into(), vec![])];
        assert_eq!(check(Which::Cin, year(), two).err().unwrap(), "a CIN census is one XML file; 2 were given");
        assert_eq!(check(Which::Ssda903, year(), vec![]).err().unwrap(), "choose the file(s) to check");
    }
}
