//! What every API write shares, whatever it writes: the version it names in `If-Match` (428
//! without one), and the `Idempotency-Key` that makes a retry get the first answer again instead
//! of a second write. The key is claimed in the database before the write and its answer kept
//! there a day (decision 006), so a retry reaching another server gets the same answer, and one
//! sent while the first is still running is told to wait (409) rather than run beside it.

use super::ApiError;
use crate::auth::SignedIn;
use crate::{AppError, AppState};
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use carefile_store::{Claim, Replay};
use chrono::Duration;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// How long an answer is kept for a retry.
pub(crate) const KEPT_FOR: Duration = Duration::hours(24);
/// A claim on a key never answered after this long was made by a server that died mid-request:
/// a retry runs again (and `If-Match` refuses it when the first write was made).
const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// An answer to keep for a retry: status, entity tag, body.
pub(crate) type Kept = (StatusCode, Option<String>, Value);

pub(crate) fn answer(status: StatusCode, etag: Option<String>, body: Value) -> Response {
    let mut r = (status, Json(body)).into_response();
    if let Some(t) = etag.and_then(|t| t.parse().ok()) {
        r.headers_mut().insert(header::ETAG, t);
    }
    r
}

/// A version as an entity tag.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// The version `If-Match` names: 428 without one, 400 for one that is not a version.
fn if_match(headers: &HeaderMap) -> Result<u64, Response> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        let m = "send If-Match with the record's version (its ETag): a write must say what it was prepared against";
        return Err(answer(StatusCode::PRECONDITION_REQUIRED, None, json!({ "error": m })));
    };
    let text = v.to_str().unwrap_or("").trim();
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse().map_err(|_| {
        answer(StatusCode::BAD_REQUEST, None, json!({ "error": format!("If-Match: '{text}' is not a version (expected e.g. \"12\")") }))
    })
}

/// Runs one write: the answer already given where the request is a retry; else `write`, given
/// the version `If-Match` names, answering with what it comes to. Only an answer `write` returns
/// as [`Kept`] is kept under the key; a request refused before the write (no `If-Match`, a body
/// that is not the kind's) or failed gives the key up, so that it may be sent again.
pub(crate) async fn run<F, Fut>(state: &AppState, user: &SignedIn, headers: &HeaderMap, route: &str, body: &Map<String, Value>, write: F) -> Result<Response, ApiError>
where
    F: FnOnce(u64) -> Fut,
    Fut: std::future::Future<Output = Result<Result<Kept, Response>, ApiError>>,
{
    let request = match Request::new(user, headers, route, body) {
        Ok(r) => r,
        Err(answer) => return Ok(answer),
    };
    if let Some(again) = request.replayed(state).await? {
        return Ok(again);
    }
    let written = match if_match(headers) {
        Ok(version) => write(version).await,
        Err(answer) => Ok(Err(answer)),
    };
    match written {
        Ok(Ok((status, tag, body))) => Ok(request.keep(state, status, tag, body).await),
        Ok(Err(answer)) => {
            request.release(state).await;
            Ok(answer)
        }
        Err(e) => {
            request.release(state).await;
            Err(e)
        }
    }
}

/// One write's request: who sent it, and its key with the request's SHA-256 (hex).
struct Request<'a> {
    user: &'a SignedIn,
    key: Option<(String, String)>,
}

impl<'a> Request<'a> {
    fn new(user: &'a SignedIn, headers: &HeaderMap, route: &str, body: &Map<String, Value>) -> Result<Request<'a>, Response> {
        let key = match headers.get("idempotency-key") {
            None => None,
            Some(k) => {
                let k = k.to_str().unwrap_or("").trim();
                if k.is_empty() || k.len() > 255 {
                    let m = "Idempotency-Key: 1 to 255 visible characters";
                    return Err(answer(StatusCode::BAD_REQUEST, None, json!({ "error": m })));
                }
                let mut h = Sha256::new();
                h.update(route.as_bytes());
                h.update([0]);
                h.update(Value::Object(body.clone()).to_string().as_bytes());
                h.update([0]);
                h.update(headers.get(header::IF_MATCH).map_or(&b""[..], |v| v.as_bytes()));
                Some((k.to_string(), h.finalize().iter().map(|b| format!("{b:02x}")).collect()))
            }
        };
        Ok(Request { user, key })
    }

    /// The answer already given to this request, where it is a retry; else the key is claimed
    /// for this request (or there is none).
    async fn replayed(&self, state: &AppState) -> Result<Option<Response>, AppError> {
        let Some((key, hash)) = self.key.clone() else { return Ok(None) };
        let (user, now, mine) = (self.user.username.clone(), state.now(), hash.clone());
        let claim = state
            .session_store(move |s| s.replay_claim(&user, &key, &mine, now, now - KEPT_FOR, now - ABANDONED_AFTER))
            .await?;
        let reused = "this Idempotency-Key was used for a different request: use a new key for a new request";
        Ok(match claim {
            Claim::Claimed => None,
            Claim::Running { request } | Claim::Answered(Replay { request, .. }) if request != hash => {
                Some((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": reused }))).into_response())
            }
            Claim::Running { .. } => {
                let m = "the first request with this Idempotency-Key is still being answered: retry in a moment";
                let mut r = (StatusCode::CONFLICT, Json(json!({ "error": m }))).into_response();
                r.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
                Some(r)
            }
            Claim::Answered(r) => {
                let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let body = serde_json::from_str(&r.body).unwrap_or(Value::Null);
                Some(answer(status, r.etag, body))
            }
        })
    }

    /// Gives the key up when the request ends without an answer to keep (a retry may run).
    async fn release(&self, state: &AppState) {
        let Some((key, _)) = self.key.clone() else { return };
        let user = self.user.username.clone();
        if state.session_store(move |s| s.replay_release(&user, &key)).await.is_err() {
            tracing::warn!("an idempotency key could not be released: a retry waits until it is given up");
        }
    }

    /// Answers, keeping the answer for a retry under the key.
    async fn keep(&self, state: &AppState, status: StatusCode, etag: Option<String>, body: Value) -> Response {
        if let Some((key, request)) = self.key.clone() {
            let kept = Replay { request, status: status.as_u16(), etag: etag.clone(), body: body.to_string() };
            let user = self.user.username.clone();
            // The write is made: it is answered even when its answer cannot be kept (a retry then
            // waits for the claim to be given up, and `If-Match` refuses it).
            if state.session_store(move |s| s.replay_answer(&user, &key, &kept)).await.is_err() {
                tracing::warn!("an API answer could not be kept under its idempotency key");
            }
        }
        answer(status, etag, body)
    }
}
