//! Server-side sessions. The cookie holds only a random ID; everything else
//! (who, the CSRF token, break-glass openings) stays on the server, so
//! signing out or expiry ends a session for good.

use super::random_token;
use crate::AppError;
use axum::http::{HeaderMap, HeaderValue, header};
use carefile_domain::ChildId;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

pub const COOKIE: &str = "carefile_session";

/// Most live sessions held: past this, new sign-in forms are refused until
/// old ones expire, so requests for the form cannot exhaust memory.
const MAX_SESSIONS: usize = 100_000;

#[derive(Debug, Clone)]
pub struct Session {
    /// `None` before sign-in: the sign-in form's own session, which carries its CSRF token.
    pub user: Option<String>,
    pub csrf: String,
    pub created: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Restricted children opened by breaking glass in this session.
    pub broken_glass: BTreeSet<ChildId>,
}

pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
    idle: Duration,
    absolute: Duration,
}

impl Sessions {
    pub fn new(idle: Duration, absolute: Duration) -> Sessions {
        Sessions { map: Mutex::new(HashMap::new()), idle, absolute }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn live(&self, s: &Session, now: DateTime<Utc>) -> bool {
        now - s.last_seen < self.idle && now - s.created < self.absolute
    }

    /// A new session with a new ID and CSRF token; returns the ID.
    pub fn start(&self, user: Option<String>, now: DateTime<Utc>) -> Result<String, AppError> {
        let id = random_token()?;
        let anonymous = user.is_none();
        let session = Session { user, csrf: random_token()?, created: now, last_seen: now, broken_glass: BTreeSet::new() };
        let mut map = self.map();
        // Sessions expire lazily; sweep when the map grows so abandoned
        // sign-in forms cannot pile up.
        if map.len() >= 1024 && map.len().is_power_of_two() || map.len() >= MAX_SESSIONS {
            map.retain(|_, s| now - s.last_seen < self.idle && now - s.created < self.absolute);
        }
        if anonymous && map.len() >= MAX_SESSIONS {
            return Err(AppError::Busy);
        }
        map.insert(id.clone(), session);
        Ok(id)
    }

    /// The live session `id`, marked as used now; an expired one is ended.
    pub fn touch(&self, id: &str, now: DateTime<Utc>) -> Option<Session> {
        let mut map = self.map();
        let s = map.get_mut(id)?;
        if !self.live(s, now) {
            map.remove(id);
            return None;
        }
        s.last_seen = now;
        Some(s.clone())
    }

    pub fn end(&self, id: &str) {
        self.map().remove(id);
    }

    pub fn break_glass(&self, id: &str, child: ChildId) {
        if let Some(s) = self.map().get_mut(id) {
            s.broken_glass.insert(child);
        }
    }
}

/// The session ID in the request's cookies.
pub fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for a session ID.
pub fn session_cookie(id: &str, secure: bool) -> HeaderValue {
    cookie(id, secure, None)
}

/// The `Set-Cookie` value that deletes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie("", secure, Some(0))
}

fn cookie(value: &str, secure: bool, max_age: Option<u32>) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    let text = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}");
    // Built from hex digits and fixed text only.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("carefile_session=; Max-Age=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_when_idle_or_old() {
        let t0 = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc();
        let s = Sessions::new(Duration::minutes(30), Duration::hours(2));
        let id = s.start(Some("sam".into()), t0).unwrap();
        assert_eq!(id.len(), 64);
        // Kept alive by use every 20 minutes, until the absolute limit.
        let mut t = t0;
        while t - t0 < Duration::minutes(100) {
            t += Duration::minutes(20);
            assert!(s.touch(&id, t).is_some(), "alive at {t}");
        }
        assert!(s.touch(&id, t0 + Duration::hours(2)).is_none());
        let idle = s.start(None, t0).unwrap();
        assert!(s.touch(&idle, t0 + Duration::minutes(30)).is_none());
        assert!(s.touch("no such id", t0).is_none());
    }

    #[test]
    fn anonymous_sessions_are_capped_until_old_ones_expire() {
        let t0 = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().to_utc();
        let s = Sessions::new(Duration::minutes(30), Duration::hours(2));
        for _ in 0..MAX_SESSIONS {
            s.start(None, t0).unwrap();
        }
        assert!(matches!(s.start(None, t0), Err(AppError::Busy)));
        // A real sign-in still gets a session; later the expired forms are swept.
        assert!(s.start(Some("sam".into()), t0).is_ok());
        assert!(s.start(None, t0 + Duration::minutes(31)).is_ok());
        assert_eq!(s.map().len(), 1, "every expired session was swept");
    }

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
}
