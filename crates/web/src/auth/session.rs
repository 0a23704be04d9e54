//! Signed-in sessions, kept in the database (decision 006) so any server
//! answers any request and a restart signs no one out. The cookie holds only
//! a random 256-bit ID; the database keeps its SHA-256, the user, the CSRF
//! token, times and the records it opened by break glass or a stated reason,
//! each until its time limit. Nobody has a session before signing
//! in: the sign-in form's CSRF token is stateless ([`super::csrf`]).

use super::random_token;
use crate::{AppError, AppState};
use axum::http::{HeaderMap, HeaderValue, header};
use carefile_domain::ChildId;
use carefile_domain::access::{Opening, OpeningKind};
use carefile_store::SessionRow;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const COOKIE: &str = "carefile_session";

/// How an opening is stored (`session_grants.kind`).
const BREAK_GLASS: &str = "break_glass";
const STATED_REASON: &str = "stated_reason";

/// `last_seen` is written at most this often per session.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// A live session as handlers see it.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub csrf: String,
    pub created: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Records opened by break glass or a stated reason, while each lasts.
    pub openings: BTreeMap<ChildId, Opening>,
    /// The log's `seq` after this session's last write.
    pub wrote_seq: u64,
}

/// The sessions, through the server's store connections.
pub struct Sessions<'a> {
    state: &'a AppState,
}

/// What the database keeps for a session ID.
pub(crate) fn key(id: &str) -> String {
    super::hex(&Sha256::digest(id.as_bytes()))
}

impl<'a> Sessions<'a> {
    pub(crate) fn new(state: &'a AppState) -> Self {
        Sessions { state }
    }

    fn live(&self, s: &SessionRow, now: DateTime<Utc>) -> bool {
        let c = self.state.config();
        now - s.last_seen < c.idle && now - s.created < c.absolute
    }

    /// A new session for `user` with a new ID and CSRF token; returns the ID.
    pub async fn start(&self, user: &str, now: DateTime<Utc>) -> Result<String, AppError> {
        let id = random_token()?;
        let row = SessionRow {
            key: key(&id),
            username: user.to_string(),
            csrf: random_token()?,
            created: now,
            last_seen: now,
            wrote_seq: 0,
            grants: Vec::new(),
        };
        self.state.session_store(move |s| s.session_start(&row)).await?;
        Ok(id)
    }

    /// The live session `id`, marked as used now (at most once a minute); an
    /// expired one is ended.
    pub async fn touch(&self, id: &str, now: DateTime<Utc>) -> Result<Option<Session>, AppError> {
        let k = key(id);
        let found = self.state.session_store({
            let k = k.clone();
            move |s| s.session(&k)
        });
        let Some(row) = found.await? else { return Ok(None) };
        if !self.live(&row, now) {
            self.state.session_store(move |s| s.session_end(&k)).await?;
            return Ok(None);
        }
        if now - row.last_seen >= TOUCH_EVERY {
            self.state.session_store(move |s| s.session_touch(&k, now)).await?;
        }
        Ok(Some(Session {
            openings: row
                .grants
                .iter()
                .filter(|g| g.until > now)
                .filter_map(|g| {
                    let kind = if g.kind == STATED_REASON { OpeningKind::StatedReason } else { OpeningKind::BreakGlass };
                    Some((ChildId::new(&g.child).ok()?, Opening { kind, until: g.until }))
                })
                .collect(),
            user: row.username,
            csrf: row.csrf,
            created: row.created,
            last_seen: row.last_seen,
            wrote_seq: row.wrote_seq,
        }))
    }

    pub async fn end(&self, id: &str) -> Result<(), AppError> {
        let k = key(id);
        self.state.session_store(move |s| s.session_end(&k)).await
    }

    /// Records that the session opened `child` (replacing an earlier opening of it).
    pub async fn open(&self, id: &str, child: ChildId, opening: Opening) -> Result<(), AppError> {
        let k = key(id);
        let kind = match opening.kind {
            OpeningKind::BreakGlass => BREAK_GLASS,
            OpeningKind::StatedReason => STATED_REASON,
        };
        self.state.session_store(move |s| s.session_grant(&k, child.as_str(), kind, opening.until)).await
    }

    /// Remembers the log's `seq` after this session's write.
    pub async fn wrote(&self, id: &str, seq: u64) -> Result<(), AppError> {
        let k = key(id);
        self.state.session_store(move |s| s.session_wrote(&k, seq)).await
    }
}

/// The session ID in the request's cookies.
pub fn session_id(headers: &HeaderMap) -> Option<&str> {
    cookie_value(headers, COOKIE)
}

/// A cookie's value in the request.
pub(crate) fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for a session ID.
pub fn session_cookie(id: &str, secure: bool) -> HeaderValue {
    cookie(COOKIE, id, secure, None)
}

/// The `Set-Cookie` value that deletes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie(COOKIE, "", secure, Some(0))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, Secure unless told otherwise.
pub(crate) fn cookie(name: &str, value: &str, secure: bool, max_age: Option<u32>) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}");
    // Built from hex digits and fixed text only.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("carefile_session=; Max-Age=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_is_read_among_others_and_written_with_its_flags() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; carefile_session=abc; b=2"));
        assert_eq!(session_id(&h), Some("abc"));
        let c = session_cookie("abc", true);
        let c = c.to_str().unwrap();
        for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(c.contains(flag), "{c}");
        }
        assert!(!session_cookie("abc", false).to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn only_a_hash_of_the_id_is_kept() {
        let k = key("an id");
        assert_eq!(k.len(), 64);
        assert_ne!(k, "an id");
        assert_eq!(k, key("an id"));
    }
}
