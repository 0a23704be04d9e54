//! CSRF protection for every state-changing request. Each session has a
//! random token; a POST, PUT, PATCH or DELETE from a request carrying a live
//! session must present it: in the `X-CSRF-Token` header (htmx and the API),
//! in the `csrf` field of a url-encoded form, or for a multipart upload in the
//! `csrf` query parameter of the form's action. The one exception is the API's
//! sign-in (`POST /api/v1/session`), which has no session yet and accepts only
//! JSON, a content type another site cannot send without CORS approval.
//! A request without a live session passes on to its handler, which refuses
//! it for want of one ([`super::SignedIn`] requires [`CsrfChecked`]).

use super::{same_secret, session_id};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Forms are small; uploads are multipart and are not buffered here.
const FORM_LIMIT: usize = 1 << 20;

/// Marks a request whose CSRF token was checked against its session.
#[derive(Debug, Clone, Copy)]
pub struct CsrfChecked;

pub fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn csrf_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if is_safe(req.method()) || (req.method() == Method::POST && req.uri().path() == "/api/v1/session") {
        return next.run(req).await;
    }
    let Some(session) = session_id(req.headers()).and_then(|id| state.sessions().touch(id, state.now())) else {
        return next.run(req).await;
    };
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let presented = if let Some(h) = req.headers().get(CSRF_HEADER) {
        h.to_str().ok().map(str::to_string)
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response();
        };
        let token = field(&bytes);
        req = Request::from_parts(parts, Body::from(bytes));
        token
    } else if content_type.starts_with("multipart/form-data") {
        req.uri().query().and_then(|q| field(q.as_bytes()))
    } else {
        None
    };
    match presented {
        Some(t) if same_secret(&t, &session.csrf) => {
            req.extensions_mut().insert(CsrfChecked);
            next.run(req).await
        }
        _ => (StatusCode::FORBIDDEN, "missing or wrong CSRF token: reload the page and try again").into_response(),
    }
}

fn field(encoded: &[u8]) -> Option<String> {
    form_urlencoded::parse(encoded).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned())
}
