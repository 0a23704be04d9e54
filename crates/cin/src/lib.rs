//! The Children in Need census: reading the DfE XML into typed tables and
//! judging it with the DfE's 109 validation rules (returns.md §3, cin-rules.md).
//!
//! ```text
//! let read = carefile_cin::read(&bytes, year)?;        // typed tables + warnings (ReadError with line and element)
//! let shape = carefile_cin::structure::check(&bytes, year, &read.warnings); // order, codes, booleans, with lines
//! let report = carefile_cin::validate(&read.census)?;  // every rule of read.census.year (2025, 2026, 2027)
//! let checked = carefile_cin::check(&bytes, year)?;    // all three, as every validator shows them
//! let shown = read.census.value("CINdetails", 3, "ReferralNFA"); // the value a finding flagged
//! ```
//!
//! [`model`] holds the tables, [`reader`] the streaming reader, [`rules`] one
//! file per rule with its registry and year history, [`la`] the shipped list of
//! English authorities. Where carefile reads a rule differently from the public
//! reference validator, `DISAGREEMENTS.md` says so and why.

pub mod export;
pub mod la;
pub mod model;
pub mod reader;
pub mod rules;
pub mod structure;

pub use model::Census;
pub use reader::{Read, ReadError, ReadErrorKind, Warning, read};
pub use rules::{RULES, rule_set, validate};

use carefile_domain::CollectionYear;
use carefile_returns::{Report, UnsupportedYear};

/// A census read, its structure checked and its rules run, as `carefile validate cin`, the returns
/// page and the browser validator all report it.
pub struct Checked {
    /// The findings, with the structural problems (and the reader's stray text and unknown
    /// elements) in its `structure`.
    pub report: Report,
    /// The reader's other warnings (the census's year), for the user beside the report.
    pub warnings: Vec<Warning>,
}

/// Why a census could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Year(#[from] UnsupportedYear),
}

/// Reads `xml` as the census of `year`, checks its structure and runs the year's rules.
pub fn check(xml: &[u8], year: CollectionYear) -> Result<Checked, CheckError> {
    let read = read(xml, year)?;
    let shape = structure::check(xml, year, &read.warnings);
    let mut report = validate(&read.census)?;
    report.structure = shape
        .problems
        .iter()
        .map(|p| carefile_returns::Structural {
            line: p.line,
            element: p.element.clone(),
            message: p.to_string(),
            warning: p.severity() == structure::Severity::Warning,
        })
        .collect();
    report.structure_more = shape.unlisted;
    let warnings = read
        .warnings
        .into_iter()
        .filter(|w| !matches!(w, Warning::StrayText { .. } | Warning::UnknownElement { .. } | Warning::More(_)))
        .collect();
    Ok(Checked { report, warnings })
}
