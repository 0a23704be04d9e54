//! The Children in Need census: reading the DfE XML into typed tables and
//! judging it with the DfE's 109 validation rules (returns.md §3, cin-rules.md).
//!
//! ```text
//! let read = carefile_cin::read(&bytes, year)?;        // typed tables + warnings (ReadError with line and element)
//! let shape = carefile_cin::structure::check(&bytes, year, &read.warnings); // order, codes, booleans, with lines
//! let report = carefile_cin::validate(&read.census)?;  // every rule of read.census.year (2025, 2026, 2027)
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
