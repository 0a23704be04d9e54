//! The child's journey: the facts that can be recorded (events) and the record they build.

mod events;
mod record;
#[cfg(test)]
mod tests;

pub use events::*;
pub use record::*;
