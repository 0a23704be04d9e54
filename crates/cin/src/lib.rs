//! The Children in Need census: reading the DfE XML into typed tables and
//! judging it with the DfE's validation rules (returns.md §3, cin-rules.md).
//!
//! ```text
//! let read = carefile_cin::read(&bytes, year)?;        // typed tables + warnings
//! let report = carefile_cin::validate(&read.census)?;  // every rule of read.census.year
//! ```

pub mod export;
pub mod la;
pub mod model;
pub mod reader;
pub mod rules;

pub use model::Census;
pub use reader::{Read, ReadError, ReadErrorKind, Warning, read};
pub use rules::{RULES, rule_set, validate};
