//! Pseudonyms: a keyed HMAC-SHA256 of the child's ID, with a secret per authority and use, not
//! LIIA's salted SHA-256 (a salt shared with the pool lets anyone holding it test guesses; a key
//! never leaves the authority). The same child has the same pseudonym in the SSDA903, the CIN
//! census and Annex A under one key and use, and an unrelated one under another; the authority's
//! number is appended, so pooled pseudonyms stay unique.

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// A key file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{file}: {message}")]
    Bad { file: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: String,
    secret: String,
}

/// The secret behind the pseudonyms of one use, and its name (the key ID written in extracts).
pub struct Key {
    pub id: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("id", &self.id).finish_non_exhaustive()
    }
}

impl Key {
    /// Reads a key file: TOML with `id` (a name, e.g. `pan-2026-1`) and `secret` (at least 32 bytes as
    /// hex, e.g. from `openssl rand -hex 32`).
    pub fn parse(file: &str, text: &str) -> Result<Key, KeyError> {
        let bad = |message: String| KeyError::Bad { file: file.into(), message };
        let f: File = toml::from_str(text).map_err(|e| bad(format!("expected `id = \"…\"` and `secret = \"<hex>\"`: {e}")))?;
        let id = f.id.trim().to_string();
        if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) {
            return Err(bad("the key ID is 1 to 64 letters, digits, '-', '_' or '.'".into()));
        }
        let hex = f.secret.trim();
        if hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("the secret is hexadecimal".into()));
        }
        let secret: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)).collect();
        if secret.len() < 32 {
            return Err(bad(format!("the secret has {} bytes: at least 32 are needed", secret.len())));
        }
        Ok(Key { id, secret })
    }

    fn mac(&self, purpose: &str, use_: &str, la: u16, value: &str) -> String {
        let mut m = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        // Each part is length-prefixed so no two inputs run together.
        for part in [purpose, use_, &la.to_string(), value] {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part.as_bytes());
        }
        m.finalize().into_bytes().iter().take(12).map(|b| format!("{b:02x}")).collect()
    }

    /// A child's pseudonym: 24 hex digits and the authority's number (`…_855`).
    pub fn child(&self, use_: &str, la: u16, child_id: &str) -> String {
        self.pseudonym("child", use_, la, child_id)
    }

    /// The pseudonym of an identifier of some kind (`purpose`: child, adopter, family).
    pub fn pseudonym(&self, purpose: &str, use_: &str, la: u16, id: &str) -> String {
        format!("{}_{la}", self.mac(purpose, use_, la, id))
    }

    /// A keyed hash of a unique pupil number.
    pub fn upn(&self, use_: &str, la: u16, upn: &str) -> String {
        self.mac("upn", use_, la, &upn.trim().to_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, byte: char) -> Key {
        Key::parse("k.toml", &format!("id = \"{id}\"\nsecret = \"{}\"", byte.to_string().repeat(64))).unwrap()
    }

    #[test]
    fn pseudonyms_are_stable_per_key_and_use_and_differ_otherwise() {
        let (a, b) = (key("a", 'a'), key("b", 'b'));
        assert_eq!(a.child("PAN", 855, "C0012345"), a.child("PAN", 855, "C0012345"));
        assert!(a.child("PAN", 855, "C0012345").ends_with("_855"));
        assert_eq!(a.child("PAN", 855, "C0012345").len(), 28);
        assert_ne!(a.child("PAN", 855, "C0012345"), b.child("PAN", 855, "C0012345"));
        assert_ne!(a.child("PAN", 855, "C0012345"), a.child("SUFFICIENCY", 855, "C0012345"));
        assert_ne!(a.child("PAN", 855, "C0012345"), a.child("PAN", 855, "C0012346"));
        assert_ne!(a.upn("PAN", 855, "A123456789012"), a.child("PAN", 855, "A123456789012")[..24].to_string());
        assert!(!format!("{a:?}").contains("aaaa"), "the secret is never shown");
    }

    #[test]
    fn bad_key_files_are_named() {
        for (text, says) in [
            ("id = \"k\"", "expected"),
            ("id = \"k\"\nsecret = \"abcd\"", "at least 32"),
            ("id = \"k\"\nsecret = \"zz\"", "hexadecimal"),
            ("id = \"a b\"\nsecret = \"00\"", "key ID"),
        ] {
            let e = Key::parse("key.toml", text).unwrap_err().to_string();
            assert!(e.starts_with("key.toml: ") && e.contains(says), "{e}");
        }
    }
}
