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
//! - [`forecast`]: the next twelve months of demand (contacts, referrals, CP plans, looked after)
//!   with intervals, backtested against the same month last year (`carefile-forecast`).
//! - [`annual`]: the fostering and adoption services' annual reports (funnels, households,
//!   adopters, panels), every count drilling down to its households, sittings or cases.

//!
//! The flow: the indicator engine (`carefile-indicators`) computes a
//! `Dashboard`; [`Report::from_dashboard`] turns it into rows labelled for
//! reading; every renderer reads only those rows, the funnel and the
//! reconciliation checks. The page is self-contained (inline CSS and SVG, no
//! scripts, no fonts to fetch: chart text is SVG `<text>`), prints on A4
//! landscape with the narrative and funnel on their own pages, and does not
//! rely on colour (RAG words, black lines with markers, outlined bars).
//!
//! Embedding: the web application renders [`html::fragment`] inside its own
//! layout and includes [`html::STYLE`] (every rule is scoped to `.cf-report`).
//!
//! Tests: `tests/render.rs` (known answers on a hand-built dashboard with the
//! seed's figures), `tests/narrative_props.rs` and `tests/generated.rs`
//! (property tests: narrative numbers are table numbers, roll-ups add up and
//! agree with the engine's), `tests/browser.rs` (headless Chromium via
//! `e2e/report.mjs`, screenshots and PDFs in `target/artifacts/report/`).
//! `cargo bench -p carefile-report [-- small county large]` prints render times.

pub mod annual;
pub mod chart;
pub mod explain;
pub mod forecast;
pub mod format;
pub mod html;
pub mod model;
pub mod narrative;
pub mod tabular;

pub use model::{Direction, FunnelStage, Options, Polarity, Rag, Reconciliation, Report, Row, TrendPoint, Unit};
