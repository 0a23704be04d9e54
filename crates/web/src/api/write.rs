//! Recording, correcting and withdrawing through the API with the checks of the pages (the same
//! functions of `pages/record.rs`): the kind's permission and `child.correct` / `child.withdraw`,
//! separation of duties, a worker's authorising step sent for authorisation, the domain's refusals
//! beside the field they name. Every write names the version it was prepared against in `If-Match`
//! (the record's `ETag`): a stale write is refused with 412 and the current version. A retried
//! request with the same `Idempotency-Key` gets the first answer again instead of a second write:
//! the key is claimed in the database before the write and its answer kept there a day (decision
//! 006), so a retry reaching another server gets the same answer, and one sent while the first is
//! still running is told to wait (409) rather than run beside it.

use super::ApiError;
use crate::auth::SignedIn;
use crate::forms::{self, FormErrors};
use crate::pages::record::{self, Done, Outcome, Refused, WITH_DEPENDANTS};
use crate::{AppError, AppState};
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use carefile_domain::form::Declared;
use carefile_domain::ChildEvent;
use carefile_store::{Claim, Replay};
use chrono::Duration;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/entries/{entry}", post(record_entry))
        .route("/children/{id}/entries/{entry}/correction", post(correct))
        .route("/children/{id}/entries/{entry}/withdrawal", post(withdraw))
}

/// The field of a correction's body that says why.
const CORRECTION_REASON: &str = forms::CORRECTION_REASON;
/// The fields of a withdrawal's body.
const REASON: &str = "reason";

/// How long an answer is kept for a retry.
pub(crate) const KEPT_FOR: Duration = Duration::hours(24);
/// A claim on a key never answered after this long was made by a server that died mid-request:
/// a retry runs again (and `If-Match` refuses it when the first write was made).
const ABANDONED_AFTER: Duration = Duration::minutes(2);

fn answer(status: StatusCode, etag: Option<String>, body: Value) -> Response {
    let mut r = (status, Json(body)).into_response();
    if let Some(t) = etag.and_then(|t| t.parse().ok()) {
        r.headers_mut().insert(header::ETAG, t);
    }
    r
}

/// The record's version as an entity tag.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// The version `If-Match` names: 428 without one, 400 for one that is not a version.
pub(crate) fn if_match(headers: &HeaderMap) -> Result<u64, Response> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        let m = "send If-Match with the record's version (the ETag of GET /api/v1/children/{id}): a write must say what it was prepared against";
        return Err(answer(StatusCode::PRECONDITION_REQUIRED, None, json!({ "error": m })));
    };
    let text = v.to_str().unwrap_or("").trim();
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse().map_err(|_| {
        answer(StatusCode::BAD_REQUEST, None, json!({ "error": format!("If-Match: '{text}' is not a version (expected e.g. \"12\")") }))
    })
}

/// One write's request: who, where, the key and body to replay, and the version it names.
pub(crate) struct Request<'a> {
    user: &'a SignedIn,
    /// The key and the request's SHA-256 (hex).
    key: Option<(String, String)>,
}

