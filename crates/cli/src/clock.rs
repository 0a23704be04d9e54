//! The one place carefile reads the system clock. Everything else takes the
//! date it works on as a parameter, so runs can be repeated and tested.

use chrono::{DateTime, NaiveDate, Utc};

/// Where "now" comes from.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
