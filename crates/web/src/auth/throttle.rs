//! Sign-in throttling that slows a guesser without locking honest users out
//! (#14; the numbers are the access policy's `[throttle]`). Counts live in
//! the database, so every server applies the same ones (decision 006).
//!
//! - **Per account**, for attempts without a device cookie: after
//!   `free_failures` failures, each further attempt must wait
//!   `base_delay_seconds` after the last failure, doubling with each failure
//!   up to `max_delay_seconds`. Failures are forgotten a day after the first.
//! - **Per device**: a browser where the account signed in before carries a
//!   cookie signed for that account; its attempts are not held back by the
//!   account's count (so someone guessing at an account does not keep its
//!   owner out), and its own failures count against the device alike.
//! - **Per address**, failures only: past `address_failures` within
//!   `address_window_minutes`, attempts from the address without a device
//!   cookie are refused until the window ends. Successes never count, so a
//!   council behind one proxy is not locked out by its own staff.
//!
//! An attempt that must wait is refused without checking the password, so
//! guessing faster gains nothing. A correct password with a device cookie is
//! never delayed. Within one server, attempts on one account, and attempts
//! without a device cookie from one address, are taken one at a time (striped
//! locks), so parallel guesses cannot all slip under a count.

use super::keys::{SharedKeys, sign};
use super::same_secret;
use super::session::{cookie, cookie_value};
use crate::{AppError, AppState};
use axum::http::{HeaderMap, HeaderValue};
use carefile_domain::access::ThrottlePolicy;
use carefile_store::ThrottleRow;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// The cookie naming the accounts that signed in on this browser.
const DEVICE_COOKIE: &str = "carefile_device";
const DEVICE_PURPOSE: &str = "device";
/// A browser keeps device tokens for this many accounts (a shared office computer).
const DEVICES_KEPT: usize = 5;
/// An account's or a device's failures are forgotten this long after the first.
pub(crate) const ACCOUNT_WINDOW: Duration = Duration::hours(24);
/// Attempts on accounts whose names fall in one stripe are taken one at a time.
const STRIPES: usize = 256;

pub struct Throttle {
    /// Taken first, by account.
    accounts: Stripes,
    /// Taken second, by address, for attempts without a device cookie (so an
    /// address's budget is not overrun by attempts judged at once).
    addresses: Stripes,
    device_keys: SharedKeys,
}

struct Stripes(Vec<tokio::sync::Mutex<()>>);

impl Stripes {
    fn new() -> Self {
        Stripes((0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect())
    }

    async fn lock(&self, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        let h = Sha256::digest(key.as_bytes());
        self.0[usize::from(h[0]) % STRIPES].lock().await
    }
}

/// Why an attempt is refused unchecked, and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Held {
    /// The account (or the device) failed too often: wait.
    Account(Duration),
    /// The address spent its failures: wait, or use a device signed in on before.
    Address(Duration),
}

impl Held {
    pub(crate) fn wait(&self) -> Duration {
        match self {
            Held::Account(d) | Held::Address(d) => *d,
        }
    }
}

/// How long an account (or device) with `row`'s failures must still wait at `now`.
pub(crate) fn account_wait(p: &ThrottlePolicy, row: Option<&ThrottleRow>, now: DateTime<Utc>) -> Option<Duration> {
    let row = row.filter(|r| now - r.first_at < ACCOUNT_WINDOW)?;
    let over = row.failures.checked_sub(u64::from(p.free_failures))?;
    // 2^over seconds times the base, capped; 2^20 already passes any allowed maximum.
    let delay = (u64::from(p.base_delay_seconds) << over.min(20)).min(u64::from(p.max_delay_seconds));
    let until = row.last_at + Duration::seconds(i64::try_from(delay).unwrap_or(i64::MAX));
    (until > now).then(|| until - now)
}

/// How long an address with `row`'s failures must still wait at `now`.
pub(crate) fn address_wait(p: &ThrottlePolicy, row: Option<&ThrottleRow>, now: DateTime<Utc>) -> Option<Duration> {
    let window = Duration::minutes(i64::from(p.address_window_minutes));
    let row = row.filter(|r| now - r.first_at < window && r.failures >= u64::from(p.address_failures))?;
    Some(row.first_at + window - now)
}

/// What an attempt is counted against.
pub(crate) struct Keys {
    /// `u:<account>` without a device cookie for it, else `d:<device>`.
    pub counted: String,
    pub address: String,
    pub device: bool,
}

