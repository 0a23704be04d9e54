//! The JSON API under `/api/v1`: the same sign-in, CSRF rule (the
//! `X-CSRF-Token` header on anything but GET), access policy and audit as the
//! pages. Described by [`openapi`] at `/api/v1/openapi.json`.

mod entries;
pub(crate) mod idempotency;
mod openapi;
mod write;

use crate::access::{Gate, READ, audit_list, open_child};
use crate::auth::{ClientAddr, SignedIn, clear_cookie, session_cookie};
use crate::index::ChildSummary;
use crate::pages::signin::{Checked, Credentials, authenticate, check_code, start};
use crate::pages::{caseload::caseload, child::load, child::parse_id, find};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use carefile_domain::access::AuditAction;
use carefile_domain::journey::chronology::Entry;
use carefile_domain::timescales::DueRow;
use serde::Serialize;
use serde_json::json;

pub use openapi::openapi;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", axum::routing::post(sign_in).delete(sign_out))
        .route("/children", get(children))
        .route("/children/{id}", get(child))
        .route("/children/{id}/chronology", get(chronology))
        .route("/children/{id}/break-glass", axum::routing::post(break_glass))
        .route("/children/{id}/reason", axum::routing::post(reason))
        .route("/access/openings", get(openings_policy))
        .route("/caseload", get(my_caseload))
        .route("/indicators", get(indicators))
        .route("/openapi.json", get(|| async { Json(openapi()) }))
        .merge(write::routes())
        .merge(entries::routes())
}

/// An [`AppError`] as JSON: `{"error": "..."}` with the same status.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        (self.0.status(), Json(json!({ "error": self.0.to_string() }))).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(Serialize)]
struct SessionStarted {
    username: String,
    role: String,
    /// Send back as `X-CSRF-Token` on every POST, PUT, PATCH or DELETE.
    csrf_token: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Json(c): Json<Credentials>,
) -> Result<Response, ApiError> {
    let now = match authenticate(&state, &addr, &headers, &c).await? {
        Checked::SignedIn(now) => now,
        // The second factor comes in the same request: `code`.
        Checked::SecondFactor(p) if p.enrolling.is_some() => {
            return Err(AppError::Forbidden("set up your second factor by signing in on the web first".into()).into());
        }
        Checked::SecondFactor(p) => {
            let Some(code) = c.code.as_deref().filter(|c| !c.trim().is_empty()) else {
                return Err(AppError::CodeRequired.into());
            };
            let how = check_code(&state, &p.username, code).await?;
            start(&state, &headers, &p.username, &how).await?
        }
    };
    let id = now.session;
    let csrf = state.sessions().touch(&id, state.now()).await?.map(|s| s.csrf).unwrap_or_default();
    let role = state.accounts().users.get(&c.username).map(|u| u.role.code().to_string()).unwrap_or_default();
    let body = SessionStarted { username: c.username, role, csrf_token: csrf };
    let cookies = AppendHeaders([
        (header::SET_COOKIE, session_cookie(&id, state.config().secure_cookies)),
        (header::SET_COOKIE, now.device),
    ]);
    Ok((cookies, Json(body)).into_response())
}

async fn sign_out(State(state): State<AppState>, user: SignedIn) -> Result<Response, ApiError> {
    state.sessions().end(&user.session).await?;
    crate::access::audit(&state, &user.username, AuditAction::SignOut, None, "").await?;
    Ok(([(header::SET_COOKIE, clear_cookie(state.config().secure_cookies))], Json(json!({"signed_out": true})))
        .into_response())
}

/// A child in a list: restricted records without a grant carry no name.
#[derive(Serialize)]
struct Listed {
    id: String,
    name: Option<String>,
    restricted: bool,
}

async fn children(
    State(state): State<AppState>,
    user: SignedIn,
    Query(s): Query<find::Search>,
) -> ApiResult<Vec<Listed>> {
    user.require(READ)?;
    let q = find::query(&s.q)?;
    let found: Vec<Listed> = {
        let index = state.index().await?;
        find::find(&Gate::new(&state, &user), &index, q)
            .into_iter()
            .map(|(c, named)| Listed { id: c.id.to_string(), name: named.then(|| c.name.clone()), restricted: !named })
            .collect()
    };
    let ids = found.iter().filter_map(|l| carefile_domain::ChildId::new(&l.id).ok());
    audit_list(&state, &user.username, "GET /api/v1/children", ids).await?;
    Ok(Json(found))
}

#[derive(Serialize)]
struct ChildView {
    #[serde(flatten)]
    summary: ChildSummary,
    status_words: Vec<&'static str>,
    due: Vec<DueRow>,
    version: u64,
}

/// The child's summary, with the record's version as its `ETag` (and `version`): a write through
/// the API names it in `If-Match`.
async fn child(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id = parse_id(&raw)?;
    let summary = open_child(&state, &user, &id, "GET /api/v1/children/{id}", READ).await?;
    let due = state.index().await?.due(&id).to_vec();
    let child = id.clone();
    let version = state.read_store(move |s| s.child(&child)).await?.map_or(0, |(_, v)| v);
    let view = ChildView { status_words: summary.status_words(), summary, due, version };
    Ok(([(header::ETAG, idempotency::etag(version))], Json(view)).into_response())
}

