//! The second factor for local accounts: TOTP (RFC 6238 as every
//! authenticator app reads it: HMAC-SHA-1, six digits, 30-second steps, one
//! step either side for a phone's clock), required where the policy's role
//! says `totp_required` and for anyone who has enrolled.
//!
//! A right password for such an account starts no session: it sets a
//! short-lived cookie signed with the sign-in keys naming the account (and,
//! before enrolment, the secret being enrolled), so nothing is kept on the
//! server until the second step succeeds (decision 006). Enrolment shows the
//! secret as a QR code and in text, takes one code from the app to prove it
//! was read, then shows ten recovery codes once (stored as SHA-256: they are
//! random, 50 bits each). Wrong codes count against the account under a key
//! of their own, with the same exponential delay as passwords; a code's
//! step is accepted once (the step is recorded in the shared throttle table,
//! so another server refuses it too).

use super::keys::sign;
use super::session::{cookie, cookie_value};
use super::throttle::{ACCOUNT_WINDOW, account_wait};
use super::same_secret;
use crate::{AppError, AppState};
use axum::http::{HeaderMap, HeaderValue};
use carefile_domain::access::{RECOVERY_CODES, User, sha256_hex};
use chrono::{DateTime, Duration, Utc};
use totp_rs::{Builder, Secret, Totp};

const PENDING_COOKIE: &str = "carefile_pending";
/// How long the second step may take after the password.
const PENDING_LIFETIME: Duration = Duration::minutes(10);
/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "carefile";

/// An account whose password was right and whose second factor is still to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pending {
    pub username: String,
    /// The secret being enrolled (base32); `None` for an enrolled account.
    pub enrolling: Option<String>,
}

/// Whether `user` must give a second factor: enrolled, or their role requires one.
pub(crate) fn required(state: &AppState, user: &User) -> bool {
    user.second_factor.is_some() || state.policy().role(&user.role).is_some_and(|r| r.totp_required)
}

/// The cookie carrying `pending`, signed by the newest sign-in key.
pub(crate) async fn pending_cookie(state: &AppState, pending: &Pending) -> Result<HeaderValue, AppError> {
    let keys = state.csrf_keys().get(state, false).await?;
    let key = keys.first().ok_or_else(|| AppError::Internal("no signing key".into()))?;
    let issued = state.now().timestamp().to_string();
    let secret = pending.enrolling.as_deref().unwrap_or("-");
    let mac = sign(&key.secret, &["pending", &pending.username, &issued, secret]);
    let value = format!("{}:{issued}:{}:{secret}:{mac}", key.id, pending.username);
    let max_age = u32::try_from(PENDING_LIFETIME.num_seconds()).unwrap_or(0);
    Ok(cookie(PENDING_COOKIE, &value, state.config().secure_cookies, Some(max_age)))
}

/// The `Set-Cookie` that forgets a pending sign-in.
pub(crate) fn clear_pending_cookie(secure: bool) -> HeaderValue {
    cookie(PENDING_COOKIE, "", secure, Some(0))
}

/// The pending sign-in the request carries, if its cookie is signed, recent and its account still active.
pub(crate) async fn pending(state: &AppState, headers: &HeaderMap) -> Result<Option<Pending>, AppError> {
    let Some(value) = cookie_value(headers, PENDING_COOKIE) else { return Ok(None) };
    let parts: Vec<&str> = value.split(':').collect();
    let [id, issued, username, secret, mac] = parts[..] else { return Ok(None) };
    let (Ok(id), Ok(at)) = (id.parse::<u64>(), issued.parse::<i64>()) else { return Ok(None) };
    let Some(at) = DateTime::from_timestamp(at, 0) else { return Ok(None) };
    let now = state.now();
    if now - at > PENDING_LIFETIME || at - now > Duration::minutes(5) {
        return Ok(None);
    }
    let Some(key) = state.csrf_keys().find(state, id).await? else { return Ok(None) };
    if !same_secret(&sign(&key.secret, &["pending", username, issued, secret]), mac) {
        return Ok(None);
    }
    if !state.accounts().users.get(username).is_some_and(|u| !u.disabled) {
        return Ok(None);
    }
    Ok(Some(Pending { username: username.to_string(), enrolling: (secret != "-").then(|| secret.to_string()) }))
}

/// A new secret: 160 random bits (RFC 4226's recommendation), base32.
pub(crate) fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal("random".into()))?;
    Ok(Secret::new_stack(bytes).to_base32())
}

fn totp(secret: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret).map_err(|_| AppError::Internal("a stored TOTP secret is not base32".into()))?;
    Builder::new().with_secret(secret).build().map_err(|e| AppError::Internal(format!("TOTP: {e}")))
}

/// The step a six-digit `code` for `secret` matches at `now` (one step either side), if any.
pub(crate) fn code_step(secret: &str, code: &str, now: DateTime<Utc>) -> Result<Option<u64>, AppError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let time = u64::try_from(now.timestamp()).unwrap_or(0);
    Ok(totp(secret)?.check(&code, time))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub(crate) fn otpauth_url(secret: &str, username: &str) -> String {
    let label: String = form_urlencoded::byte_serialize(format!("{ISSUER}:{username}").as_bytes()).collect();
    format!("otpauth://totp/{label}?secret={secret}&issuer={ISSUER}&algorithm=SHA1&digits=6&period=30")
}

/// The QR code of `url` as an inline SVG element (no script, no style: allowed by the pages' CSP).
pub(crate) fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| AppError::Internal(format!("QR code: {e}")))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
    // The renderer writes an XML declaration first; inside HTML only the element is wanted.
    Ok(svg.find("<svg").map_or(svg.clone(), |i| svg[i..].to_string()))
}

