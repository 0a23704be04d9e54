//! The performance indicator engine: the catalogue of indicators the scrutiny
//! committee reads (service.md §4), computed from the record for any period and
//! filter, with comparators, RAG, direction, the front-door funnel and
//! reconciliation checks; and the drill-down that lists the children behind a figure.
//!
//! - [`model`]: the public types (periods, definitions, values, results, the dashboard).
//! - [`compute`] / [`explain`]: one-shot entry points; [`Engine`] indexes the
//!   record once and answers many periods and filters cheaply.
//! - [`Comparators`]: the comparator, target and population files (TOML).
//! - The catalogue: one file per indicator family under `src/catalogue/`, each
//!   definition in plain words ([`definitions`] lists them).
//!
//! Attribution to teams: a contribution belongs to the team of the allocation
//! in force on the date that puts the child in the figure (the event's date for
//! flows, the period's last day for snapshots). A deallocated case keeps its
//! team; a child never allocated by then belongs to no team and counts only for
//! the whole authority (the reconciliation shows it as "no locality").
//!
//! Coverage: an indicator needs certain kinds of fact (contacts, CP plans…). If
//! the record holds none of a kind, or none before the period's end, the figure
//! is "not available" with the reason, never zero: an authority that imported
//! only its returns has no contacts.

// The hand-built journeys and generated authorities of tests/support, shared
// with the unit tests (which then name this crate as the integration tests do).
#[cfg(test)]
extern crate self as carefile_indicators;
#[cfg(test)]
#[path = "../tests/support/mod.rs"]
mod test_support;

pub mod benchmarks;
pub mod catalogue;
mod compute;
pub mod config;
mod index;
pub mod judge;
pub mod model;
mod period;

pub use benchmarks::Benchmarks;
pub use catalogue::{definition, definitions};
pub use compute::{Engine, IndicatorError, compute, explain, rollup};
pub use config::{Benchmarking, Comparators, Config, ConfigError, RagRules, SimilarBand};
pub use model::*;