impl Throttle {
    /// The device keys rotate every `device_days`, so a token verifies for its whole life.
    pub fn new(p: &ThrottlePolicy) -> Throttle {
        Throttle {
            accounts: Stripes::new(),
            addresses: Stripes::new(),
            device_keys: SharedKeys::new(DEVICE_PURPOSE, Duration::days(i64::from(p.device_days))),
        }
    }

    /// Held while an attempt on `account` is judged, checked and counted.
    pub(crate) async fn one_at_a_time(&self, account: &str) -> tokio::sync::MutexGuard<'_, ()> {
        self.accounts.lock(account).await
    }

    /// Held, after [`Self::one_at_a_time`], while an attempt without a device
    /// cookie is judged, checked and counted against its address.
    pub(crate) async fn one_address_at_a_time(&self, keys: &Keys) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if keys.device { None } else { Some(self.addresses.lock(&keys.address).await) }
    }

    /// The keys an attempt on `account` (as the audit names it) from `addr` is
    /// counted under, given the request's cookies.
    pub(crate) async fn keys(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        username: &str,
        account: &str,
        addr: &str,
    ) -> Result<Keys, AppError> {
        let device = self.device_of(state, headers, username).await?;
        let counted = match &device {
            Some(d) => format!("d:{d}"),
            None => format!("u:{account}"),
        };
        Ok(Keys { counted, address: format!("a:{addr}"), device: device.is_some() })
    }

    /// Whether an attempt must wait, from the counts in the database.
    pub(crate) async fn held(&self, state: &AppState, keys: &Keys) -> Result<Option<Held>, AppError> {
        let p = state.policy().settings.throttle.clone();
        let now = state.now();
        let (counted, address) = (keys.counted.clone(), keys.address.clone());
        let (own, addr) = state.session_store(move |s| Ok((s.throttle(&counted)?, s.throttle(&address)?))).await?;
        if let Some(d) = account_wait(&p, own.as_ref(), now) {
            return Ok(Some(Held::Account(d)));
        }
        Ok(if keys.device { None } else { address_wait(&p, addr.as_ref(), now).map(Held::Address) })
    }

    /// Counts a refusal under the key that held it; true for the first of its
    /// window (the one the audit records: a flood of refusals writes no more).
    pub(crate) async fn refused(&self, state: &AppState, keys: &Keys, held: &Held) -> Result<bool, AppError> {
        let key = match held {
            Held::Account(_) => keys.counted.clone(),
            Held::Address(_) => keys.address.clone(),
        };
        Ok(state.session_store(move |s| s.throttle_refused(&key)).await? <= 1)
    }

    pub(crate) async fn failed(&self, state: &AppState, keys: &Keys) -> Result<(), AppError> {
        let p = state.policy().settings.throttle.clone();
        let now = state.now();
        let (counted, address) = (keys.counted.clone(), keys.address.clone());
        let address_window = Duration::minutes(i64::from(p.address_window_minutes));
        state
            .session_store(move |s| {
                s.throttle_failed(&counted, now, now - ACCOUNT_WINDOW)?;
                s.throttle_failed(&address, now, now - address_window)?;
                Ok(())
            })
            .await
    }

    /// A correct password: the count it was held by goes (the address's stays:
    /// it counts failures only, whoever made them).
    pub(crate) async fn succeeded(&self, state: &AppState, keys: &Keys) -> Result<(), AppError> {
        let counted = keys.counted.clone();
        state.session_store(move |s| s.throttle_clear(&counted)).await
    }

    /// The device cookie to set after `username` signed in: a new token for
    /// the account first, then the browser's others (at most [`DEVICES_KEPT`]).
    pub(crate) async fn device_cookie(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        username: &str,
    ) -> Result<HeaderValue, AppError> {
        let keys = self.device_keys.get(state, false).await?;
        let key = keys.first().ok_or_else(|| AppError::Internal("no signing key".into()))?;
        let issued = state.now().timestamp().to_string();
        // A nonce of its own, so two browsers signed in the same second are two devices.
        let nonce = &super::random_token()?[..16];
        let mac = sign(&key.secret, &[username, &issued, nonce]);
        let mut tokens = vec![format!("{}.{issued}.{nonce}.{mac}", key.id)];
        // Keep the others this browser holds, not this account's older ones.
        for t in device_tokens(headers) {
            if tokens.len() < DEVICES_KEPT && self.verify(state, t, username).await?.is_none() {
                tokens.push(t.to_string());
            }
        }
        let days = state.policy().settings.throttle.device_days;
        Ok(cookie(DEVICE_COOKIE, &tokens.join("~"), state.config().secure_cookies, Some(days * 86_400)))
    }

    /// The device (its token's signature, shortened) if the request carries a
    /// live token signed for `username`.
    async fn device_of(&self, state: &AppState, headers: &HeaderMap, username: &str) -> Result<Option<String>, AppError> {
        for t in device_tokens(headers) {
            if let Some(d) = self.verify(state, t, username).await? {
                return Ok(Some(d));
            }
        }
        Ok(None)
    }

    async fn verify(&self, state: &AppState, token: &str, username: &str) -> Result<Option<String>, AppError> {
        let mut parts = token.splitn(4, '.');
        let (Some(id), Some(issued), Some(nonce), Some(mac)) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        let (Ok(id), Ok(at)) = (id.parse::<u64>(), issued.parse::<i64>()) else { return Ok(None) };
        let Some(at) = DateTime::from_timestamp(at, 0) else { return Ok(None) };
        let days = state.policy().settings.throttle.device_days;
        let now = state.now();
        if now - at > Duration::days(i64::from(days)) || at - now > Duration::minutes(5) {
            return Ok(None);
        }
        let Some(key) = self.device_keys.find(state, id).await? else { return Ok(None) };
        let ok = same_secret(&sign(&key.secret, &[username, issued, nonce]), mac);
        Ok(ok.then(|| mac[..32].to_string()))
    }
}