/// Ten recovery codes, each ten characters in two groups (`K7QX2-M9PLD`):
/// what is shown once, and their SHA-256 to store.
pub(crate) fn recovery_codes() -> Result<(Vec<String>, Vec<String>), AppError> {
    // Letters and digits a person cannot misread (no 0/O, 1/I/L).
    const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ*";
    let mut shown = Vec::with_capacity(RECOVERY_CODES);
    while shown.len() < RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::fill(&mut bytes).map_err(|_| AppError::Internal("random".into()))?;
        // 31 usable letters: a byte's low five bits, redrawn when they pick the last.
        let letters: Vec<u8> = bytes.iter().map(|b| ALPHABET[usize::from(b & 31)]).collect();
        if letters.contains(&b'*') {
            continue;
        }
        let code = format!("{}-{}", String::from_utf8_lossy(&letters[..5]), String::from_utf8_lossy(&letters[5..]));
        if !shown.contains(&code) {
            shown.push(code);
        }
    }
    let stored = shown.iter().map(|c| recovery_hash(c)).collect();
    Ok((shown, stored))
}

/// What is stored for a recovery code as typed (case, spaces and the dash do not matter).
pub(crate) fn recovery_hash(typed: &str) -> String {
    let plain: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    sha256_hex(&plain)
}

/// The throttle key for an account's second-factor failures.
fn failures_key(username: &str) -> String {
    format!("f:{username}")
}

/// The throttle key marking a code's step as used for an account.
fn used_key(username: &str, step: u64) -> String {
    format!("s:{username}:{step}")
}

/// How long the account must wait before another code is tried, if at all.
pub(crate) async fn held(state: &AppState, username: &str) -> Result<Option<Duration>, AppError> {
    let p = state.policy().settings.throttle.clone();
    let key = failures_key(username);
    let row = state.session_store(move |s| s.throttle(&key)).await?;
    Ok(account_wait(&p, row.as_ref(), state.now()))
}

/// Counts a wrong code against the account.
pub(crate) async fn failed(state: &AppState, username: &str) -> Result<(), AppError> {
    let (key, now) = (failures_key(username), state.now());
    state.session_store(move |s| s.throttle_failed(&key, now, now - ACCOUNT_WINDOW).map(|_| ())).await
}

/// Marks `step` used for the account and forgets its failures; false if the step was used already (a replayed code).
pub(crate) async fn spend_step(state: &AppState, username: &str, step: u64) -> Result<bool, AppError> {
    let (used, failures, now) = (used_key(username, step), failures_key(username), state.now());
    state
        .session_store(move |s| {
            // Counted as a "failure" so the row lives for the account window, far past the code's life.
            let first = s.throttle(&used)?.is_none_or(|r| now - r.first_at >= ACCOUNT_WINDOW);
            if first {
                s.throttle_failed(&used, now, now - ACCOUNT_WINDOW)?;
                s.throttle_clear(&failures)?;
            }
            Ok(first)
        })
        .await
}

/// Forgets the account's second-factor failures (an administrator's unlock, a recovery code).
pub(crate) async fn forget_failures(state: &AppState, username: &str) -> Result<(), AppError> {
    let key = failures_key(username);
    state.session_store(move |s| s.throttle_clear(&key)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret ("12345678901234567890") and its
    /// eight-digit answers, whose last six digits are the six-digit codes.
    #[test]
    fn codes_match_rfc_6238s_test_vectors_one_step_either_side() {
        let secret = Secret::new_stack(*b"12345678901234567890").to_base32();
        let at = |t: i64| DateTime::from_timestamp(t, 0).unwrap();
        for (time, code) in [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")] {
            let step = (time as u64) / 30;
            assert_eq!(code_step(&secret, code, at(time)).unwrap(), Some(step), "{time}");
            assert_eq!(code_step(&secret, code, at(time + 30)).unwrap(), Some(step), "a step late");
            assert_eq!(code_step(&secret, code, at(time - 30)).unwrap(), Some(step), "a step early");
            assert_eq!(code_step(&secret, code, at(time + 61)).unwrap(), None, "two steps late");
            assert_eq!(code_step(&secret, &format!("{} {}", &code[..3], &code[3..]), at(time)).unwrap(), Some(step));
        }
        for bad in ["", "28708", "2870821", "abcdef", "28708x"] {
            assert_eq!(code_step(&secret, bad, at(59)).unwrap(), None, "{bad}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_different_readable_codes_stored_hashed() {
        let (shown, stored) = recovery_codes().unwrap();
        assert_eq!((shown.len(), stored.len()), (RECOVERY_CODES, RECOVERY_CODES));
        for (c, h) in shown.iter().zip(&stored) {
            assert_eq!(c.len(), 11, "{c}");
            assert!(c.bytes().enumerate().all(|(i, b)| if i == 5 { b == b'-' } else { b"23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains(&b) }), "{c}");
            assert_eq!(&recovery_hash(c), h);
            assert_eq!(&recovery_hash(&c.to_lowercase().replace('-', " ")), h, "typed loosely");
        }
        let distinct: std::collections::BTreeSet<_> = shown.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
    }

    #[test]
    fn the_qr_code_carries_the_otpauth_address() {
        let secret = new_secret().unwrap();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let url = otpauth_url(&secret, "a.admin");
        assert!(url.starts_with("otpauth://totp/carefile%3Aa.admin?secret=") && url.contains(&secret), "{url}");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && !svg.contains("<script") && !svg.contains("style="));
    }
}