async fn chronology(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> ApiResult<Vec<Entry>> {
    let id = parse_id(&raw)?;
    open_child(&state, &user, &id, "GET /api/v1/children/{id}/chronology", READ).await?;
    Ok(Json(load(&state, &id).await?.1))
}

#[derive(Serialize)]
struct CaseloadChild {
    id: String,
    name: Option<String>,
    status_words: Vec<&'static str>,
    due: Vec<DueRow>,
}

async fn my_caseload(State(state): State<AppState>, user: SignedIn) -> ApiResult<Vec<CaseloadChild>> {
    user.require(READ)?;
    let list: Vec<CaseloadChild> = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        caseload(&index, &user, &gate)
            .into_iter()
            .map(|(c, shown)| CaseloadChild {
                id: c.id.to_string(),
                name: shown.then(|| c.name.clone()),
                status_words: c.status_words(),
                due: index.due(&c.id).to_vec(),
            })
            .collect()
    };
    let ids = list.iter().filter_map(|c| carefile_domain::ChildId::new(&c.id).ok());
    audit_list(&state, &user.username, "GET /api/v1/caseload", ids).await?;
    Ok(Json(list))
}

#[derive(serde::Deserialize)]
struct OpeningRequest {
    #[serde(default)]
    category: String,
    reason: String,
}

#[derive(Serialize)]
struct Opened {
    child: String,
    kind: &'static str,
    /// When the opening lapses (RFC 3339, UTC).
    until: String,
}

/// Breaks glass on a restricted record: `{"category": …, "reason": …}`, the
/// category one of `GET /api/v1/access/openings`.
async fn break_glass(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Json(r): Json<OpeningRequest>,
) -> ApiResult<Opened> {
    let id = parse_id(&raw)?;
    let route = "POST /api/v1/children/{id}/break-glass";
    let o = crate::access::break_glass(&state, &user, &id, &r.category, &r.reason, route).await?;
    Ok(Json(Opened { child: id.to_string(), kind: "break_glass", until: o.until.to_rfc3339() }))
}

/// Opens a record outside the user's scope with a stated reason: `{"reason": …}`.
async fn reason(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Json(r): Json<OpeningRequest>,
) -> ApiResult<Opened> {
    let id = parse_id(&raw)?;
    let o = crate::access::state_reason(&state, &user, &id, &r.reason, "POST /api/v1/children/{id}/reason").await?;
    Ok(Json(Opened { child: id.to_string(), kind: "stated_reason", until: o.until.to_rfc3339() }))
}

#[derive(Serialize)]
struct OpeningsPolicy {
    break_glass_categories: Vec<String>,
    break_glass_min_reason_chars: u32,
    break_glass_hours: u32,
    reason_min_chars: u32,
    reason_hours: u32,
}

/// What break glass and stated reasons ask for, from the policy.
async fn openings_policy(user: SignedIn) -> ApiResult<OpeningsPolicy> {
    let s = &user.policy.settings;
    Ok(Json(OpeningsPolicy {
        break_glass_categories: s.break_glass.categories.clone(),
        break_glass_min_reason_chars: s.break_glass.min_reason_chars,
        break_glass_hours: s.break_glass.hours,
        reason_min_chars: s.reason_min_chars,
        reason_hours: s.reason_hours,
    }))
}

#[derive(serde::Deserialize)]
struct IndicatorQuery {
    /// The financial year starting in April of this year.
    year: Option<i32>,
    /// A quarter (1 = April–June) of `year`.
    quarter: Option<u32>,
}

/// The dashboard: aggregates only, so every role may read it (councillors
/// included). Without `year`, the twelve months to the reference date.
async fn indicators(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<IndicatorQuery>,
) -> ApiResult<carefile_indicators::Dashboard> {
    use carefile_indicators::{Filter, Period};
    let period = match (q.year, q.quarter) {
        (Some(y), _) if !(2000..=2100).contains(&y) => {
            return Err(AppError::BadRequest(format!("year: expected 2000 to 2100, got {y}")).into());
        }
        (_, Some(n)) if !(1..=4).contains(&n) => {
            return Err(AppError::BadRequest(format!("quarter: expected 1 to 4, got {n}")).into());
        }
        (Some(y), Some(n)) => Period::quarter(y, n),
        (Some(y), None) => Period::financial_year(y),
        (None, Some(_)) => return Err(AppError::BadRequest("quarter: give the year too".into()).into()),
        (None, None) => Period::rolling12(state.today()),
    };
    let engine = state.indicators().await?;
    let comparators = state.comparators(&period, engine.authority_number());
    let dashboard = tokio::task::spawn_blocking(move || engine.dashboard(&period, &Filter::default(), &comparators))
        .await
        .map_err(|_| AppError::Internal("indicators task".into()))?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, "GET /api/v1/indicators").await?;
    Ok(Json(dashboard))
}
