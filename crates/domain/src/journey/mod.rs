//! The child's journey: the facts that can be recorded (events) and the record they build.

pub mod chronology;
mod declarations;
mod events;
pub mod examples;
pub mod order;
mod record;
#[cfg(test)]
mod adoption_tests;
#[cfg(test)]
mod tests;

pub use events::*;
pub use order::{Finding, LogEntry, ORDER_RULES_FROM, Order};
pub use record::*;
