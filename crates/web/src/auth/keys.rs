//! Secrets the servers share through the database (decision 006), one set per
//! purpose: the newest signs; it is replaced after `rotation`, and the one
//! before still verifies what it signed for as long again.

use super::random_token;
use crate::{AppError, AppState};
use carefile_store::ServerKey;
use chrono::Duration;
use hmac::{Hmac, KeyInit, Mac};
use std::sync::RwLock;

pub(crate) struct SharedKeys {
    purpose: &'static str,
    rotation: Duration,
    /// As this server last read them, newest first.
    keys: RwLock<Vec<ServerKey>>,
}

impl SharedKeys {
    pub(crate) fn new(purpose: &'static str, rotation: Duration) -> Self {
        SharedKeys { purpose, rotation, keys: RwLock::new(Vec::new()) }
    }

    /// The keys, read again when the newest is due to rotate (or `refresh`).
    pub(crate) async fn get(&self, state: &AppState, refresh: bool) -> Result<Vec<ServerKey>, AppError> {
        let now = state.now();
        {
            let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
            if !refresh && keys.first().is_some_and(|k| now - k.created < self.rotation) {
                return Ok(keys.clone());
            }
        }
        let candidate = random_token()?;
        let (purpose, rotation) = (self.purpose, self.rotation);
        let fresh = state.session_store(move |s| s.server_keys(purpose, now, rotation, &candidate)).await?;
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = fresh.clone();
        Ok(fresh)
    }

    /// The key `id`, reading the keys again if it is newer than this server
    /// has seen (another server may have rotated since); made-up older or
    /// newer ids cost at most that one read.
    pub(crate) async fn find(&self, state: &AppState, id: u64) -> Result<Option<ServerKey>, AppError> {
        let keys = self.get(state, false).await?;
        let newest = keys.first().map_or(0, |k| k.id);
        if let Some(k) = keys.into_iter().find(|k| k.id == id) {
            return Ok(Some(k));
        }
        if id <= newest {
            return Ok(None);
        }
        Ok(self.get(state, true).await?.into_iter().find(|k| k.id == id))
    }
}

/// HMAC-SHA-256 of `parts` (each followed by a dot) under `secret`, as hex.
pub(crate) fn sign(secret: &str, parts: &[&str]) -> String {
    // HMAC takes a key of any length.
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key length");
    for p in parts {
        mac.update(p.as_bytes());
        mac.update(b".");
    }
    super::hex(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_binds_the_key_and_every_part_and_their_boundaries() {
        let m = sign("key", &["nonce", "100"]);
        assert_eq!(m.len(), 64);
        assert_eq!(m, sign("key", &["nonce", "100"]));
        assert_ne!(m, sign("other", &["nonce", "100"]));
        assert_ne!(m, sign("key", &["nonce2", "100"]));
        assert_ne!(m, sign("key", &["nonce", "101"]));
        assert_ne!(sign("key", &["ab", "c"]), sign("key", &["a", "bc"]));
    }
}
