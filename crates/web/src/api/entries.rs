//! The API's writes to the streams beside the child's ([`Served`]), with the checks of their
//! pages (`pages/entries.rs`, the same functions): record an entry of a declared kind, correct
//! one (`correction_reason`, the fields that change; the rest kept) or withdraw one (`reason`,
//! `with_dependants`). `If-Match` names the subject's version (`"0"` before its first entry):
//! a stale write is refused with 412 and the current version; an `Idempotency-Key` makes a
//! retry answer as the first request did.

use super::ApiError;
use super::idempotency::{self, etag};
use super::write::{invalid, withdrawal_reason_as_sent};
use crate::AppState;
use crate::auth::SignedIn;
use crate::forms::streams::{Kind, Served};
use crate::forms::{self, FormErrors};
use crate::pages::entries::{self as pages, Outcome, Refused, STALE, WITH_DEPENDANTS};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::complaints::Complaint;
use carefile_domain::fostering::CarerRecord;
use carefile_domain::form::Declared;
use carefile_domain::panels::Sitting;
use carefile_domain::stream::{Projection, SubjectId};
use serde_json::{Map, Value, json};

/// The writes to every served stream.
pub fn routes() -> Router<AppState> {
    Router::new().merge(served::<CarerRecord>()).merge(served::<AdopterRecord>()).merge(served::<Sitting>()).merge(served::<Complaint>())
}

/// The writes to stream `P`.
pub fn served<P>() -> Router<AppState>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let base = P::ROUTE;
    Router::new()
        .route(&format!("{base}/entries/{{entry}}"), post(record::<P>))
        .route(&format!("{base}/entries/{{entry}}/correction"), post(correct::<P>))
        .route(&format!("{base}/entries/{{entry}}/withdrawal"), post(withdraw::<P>))
}

const REASON: &str = "reason";

fn unprocessable(e: &FormErrors) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(invalid(e))).into_response()
}

fn entry_of(raw: &str) -> Result<u64, ApiError> {
    raw.parse().map_err(|_| ApiError(crate::AppError::NotFound(format!("'{raw}' is not an entry's number"))))
}

/// A body's fields as the pairs a form posts, with `extra` (a reason) passed as they are.
fn pairs<P>(kind: Kind<P>, body: &Map<String, Value>, extra: &[&str]) -> Result<Vec<(String, String)>, FormErrors>
where
    P: Projection,
    P::Event: Declared<Record = P>,
{
    let fields: Map<String, Value> = body.iter().filter(|(k, _)| !extra.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut out = kind.pairs(&fields)?;
    for name in extra {
        if let Some(Value::String(s)) = body.get(*name) {
            out.push((name.to_string(), s.clone()));
        }
    }
    Ok(out)
}

/// Runs a write under `If-Match` and the idempotency key ([`idempotency::run`]): `write`, given
/// the version named, comes to an outcome and the subject's version, or an answer not kept.
async fn run<P, F, Fut>(state: &AppState, user: &SignedIn, headers: &HeaderMap, route: &str, body: &Map<String, Value>, write: F) -> Result<Response, ApiError>
where
    P: Served,
    P::Event: Declared<Record = P>,
    F: FnOnce(u64) -> Fut,
    Fut: std::future::Future<Output = Result<Result<(Outcome<P::Id>, u64), Response>, ApiError>>,
{
    idempotency::run(state, user, headers, route, body, |version| async move {
        let (outcome, now) = match write(version).await? {
            Ok(written) => written,
            Err(answer) => return Ok(Err(answer)),
        };
        Ok(Ok(match outcome? {
            Ok(w) => {
                let body = json!({ "stream": P::STREAM, "subject": w.id.as_str(), "entry": w.version, "kind": w.kind, "version": w.version });
                (StatusCode::CREATED, Some(etag(w.version)), body)
            }
            Err(Refused::Stale) => (StatusCode::PRECONDITION_FAILED, Some(etag(now)), json!({ "error": STALE, "version": now })),
            Err(Refused::Form(e)) => (StatusCode::UNPROCESSABLE_ENTITY, None, invalid(&e)),
        }))
    })
    .await
}

/// `POST /api/v1{ROUTE}/entries/{kind}`: records an entry of the kind named by its form's slug,
/// the body being the kind's fields (its schema in the OpenAPI document).
async fn record<P>(State(state): State<AppState>, user: SignedIn, Path((raw, slug)): Path<(String, String)>, headers: HeaderMap, Json(body): Json<Map<String, Value>>) -> Result<Response, ApiError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let route = format!("POST /api/v1{}/entries/{{kind}}", P::ROUTE);
    let (s, u, b, r) = (&state, &user, &body, route.as_str());
    run::<P, _, _>(s, u, &headers, r, b, |version| async move {
        let (o, kind) = pages::form_for::<P>(s, u, &raw, &slug, r).await?;
        let sent = match pairs::<P>(kind, b, &[]) {
            Ok(mut p) => {
                p.push(("version".into(), version.to_string()));
                p
            }
            Err(e) => return Ok(Err(unprocessable(&e))),
        };
        Ok(Ok((pages::enter(s, u, &o, kind, &sent, Some(version)).await, o.version)))
    })
    .await
}

