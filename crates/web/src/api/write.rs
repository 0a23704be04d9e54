//! Recording, correcting and withdrawing through the API with the checks of the pages (the same
//! functions of `pages/record.rs`): the kind's permission and `child.correct` / `child.withdraw`,
//! separation of duties, a worker's authorising step sent for authorisation, the domain's refusals
//! beside the field they name. Every write names the version it was prepared against in `If-Match`
//! (the record's `ETag`): a stale write is refused with 412 and the current version; a retry with
//! the same `Idempotency-Key` gets the first answer again ([`super::idempotency`]).

use super::ApiError;
use super::idempotency::{self, Kept, etag};
use crate::auth::SignedIn;
use crate::forms::{self, FormErrors};
use crate::pages::record::{self, Done, Outcome, Refused, WITH_DEPENDANTS};
use crate::{AppError, AppState};
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use carefile_domain::form::Declared;
use carefile_domain::ChildEvent;
use serde_json::{Map, Value, json};

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

/// A withdrawal's errors name its reason as the API's body does (`reason`), not as the form does.
pub(super) fn withdrawal_reason_as_sent(mut e: FormErrors) -> FormErrors {
    for (name, _) in e.fields.iter_mut() {
        if *name == forms::WITHDRAWAL_REASON {
            *name = REASON;
        }
    }
    e
}

/// What `outcome` answers, to keep for a retry.
async fn kept(state: &AppState, child: &carefile_domain::ChildId, outcome: Result<Done, Refused>) -> Result<Kept, AppError> {
    Ok(match outcome {
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
    })
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

/// Runs a write under `If-Match` and the idempotency key ([`idempotency::run`]).
async fn run<F, Fut>(state: &AppState, user: &SignedIn, headers: &HeaderMap, route: &str, body: &Map<String, Value>, write: F) -> Result<Response, ApiError>
where
    F: FnOnce(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(carefile_domain::ChildId, Result<Result<Done, Refused>, Response>), AppError>>,
{
    idempotency::run(state, user, headers, route, body, |version| async move {
        Ok(match write(version).await? {
            (child, Ok(outcome)) => Ok(kept(state, &child, outcome).await?),
            (_, Err(answer)) => Err(answer),
        })
    })
    .await
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
        let sent = match pairs(kind, body, &["note_to_manager", forms::AMENDMENT_REASON]) {
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
                Refused::Form(e) => Refused::Form(withdrawal_reason_as_sent(e)),
                stale => stale,
            })
        });
        Ok((o.id.clone(), outcome(done)?))
    })
    .await
}

/// The kinds the API records, for its documentation: `(slug, kind, schema)`, an amendment's with
/// its reason.
pub fn kinds() -> Vec<(&'static str, &'static str, Value)> {
    let schema = |d: forms::FormKind| {
        let mut s = d.schema();
        if forms::asks_why(d) {
            s["properties"][forms::AMENDMENT_REASON] = json!({"type": "string", "minLength": 1, "maxLength": 2000});
            if let Some(required) = s["required"].as_array_mut() {
                required.push(json!(forms::AMENDMENT_REASON));
            }
        }
        s
    };
    ChildEvent::declarations().iter().filter(|d| d.kind != "registered").map(|d| (d.slug, d.kind, schema(d))).collect()
}
