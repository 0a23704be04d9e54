//! CSRF protection for every state-changing request.
//!
//! A signed-in session has a random token, stored with it; a POST, PUT, PATCH
//! or DELETE carrying a live session must present it: in the `X-CSRF-Token`
//! header (htmx and the API), in the `csrf` field of a url-encoded form, or
//! for a multipart upload in a `csrf` field that comes first in the form (the
//! guard reads that far and hands the upload on unread: a token in the form's
//! address would be kept in the browser's history and the server's logs).
//!
//! Before sign-in there is no server state at all (decision 006): the
//! sign-in form sets a random nonce in a short-lived cookie and carries a
//! token signed with the servers' shared key (HMAC-SHA-256 over the nonce and
//! the time it was issued), which any server can verify. A cross-site page
//! can neither read the cookie nor forge the signature.
//!
//! The API's sign-in (`POST /api/v1/session`) has neither: it accepts only
//! JSON, a content type another site cannot send without CORS approval.
//! Any other request without a live session passes on to its handler, which
//! refuses it for want of one ([`super::SignedIn`] requires [`CsrfChecked`]).

use super::session::{Session, cookie, cookie_value};
use super::{random_token, same_secret, session_id};
use crate::{AppError, AppState};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use super::keys::{SharedKeys, sign};
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;

pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The sign-in form's nonce.
const SIGNIN_COOKIE: &str = "carefile_signin";
/// How long a sign-in form stays good.
const SIGNIN_LIFETIME: Duration = Duration::hours(2);
/// The shared key signs for this long, then a new one takes over (the old one
/// still verifies what it signed for as long again).
const KEY_ROTATION: Duration = Duration::hours(24);
const KEY_PURPOSE: &str = "signin-csrf";

/// Forms are small; uploads are multipart and are not buffered here.
const FORM_LIMIT: usize = 1 << 20;
/// How much of a multipart body is read to find its first field, the token.
const MULTIPART_HEAD_LIMIT: usize = 8 << 10;

/// Marks a request whose CSRF token was checked (against its session, or
/// for the sign-in form against the signed nonce).
#[derive(Debug, Clone, Copy)]
pub struct CsrfChecked;

/// The live session the guard loaded, so the handler does not load it again.
#[derive(Debug, Clone)]
pub(crate) struct LoadedSession(pub String, pub Session);

pub fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The sign-in form's signing keys, rotated daily.
pub(crate) fn signin_keys() -> SharedKeys {
    SharedKeys::new(KEY_PURPOSE, KEY_ROTATION)
}

/// A new sign-in form's token and the `Set-Cookie` carrying its nonce.
pub async fn signin_token(state: &AppState) -> Result<(String, HeaderValue), AppError> {
    let nonce = random_token()?;
    let token = token_for(state, &nonce).await?;
    let max_age = u32::try_from(SIGNIN_LIFETIME.num_seconds()).unwrap_or(0);
    Ok((token, cookie(SIGNIN_COOKIE, &nonce, state.config().secure_cookies, Some(max_age))))
}

/// A fresh token for the nonce the browser already holds (a form shown again).
pub(crate) async fn token_for(state: &AppState, nonce: &str) -> Result<String, AppError> {
    let keys = state.csrf_keys().get(state, false).await?;
    let key = keys.first().ok_or_else(|| AppError::Internal("no signing key".into()))?;
    let issued = state.now().timestamp();
    let mac = sign(&key.secret, &[nonce, &issued.to_string()]);
    Ok(format!("{}.{issued}.{mac}", key.id))
}

/// The sign-in form's nonce in the request's cookies.
pub(crate) fn signin_nonce(headers: &axum::http::HeaderMap) -> Option<&str> {
    cookie_value(headers, SIGNIN_COOKIE)
}

/// The `Set-Cookie` that forgets the sign-in nonce.
pub(crate) fn clear_signin_cookie(secure: bool) -> HeaderValue {
    cookie(SIGNIN_COOKIE, "", secure, Some(0))
}

/// Whether `token` was signed for `nonce` by a current key and is not too old.
async fn signin_token_ok(state: &AppState, nonce: &str, token: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
    let mut parts = token.splitn(3, '.');
    let (Some(id), Some(issued), Some(mac)) = (parts.next(), parts.next(), parts.next()) else { return Ok(false) };
    let (Ok(id), Ok(issued)) = (id.parse::<u64>(), issued.parse::<i64>()) else { return Ok(false) };
    let Some(at) = DateTime::from_timestamp(issued, 0) else { return Ok(false) };
    if now - at > SIGNIN_LIFETIME || at - now > Duration::minutes(5) {
        return Ok(false);
    }
    let key = state.csrf_keys().find(state, id).await?;
    Ok(key.is_some_and(|k| same_secret(&sign(&k.secret, &[nonce, &issued.to_string()]), mac)))
}

pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) || (req.method() == Method::POST && req.uri().path() == "/api/v1/session") {
        return next.run(req).await;
    }
    // The sign-in form and its second step (`/signin/code`) carry the signed nonce's token.
    let signing_in = req.method() == Method::POST && matches!(req.uri().path(), "/signin" | "/signin/code");
    let session = match session_id(req.headers()) {
        Some(id) if !signing_in => {
            let id = id.to_string();
            match state.sessions().touch(&id, state.now()).await {
                Ok(Some(s)) => Some(LoadedSession(id, s)),
                Ok(None) => None,
                Err(e) => return e.into_response(),
            }
        }
        _ => None,
    };
    if session.is_none() && !signing_in {
        return next.run(req).await;
    }
    let (mut req, presented) = match presented_token(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let ok = match (&session, presented) {
        (Some(LoadedSession(_, s)), Some(t)) => same_secret(&t, &s.csrf),
        (None, Some(t)) => match signin_nonce(req.headers()) {
            Some(nonce) => match signin_token_ok(&state, nonce, &t, state.now()).await {
                Ok(ok) => ok,
                Err(e) => return e.into_response(),
            },
            None => false,
        },
        (_, None) => false,
    };
    if !ok {
        let why = if signing_in {
            "the sign-in form expired: reload it and try again"
        } else {
            "missing or wrong CSRF token: reload the page and try again"
        };
        return (StatusCode::FORBIDDEN, why).into_response();
    }
    req.extensions_mut().insert(CsrfChecked);
    if let Some(s) = session {
        req.extensions_mut().insert(s);
    }
    next.run(req).await
}

/// The token the request presents, and the request (its form body read and put back).
async fn presented_token(req: Request) -> Result<(Request, Option<String>), Response> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(h) = req.headers().get(CSRF_HEADER) {
        let t = h.to_str().ok().map(str::to_string);
        return Ok((req, t));
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response());
        };
        let token = field(&bytes);
        return Ok((Request::from_parts(parts, Body::from(bytes)), token));
    }
    if content_type.starts_with("multipart/form-data") {
        let Some(boundary) = boundary(content_type) else { return Ok((req, None)) };
        let (parts, body) = req.into_parts();
        let mut stream = body.into_data_stream();
        let mut head = Vec::new();
        let token = loop {
            if let Some(first) = first_part(&head, &boundary) {
                break first;
            }
            if head.len() > MULTIPART_HEAD_LIMIT {
                break None;
            }
            match stream.next().await {
                Some(Ok(chunk)) => head.extend_from_slice(&chunk),
                _ => break None,
            }
        };
        // What was read goes back in front of the rest, which is not read here.
        let whole = futures_util::stream::iter([Ok(axum::body::Bytes::from(head))]).chain(stream);
        return Ok((Request::from_parts(parts, Body::from_stream(whole)), token));
    }
    Ok((req, None))
}

/// A multipart content type's boundary.
fn boundary(content_type: &str) -> Option<String> {
    let b = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?;
    let b = b.trim_matches('"');
    (!b.is_empty() && b.len() <= 70).then(|| b.to_string())
}

/// The token if the body's first part is the `csrf` field: `Some(token)` once
/// that part is read whole (`Some(None)` if the first part is another field),
/// `None` while more of the body is needed.
fn first_part(head: &[u8], boundary: &str) -> Option<Option<String>> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let open = format!("--{boundary}\r\n");
    if head.len() < open.len() {
        return None;
    }
    if !head.starts_with(open.as_bytes()) {
        return Some(None);
    }
    let rest = &head[open.len()..];
    let end_of_headers = find(rest, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&rest[..end_of_headers]).to_ascii_lowercase();
    let named_csrf = headers.lines().any(|l| {
        l.starts_with("content-disposition:") && l.split(';').any(|p| p.trim() == format!("name=\"{CSRF_FIELD}\""))
    });
    if !named_csrf {
        return Some(None);
    }
    let value = &rest[end_of_headers + 4..];
    let close = find(value, format!("\r\n--{boundary}").as_bytes())?;
    Some(std::str::from_utf8(&value[..close]).ok().map(str::to_string))
}

fn field(encoded: &[u8]) -> Option<String> {
    form_urlencoded::parse(encoded).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_the_multipart_forms_first_field_read_whole() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt0ken\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\n\r\nA,B\r\n--XyZ--\r\n";
        assert_eq!(first_part(body.as_bytes(), "XyZ"), Some(Some("t0ken".into())));
        assert_eq!(boundary("multipart/form-data; boundary=XyZ").as_deref(), Some("XyZ"));
        assert_eq!(boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(), Some("XyZ"));
        // Cut anywhere before the token's part ends: more is needed.
        let cut = body.find("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"").unwrap();
        for at in 0..cut {
            assert_eq!(first_part(&body.as_bytes()[..at], "XyZ"), None, "{at}");
        }
        // A first part that is not the token, or a body that does not open with the boundary: none.
        let other = body.replacen("name=\"csrf\"", "name=\"which\"", 1);
        assert_eq!(first_part(other.as_bytes(), "XyZ"), Some(None));
        let lookalike = body.replacen("name=\"csrf\"", "name=\"csrf2\"", 1);
        assert_eq!(first_part(lookalike.as_bytes(), "XyZ"), Some(None));
        assert_eq!(first_part(b"garbage that is long enough", "XyZ"), Some(None));
    }
}
