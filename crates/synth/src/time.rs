//! Random draws and simulated recording times.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rand::Rng;

/// The draws the generators make.
pub(crate) trait Rand: Rng {
    fn chance(&mut self, p: f64) -> bool {
        self.gen_bool(p.clamp(0.0, 1.0))
    }
    /// Exponentially distributed days with the given mean.
    fn exp_days(&mut self, mean: f64) -> i64 {
        let u: f64 = self.gen_range(f64::EPSILON..1.0);
        (-u.ln() * mean).round() as i64
    }
    /// One of `items`, by weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.gen_range(0..total.max(1));
        for (t, w) in items {
            if x < *w {
                return *t;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
    /// A time of day in office hours, to the minute.
    fn office_time(&mut self) -> NaiveTime {
        NaiveTime::from_hms_opt(self.gen_range(8..17), self.gen_range(0..60), 0).expect("valid time")
    }
}

impl<R: Rng> Rand for R {}

/// How promptly something is recorded after it happened.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delay {
    /// Administrative imports: within minutes.
    Prompt,
    /// Casework: mostly the same day, some a few days late, a few weeks late.
    Casework,
}

/// The time at which an event that took effect on `date` (at `time`, where
/// known) is recorded: after it happened, and never before the previous
/// recording of the same log (`last`), so that a log is in recording order.
pub(crate) fn stamp_at(
    rng: &mut impl Rng,
    happened: NaiveDateTime,
    last: &mut Option<NaiveDateTime>,
    delay: Delay,
) -> DateTime<Utc> {
    let lag = match delay {
        Delay::Prompt => Duration::minutes(rng.gen_range(1..30)),
        Delay::Casework => {
            let x: f64 = rng.r#gen();
            if x < 0.72 {
                Duration::minutes(rng.gen_range(5..240))
            } else if x < 0.93 {
                Duration::days(rng.gen_range(1..4)) + Duration::minutes(rng.gen_range(0..480))
            } else {
                Duration::days(rng.gen_range(4..26)) + Duration::minutes(rng.gen_range(0..480))
            }
        }
    };
    let mut at = happened + lag;
    if let Some(prev) = *last
        && at <= prev
    {
        at = prev + Duration::seconds(rng.gen_range(20..300));
    }
    *last = Some(at);
    at.and_utc()
}

/// [`stamp_at`] for an event known only by its date: it happened in office hours.
pub(crate) fn stamp(
    rng: &mut impl Rng,
    date: NaiveDate,
    last: &mut Option<NaiveDateTime>,
    delay: Delay,
) -> DateTime<Utc> {
    let t = rng.office_time();
    stamp_at(rng, date.and_time(t), last, delay)
}
