//! Where "now" comes from. The trait lives here so that every crate can take
//! a clock as a parameter; only the CLI implements it with the system clock
//! (`crates/cli/src/clock.rs`), and tests implement it with a fixed one.

use chrono::{DateTime, NaiveDate, Utc};

/// A source of the current time. `Send + Sync` so a server can share one.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}
