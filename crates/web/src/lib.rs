//! carefile's web application: server-rendered pages (maud, with htmx for
//! progressive enhancement) and a JSON API under `/api/v1`, both behind the
//! same sign-in, CSRF protection and record-level access policy, and both
//! writing an audit entry for every view and change of a child's record.
//!
//! | module | what |
//! |---|---|
//! | `state` | [`AppState`]: the store (behind a mutex, used on blocking threads), the clock, accounts, organisation and the in-memory [`index`] |
//! | `index` | children by allocated worker and team and the open due list, built at start and updated on each write, so pages never scan the store |
//! | `oversight` | what the team page needs of each child (timeliness in the last twelve months, allocations and oversight of the last month), kept in the index |
//! | `auth` | passwords (argon2), sessions (random 256-bit IDs, idle and absolute expiry, a new ID at sign-in), CSRF tokens, sign-in throttling, the [`auth::SignedIn`] extractor |
//! | `access` | the domain's policy ([`carefile_domain::access::access`]) applied to a signed-in user and a child, with the audit entry each decision writes |
//! | `pages` | the HTML pages |
//! | `ui` | the look: [`ui::Layout`] (header, navigation by role, footer), the GOV.UK Design System's components, paging and sorting of lists, dates and names as pages write them, the vendored assets |
//! | `api` | the JSON API and its OpenAPI document (hand-built JSON; a test calls every documented route) |
//! | `forms` | the recording forms |
//! | `demo` | the demo's accounts: one per role and a restricted child |
//!
//! The access policy itself is pure and lives in the domain
//! (`carefile_domain::access::access`): social workers see their own and their
//! team's children, managers their team's, reviewing officers children on a
//! CP plan or looked after; analysts, administrators and councillors never
//! open a child's record (they read aggregates: `/api/v1/indicators`,
//! `/performance`). A restricted record needs a grant, or break glass with a
//! written reason by someone the policy would otherwise let in.
//!
//! Every response carries `Cache-Control: no-store` (unless it sets its own),
//! `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: no-referrer`.
//!
//! Logs never carry child data: requests are logged by route template
//! (`/children/{id}`), method, status and time, never by path or query.

pub mod access;
pub mod api;
pub mod auth;
mod background;
pub mod demo;
mod error;
pub mod follower;
pub mod forms;
mod health;
pub mod index;
pub mod oversight;
pub mod pages;
mod state;
pub mod workplace;
pub mod ui;

pub use background::MAINTENANCE;
pub use error::AppError;
pub use health::{Check, Readiness};
pub use state::{AppState, Config, Connections};

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use std::net::SocketAddr;

/// The whole application: pages, API, assets and `/healthz`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", get(healthz))
        .route("/assets/{name}", get(ui::assets::serve))
        .route("/readyz", get(readyz))
        .layer(middleware::from_fn_with_state(state.clone(), follow_writes))
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
        .layer(middleware::from_fn_with_state(state.clone(), maintenance))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Headers every response carries: nothing is framed, sniffed or sent on as a
/// referrer, and nothing but the static assets is cached (pages hold child data).
async fn security_headers(req: Request, next: Next) -> Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Liveness: the process answers. It asks nothing of the database, so a
/// database outage does not get every server restarted.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database reachable and writable, the schema current, the
/// index caught up with the log. 503 with the reasons otherwise.
async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    use axum::response::IntoResponse;
    let r = state.readiness().await;
    let status = if r.ready { axum::http::StatusCode::OK } else { axum::http::StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(r)).into_response()
}

/// While the maintenance switch is on (`carefile maintenance on`), every
/// server answers every page and API call with 503 and the operator's message,
/// so nothing is written during an upgrade; probes and static files still answer.
async fn maintenance(axum::extract::State(state): axum::extract::State<AppState>, req: Request, next: Next) -> Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let path = req.uri().path();
    let exempt = matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/assets/");
    let Some(message) = state.health().maintenance().filter(|_| !exempt) else { return next.run(req).await };
    let text = format!("carefile is closed for maintenance: {message}");
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let retry = [(header::RETRY_AFTER, "300")];
    if path.starts_with("/api/") {
        (status, retry, axum::Json(serde_json::json!({ "error": text }))).into_response()
    } else {
        (status, retry, pages::error_page(status, &text)).into_response()
    }
}

/// After any request that may have written: wait until this server's index
/// has applied the log as it now stands, so the next page shows the write
/// (read-your-own-writes), whichever handler wrote.
async fn follow_writes(axum::extract::State(state): axum::extract::State<AppState>, req: Request, next: Next) -> Response {
    let wrote = !auth::csrf::is_safe(req.method());
    let res = next.run(req).await;
    if wrote && (res.status().is_success() || res.status().is_redirection()) {
        if let Err(e) = state.sync().await {
            e.log();
        }
    }
    res
}

/// One line per request by route template, so no child's ID, name or search
/// text reaches the log.
async fn log_request(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or("(no route)", |m| m.as_str()).to_string();
    let method = req.method().clone();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    tracing::info!(%method, route, status = res.status().as_u16(), micros = started.elapsed().as_micros() as u64, "request");
    res
}

/// Serves on `addr` until the process is stopped.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "carefile listening");
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).await
}

/// Logs to standard error and serves on a multi-threaded runtime: what
/// `carefile serve` runs.
pub fn run(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    // A second call (tests) keeps the first subscriber.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(colour).with_target(false).try_init();
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve(state, addr))
}
