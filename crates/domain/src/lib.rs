//! carefile's centre: the child's journey, the DfE code lists, the working-day
//! calendar and the statutory timescales. Pure data and rules, no I/O: every
//! date that matters ("today", the collection year) is passed in.

pub mod calendar;
pub mod codes;
mod year;

pub use calendar::Calendar;
pub use year::{BadYear, CollectionYear};
