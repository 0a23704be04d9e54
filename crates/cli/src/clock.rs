//! The one place carefile reads the system clock. Everything else takes the
//! date it works on as a parameter (or a [`Clock`]), so runs can be repeated and tested.

pub use carefile_domain::clock::Clock;
use chrono::{DateTime, Utc};

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
