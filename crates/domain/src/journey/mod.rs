//! The child's journey: the facts that can be recorded (events) and the record they build.

pub mod chronology;
mod events;
mod record;
#[cfg(test)]
mod tests;

pub use events::*;
pub use record::*;
