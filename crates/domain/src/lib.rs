//! carefile's centre: the child's journey, the DfE code lists, the working-day
//! calendar and the statutory timescales. Pure data and rules, no I/O: every
//! date that matters ("today", the collection year) is passed in.

pub mod access;
pub mod adopters;
pub mod annual;
pub mod calendar;
pub mod clock;
pub mod codes;
pub mod complaints;
pub mod coverage;
pub mod early_help;
pub mod form;
pub mod fostering;
pub mod ids;
pub mod journey;
pub mod documents;
pub mod notes;
pub mod org;
pub mod panels;
pub mod plans;
pub mod people;
pub mod reviewing;
pub mod stream;
mod year;

pub use calendar::Calendar;
pub use ids::{ChildId, ItemNo, TeamId, WorkerId};
pub use journey::{ChildEvent, ChildRecord, InvariantError};
pub use year::{BadYear, CollectionYear};
pub mod recorded;
pub mod stats;
pub mod timescales;
pub mod virtual_school;
pub mod workforce;

pub use recorded::Recorded;
