//! Sign-in throttling: after `max` failures within `window` for a username or
//! for an address, sign-in from it is refused until the oldest of those
//! failures is `window` old. Refused attempts are not checked at all, so
//! guessing gains nothing by continuing.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
    max: usize,
    window: Duration,
}

impl Throttle {
    pub fn new(max: usize, window: Duration) -> Throttle {
        Throttle { failures: Mutex::new(HashMap::new()), max: max.max(1), window }
    }

    /// `None` if every key may try now, else how long until one may.
    pub fn blocked(&self, keys: &[String], now: DateTime<Utc>) -> Option<Duration> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|k| {
                let recent: Vec<_> = map.get(k)?.iter().filter(|t| now - **t < self.window).collect();
                (recent.len() >= self.max).then(|| *recent[recent.len() - self.max] + self.window - now)
            })
            .max()
    }

    pub fn failed(&self, keys: &[String], now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            let times = map.entry(k.clone()).or_default();
            times.retain(|t| now - *t < self.window);
            times.push(now);
        }
    }

    /// A successful sign-in clears the username's failures (not the address's).
    pub fn succeeded(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the pattern of failures, a key is blocked exactly when
        /// `max` of its failures fall within the window before now.
        #[test]
        fn blocked_exactly_when_max_failures_in_window(gaps in proptest::collection::vec(0i64..600, 0..12), max in 1usize..5) {
            let window = Duration::minutes(15);
            let th = Throttle::new(max, window);
            let key = vec!["u:sam".to_string()];
            let mut t = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc();
            let mut times = Vec::new();
            for g in gaps {
                t += Duration::seconds(g);
                th.failed(&key, t);
                times.push(t);
            }
            let now = t + Duration::seconds(1);
            let recent = times.iter().filter(|x| now - **x < window).count();
            prop_assert_eq!(th.blocked(&key, now).is_some(), recent >= max);
            prop_assert!(th.blocked(&key, now + window).is_none());
        }
    }

    #[test]
    fn success_clears_the_user_but_not_the_address() {
        let t = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc();
        let th = Throttle::new(2, Duration::minutes(15));
        let keys = vec!["u:sam".to_string(), "a:127.0.0.1".to_string()];
        th.failed(&keys, t);
        th.failed(&keys, t);
        assert_eq!(th.blocked(&keys, t), Some(Duration::minutes(15)));
        th.succeeded("u:sam");
        assert!(th.blocked(&keys[..1], t).is_none());
        assert!(th.blocked(&keys[1..], t).is_some());
    }
}