impl<'a> Request<'a> {
    pub(crate) fn new(user: &'a SignedIn, headers: &HeaderMap, route: &str, body: &Map<String, Value>) -> Result<Request<'a>, Response> {
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
    pub(crate) async fn replayed(&self, state: &AppState) -> Result<Option<Response>, AppError> {
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
    pub(crate) async fn release(&self, state: &AppState) {
        let Some((key, _)) = self.key.clone() else { return };
        let user = self.user.username.clone();
        if state.session_store(move |s| s.replay_release(&user, &key)).await.is_err() {
            tracing::warn!("an idempotency key could not be released: a retry waits until it is given up");
        }
    }

    /// Answers with `outcome`, kept for a retry under the key.
    async fn answer(&self, state: &AppState, child: &carefile_domain::ChildId, outcome: Result<Done, Refused>) -> Result<Response, AppError> {
        let (status, etag, body) = match outcome {
            Ok(Done::Written { version, seq, event }) => {
                let body = json!({ "child": child.as_str(), "seq": seq, "kind": event.kind(), "version": version });
                (StatusCode::CREATED, Some(etag(version)), body)
            }
            Ok(Done::Proposed(no)) => {
                let body = json!({ "child": child.as_str(), "request": no, "sent_for_authorisation": true });
                (StatusCode::ACCEPTED, None, body)
            }
            Err(Refused::Stale) => {
                let id = child.clone();
                let now = state.read_store(move |s| s.child(&id)).await?.map_or(0, |(_, v)| v);
                let body = json!({ "error": record::STALE, "version": now });
                (StatusCode::PRECONDITION_FAILED, Some(etag(now)), body)
            }
            Err(Refused::Form(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, invalid(&errors)),
        };
        Ok(self.keep(state, status, etag, body).await)
    }

    /// Answers, keeping the answer for a retry under the key.
    pub(crate) async fn keep(&self, state: &AppState, status: StatusCode, etag: Option<String>, body: Value) -> Response {
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

/// Errors as JSON: the first as `error`, each field's messages under `fields`, the rest under `form`.
pub(crate) fn invalid(errors: &FormErrors) -> Value {
    let mut fields: Map<String, Value> = Map::new();
    for (name, m) in &errors.fields {
        let list = fields.entry(name.to_string()).or_insert_with(|| json!([]));
        if let Value::Array(a) = list {
            a.push(json!(m));
        }
    }
    let first = errors.form.first().or(errors.fields.first().map(|(_, m)| m)).cloned().unwrap_or_default();
    json!({ "error": first, "fields": fields, "form": errors.form })
}

/// A body's fields as the pairs a form posts, with `extra` (a reason) taken out first.
fn pairs(kind: forms::FormKind, body: &Map<String, Value>, extra: &[&str]) -> Result<Vec<(String, String)>, FormErrors> {
    let fields: Map<String, Value> = body.iter().filter(|(k, _)| !extra.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut out = kind.pairs(&fields)?;
    for name in extra {
        match body.get(*name) {
            Some(Value::String(s)) => out.push((name.to_string(), s.clone())),
            Some(Value::Bool(true)) => out.push((name.to_string(), "on".into())),
            _ => {}
        }
    }
    Ok(out)
}

fn with_version(mut pairs: Vec<(String, String)>, version: u64) -> Vec<(String, String)> {
    pairs.push(("version".into(), version.to_string()));
    pairs
}

fn bad_body(errors: &FormErrors) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(invalid(errors))).into_response()
}

fn seq_of(entry: &str) -> Result<u64, AppError> {
    entry.parse().map_err(|_| AppError::NotFound(format!("'{entry}' is not an entry's number")))
}

/// Runs a write: the key's earlier answer, or `write` with the version `If-Match` names.
async fn run<F, Fut>(state: &AppState, user: &SignedIn, headers: &HeaderMap, route: &str, body: &Map<String, Value>, write: F) -> Result<Response, ApiError>
where
    F: FnOnce(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(carefile_domain::ChildId, Result<Result<Done, Refused>, Response>), AppError>>,
{
    let request = match Request::new(user, headers, route, body) {
        Ok(r) => r,
        Err(answer) => return Ok(answer),
    };
    if let Some(again) = request.replayed(state).await? {
        return Ok(again);
    }
    // Only an outcome of the write is kept under the key; a request refused before it (no
    // If-Match, a body that is not the kind's) or failed gives the key up.
    let version = match if_match(headers) {
        Ok(v) => v,
        Err(answer) => {
            request.release(state).await;
            return Ok(answer);
        }
    };
    match write(version).await {
        Ok((child, Ok(outcome))) => Ok(request.answer(state, &child, outcome).await?),
        Ok((_, Err(answer))) => {
            request.release(state).await;
            Ok(answer)
        }
        Err(e) => {
            request.release(state).await;
            Err(e.into())
        }
    }
}

fn outcome(o: Outcome) -> Result<Result<Result<Done, Refused>, Response>, AppError> {
    o.map(Ok)
}

/// `POST /api/v1/children/{id}/entries/{kind}`: records an entry of the kind named by its form's
/// slug (`visit`, `referral-decision`…), the body being the kind's fields (its schema).
async fn record_entry(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, slug)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let route = "POST /api/v1/children/{id}/entries/{kind}";
    let (state, user, body) = (&state, &user, &body);
    run(state, user, &headers, route, body, |version| async move {
        let (o, kind, _) = record::form_for(state, user, &raw, &slug, None, route).await?;
        let sent = match pairs(kind, body, &["note_to_manager"]) {
            Ok(p) => with_version(p, version),
            Err(e) => return Ok((o.id, Err(bad_body(&e)))),
        };
        let done = record::enter(state, user, &o, kind, None, &sent, Some(version), route).await;
        Ok((o.id.clone(), outcome(done)?))
    })
    .await
}

/// `POST /api/v1/children/{id}/entries/{seq}/correction`: the entry as it should have been (its
/// kind's fields; its numbers are kept) and `correction_reason`.
async fn correct(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, entry)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let route = "POST /api/v1/children/{id}/entries/{seq}/correction";
    let (state, user, body) = (&state, &user, &body);
    run(state, user, &headers, route, body, |version| async move {
        let seq = seq_of(&entry)?;
        let (o, kind, current, before) = record::correcting(state, user, &raw, seq, route).await?;
        // A field the body leaves out keeps the entry's value: a correction names what changes.
        let mut merged: Map<String, Value> = Map::new();
        for (name, values) in kind.values(&current) {
            if kind.fields.iter().any(|f| f.name == name && !f.assigned() && !f.numbered()) {
                merged.insert(name.to_string(), Value::Array(values.into_iter().map(Value::String).collect()));
            }
        }
        merged.extend(body.iter().map(|(k, v)| (k.clone(), v.clone())));
        let sent = match pairs(kind, &merged, &[CORRECTION_REASON]) {
            Ok(p) => with_version(p, version),
            Err(e) => return Ok((o.id, Err(bad_body(&e)))),
        };
        let done = record::amend(state, user, &o, kind, (seq, &current, &before), &sent, Some(version), route).await;
        Ok((o.id.clone(), outcome(done)?))
    })
    .await
}

/// `POST /api/v1/children/{id}/entries/{seq}/withdrawal`: `reason`, and `with_dependants: true`
/// to withdraw the entries that depend on it in the same step.
async fn withdraw(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, entry)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let route = "POST /api/v1/children/{id}/entries/{seq}/withdrawal";
    let (state, user, body) = (&state, &user, &body);
    run(state, user, &headers, route, body, |version| async move {
        let seq = seq_of(&entry)?;
        let (o, _, dependants) = record::withdrawing(state, user, &raw, seq, route).await?;
        let unknown: Vec<&String> = body.keys().filter(|k| *k != REASON && *k != WITH_DEPENDANTS).collect();
        if !unknown.is_empty() {
            let e = FormErrors::form(format!("{unknown:?}: a withdrawal takes only '{REASON}' and '{WITH_DEPENDANTS}'"));
            return Ok((o.id, Err(bad_body(&e))));
        }
        let mut sent = vec![("version".to_string(), version.to_string())];
        if let Some(Value::String(r)) = body.get(REASON) {
            sent.push((forms::WITHDRAWAL_REASON.into(), r.clone()));
        }
        if body.get(WITH_DEPENDANTS) == Some(&Value::Bool(true)) {
            sent.push((WITH_DEPENDANTS.into(), "on".into()));
        }
        let also: Vec<u64> = dependants.iter().map(|(s, _)| *s).collect();
        let done = record::retract(state, user, &o, seq, &also, &sent, Some(version)).await;
        // The reason's error is named as the API names the field.
        let done = done.map(|r| {
            r.map_err(|refused| match refused {
                Refused::Form(mut e) => {
                    for (name, _) in e.fields.iter_mut() {
                        if *name == forms::WITHDRAWAL_REASON {
                            *name = REASON;
                        }
                    }
                    Refused::Form(e)
                }
                stale => stale,
            })
        });
        Ok((o.id.clone(), outcome(done)?))
    })
    .await
}

/// The kinds the API records, for its documentation: `(slug, kind, schema)`.
pub fn kinds() -> Vec<(&'static str, &'static str, Value)> {
    ChildEvent::declarations().iter().filter(|d| d.kind != "registered").map(|d| (d.slug, d.kind, d.schema())).collect()
}
