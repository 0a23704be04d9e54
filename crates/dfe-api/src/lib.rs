//! The DfE's children's social care data API: the daily feed of child-level data.
//!
//! [`payload`] is the request body's shape (the `CSC` schema of the DfE's OpenAPI document, 1.0.1
//! by default, 1.0.0 selectable); [`cohort`] says who is in it; [`build`] makes each child's payload
//! from their record on the reference date; [`delta`] compares with what the DfE already holds and
//! yields only new and changed children, purges of items and of children who left the cohort;
//! [`send`] delivers batches of at most 100 with OAuth2 client credentials and the `SupplierKey`
//! header, keeping a send log in the store so that a killed run resumes.

pub mod build;
pub mod cohort;
pub mod delta;
pub mod ids;
pub mod payload;
pub mod run;
pub mod send;

pub use build::Refused;
pub use delta::{Delta, Held, Kind, Tally};
pub use ids::SchemaVersion;

use carefile_domain::journey::ChildRecord;
use chrono::NaiveDate;

/// Every cohort child's payload on a date.
#[derive(Debug, Clone)]
pub struct Payloads {
    pub as_of: NaiveDate,
    pub window: cohort::Window,
    pub version: SchemaVersion,
    /// In child ID order.
    pub children: Vec<payload::Child>,
    /// Cohort children the version's patterns refuse, with why.
    pub refused: Vec<Refused>,
}

/// The payload of every child of `children` in the cohort on `as_of`.
pub fn payloads(children: &[ChildRecord], as_of: NaiveDate, version: SchemaVersion) -> Payloads {
    let window = cohort::Window::for_date(as_of);
    let mut sorted: Vec<&ChildRecord> = children.iter().filter(|c| cohort::includes(c, window)).collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let (mut ok, mut refused) = (Vec::new(), Vec::new());
    for c in sorted {
        match build::child(c, as_of, version) {
            Ok(p) => ok.push(p),
            Err(r) => refused.push(r),
        }
    }
    Payloads { as_of, window, version, children: ok, refused }
}
