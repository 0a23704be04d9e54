//! The engine both statutory returns share.
//!
//! A return is read into typed tables of [`Cell`]s (a value as submitted:
//! blank, understood, or kept as written when it cannot be understood). Each
//! DfE rule is a [`Rule`]: its code, message and affected fields beside one
//! function that reads the tables and flags (table, row) pairs into a [`Sink`].
//! A [`RuleSet`] is the rules of one collection year, built as the previous
//! year's set plus that year's additions minus its deletions ([`YearChanges`]).
//! [`run`] judges every rule on the data as submitted (rules get shared
//! references, so none can change what another sees) and gathers a [`Report`].

mod cell;
mod finding;
pub mod la;
#[cfg(feature = "parity")]
pub mod parity;
pub mod report;
mod rule;
pub mod text;

pub use cell::Cell;
pub use finding::{Finding, Report, Skipped, Structural};
pub use rule::{Reference, Rule, RuleMeta, RuleSet, Severity, Sink, UnsupportedYear, YearChanges, run};
