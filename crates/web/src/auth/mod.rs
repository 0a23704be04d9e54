//! Sign-in and sessions: argon2 password hashes, server-side sessions named by
//! a random 256-bit ID in an HttpOnly, SameSite=Strict cookie (Secure unless
//! configured off for loopback http), a fresh ID at every sign-in, idle and
//! absolute expiry, a CSRF token per session checked on every state-changing
//! request ([`csrf_guard`]), and sign-in throttling per account, device and
//! address ([`throttle`]); single sign-on through the authority's OpenID
//! provider ([`oidc`]).

pub(crate) mod csrf;
mod keys;
mod leavers;
pub mod oidc;
pub mod password;
pub(crate) mod second_factor;
mod session;
mod signed_in;
pub(crate) mod throttle;

pub use csrf::{CSRF_FIELD, CSRF_HEADER, csrf_guard, signin_token};
pub(crate) use csrf::{clear_signin_cookie, signin_keys, signin_nonce, token_for};
pub(crate) use keys::SharedKeys;
pub use session::{COOKIE, Session, Sessions, clear_cookie, session_cookie, session_id};
pub use signed_in::{ClientAddr, SignedIn};
pub use throttle::Throttle;

use crate::AppError;

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal("random".into()))?;
    Ok(hex(&bytes))
}

/// Bytes as lower-case hex digits.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
