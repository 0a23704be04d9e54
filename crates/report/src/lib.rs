//! The committee report: the performance dashboard of service.md §4 rendered
//! from one set of computed indicator values.
//!
//! - [`model`]: what the report shows (rows, funnel, reconciliation checks).
//! - [`format`]: how every number and cell is written; shared by all outputs.
//! - [`narrative`]: the roll-up sentences and a paragraph per indicator,
//!   printed from the rows through `format`, so words cannot contradict the table.
//! - [`chart`]: trend lines and the front-door funnel, drawn by plotters as inline SVG.
//! - [`html`]: the self-contained page ([`html::page`]) and the embeddable
//!   dashboard ([`html::fragment`], styled by [`html::STYLE`]).
//! - [`tabular`]: JSON, CSV and XLSX.
//! - [`explain`]: the drill-down listing the children behind a figure.

pub mod chart;
pub mod format;
pub mod explain;
pub mod html;
pub mod model;
pub mod narrative;
pub mod tabular;

pub use model::{Direction, FunnelStage, Polarity, Rag, Reconciliation, Report, Row, TrendPoint, Unit};