/// `POST /api/v1{ROUTE}/entries/{entry}/correction`: the fields that change (the rest are kept,
/// and so are the entry's numbers) and `correction_reason`.
async fn correct<P>(State(state): State<AppState>, user: SignedIn, Path((raw, entry)): Path<(String, String)>, headers: HeaderMap, Json(body): Json<Map<String, Value>>) -> Result<Response, ApiError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let route = format!("POST /api/v1{}/entries/{{entry}}/correction", P::ROUTE);
    let (s, u, b, r) = (&state, &user, &body, route.as_str());
    run::<P, _, _>(s, u, &headers, r, b, |version| async move {
        let entry = entry_of(&entry)?;
        let (o, kind, was) = pages::correcting::<P>(s, u, &raw, entry, r).await?;
        let mut merged: Map<String, Value> = Map::new();
        for (name, values) in kind.values(&was) {
            if kind.fields.iter().any(|f| f.name == name && !f.assigned() && !f.numbered()) {
                merged.insert(name.to_string(), Value::Array(values.into_iter().map(Value::String).collect()));
            }
        }
        merged.extend(b.iter().map(|(k, v)| (k.clone(), v.clone())));
        let sent = match pairs::<P>(kind, &merged, &[forms::CORRECTION_REASON]) {
            Ok(mut p) => {
                p.push(("version".into(), version.to_string()));
                p
            }
            Err(e) => return Ok(Err(unprocessable(&e))),
        };
        Ok(Ok((pages::amend(s, u, &o, kind, (entry, &was), &sent, Some(version)).await, o.version)))
    })
    .await
}

/// `POST /api/v1{ROUTE}/entries/{entry}/withdrawal`: `reason`, and `with_dependants: true` to
/// withdraw the entries that depend on it in the same step.
async fn withdraw<P>(State(state): State<AppState>, user: SignedIn, Path((raw, entry)): Path<(String, String)>, headers: HeaderMap, Json(body): Json<Map<String, Value>>) -> Result<Response, ApiError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let route = format!("POST /api/v1{}/entries/{{entry}}/withdrawal", P::ROUTE);
    let (s, u, b, r) = (&state, &user, &body, route.as_str());
    run::<P, _, _>(s, u, &headers, r, b, |version| async move {
        let entry = entry_of(&entry)?;
        let (o, _, dependants) = pages::withdrawing::<P>(s, u, &raw, entry, r).await?;
        let unknown: Vec<&String> = b.keys().filter(|k| *k != REASON && *k != WITH_DEPENDANTS).collect();
        if !unknown.is_empty() {
            return Ok(Err(unprocessable(&FormErrors::form(format!("{unknown:?}: a withdrawal takes only '{REASON}' and '{WITH_DEPENDANTS}'")))));
        }
        let mut sent = vec![("version".to_string(), version.to_string())];
        if let Some(Value::String(r)) = b.get(REASON) {
            sent.push((forms::WITHDRAWAL_REASON.into(), r.clone()));
        }
        if b.get(WITH_DEPENDANTS) == Some(&Value::Bool(true)) {
            sent.push((WITH_DEPENDANTS.into(), "on".into()));
        }
        let also: Vec<u64> = dependants.iter().map(|(v, _)| *v).collect();
        let done = pages::retract(s, u, &o, entry, &also, &sent, Some(version)).await.map(|r| {
            r.map_err(|refused| match refused {
                Refused::Form(e) => Refused::Form(withdrawal_reason_as_sent(e)),
                stale => stale,
            })
        });
        Ok(Ok((done, o.version)))
    })
    .await
}

/// The kinds of every served stream, for the API's documentation: `(route, slug, kind, schema)`.
pub fn kinds() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    fn of<P>() -> Vec<(&'static str, &'static str, &'static str, Value)>
    where
        P: Served,
        P::Event: Declared<Record = P>,
    {
        <P::Event as Declared>::declarations().iter().map(|d| (P::ROUTE, d.slug, d.kind, d.schema())).collect()
    }
    [of::<CarerRecord>(), of::<AdopterRecord>(), of::<Sitting>(), of::<Complaint>()].concat()
}