/// The device tokens the request carries (bounded: a few, each of sane length).
fn device_tokens(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    cookie_value(headers, DEVICE_COOKIE)
        .unwrap_or("")
        .split('~')
        .filter(|t| !t.is_empty() && t.len() <= 120)
        .take(DEVICES_KEPT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            free_failures: 3,
            base_delay_seconds: 2,
            max_delay_seconds: 900,
            address_failures: 100,
            address_window_minutes: 15,
            device_days: 90,
        }
    }

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc() + Duration::seconds(s)
    }

    fn row(failures: u64, first: i64, last: i64) -> ThrottleRow {
        ThrottleRow { failures, first_at: t(first), last_at: t(last), refused: 0 }
    }

    #[test]
    fn the_delay_doubles_after_the_free_failures_up_to_the_maximum() {
        let p = policy();
        assert_eq!(account_wait(&p, None, t(0)), None);
        assert_eq!(account_wait(&p, Some(&row(2, 0, 10)), t(10)), None, "two failures cost nothing");
        assert_eq!(account_wait(&p, Some(&row(3, 0, 10)), t(10)), Some(Duration::seconds(2)));
        assert_eq!(account_wait(&p, Some(&row(4, 0, 10)), t(11)), Some(Duration::seconds(3)));
        assert_eq!(account_wait(&p, Some(&row(4, 0, 10)), t(14)), None, "four seconds after the fourth");
        assert_eq!(account_wait(&p, Some(&row(12, 0, 10)), t(10)), Some(Duration::seconds(900)));
        assert_eq!(account_wait(&p, Some(&row(10_000, 0, 10)), t(10)), Some(Duration::seconds(900)));
        assert_eq!(account_wait(&p, Some(&row(12, 0, 10)), t(86_400)), None, "forgotten after a day");
    }

    #[test]
    fn an_address_is_held_only_once_its_failures_are_spent_and_until_its_window_ends() {
        let p = policy();
        assert_eq!(address_wait(&p, Some(&row(99, 0, 100)), t(100)), None);
        assert_eq!(address_wait(&p, Some(&row(100, 0, 100)), t(100)), Some(Duration::seconds(800)));
        assert_eq!(address_wait(&p, Some(&row(100, 0, 100)), t(900)), None);
    }

    proptest! {
        /// Whatever the counts, a wait never exceeds the maximum, and never
        /// outlasts the last failure by more than the maximum.
        #[test]
        fn waits_are_bounded(failures in 0u64..1000, first in 0i64..90_000, gap in 0i64..1000, after in 0i64..2000) {
            let p = policy();
            let r = row(failures, first, first + gap);
            let now = t(first + gap + after);
            if let Some(w) = account_wait(&p, Some(&r), now) {
                prop_assert!(w > Duration::zero() && w <= Duration::seconds(900));
                prop_assert!(failures >= 3);
            }
            if let Some(w) = address_wait(&p, Some(&r), now) {
                prop_assert!(w > Duration::zero() && w <= Duration::minutes(15));
            }
        }
    }
}
