//! carefile's web application: server-rendered pages (maud, with htmx for
//! progressive enhancement) and a JSON API under `/api/v1`, both behind the
//! same sign-in, CSRF protection and record-level access policy, and both
//! writing an audit entry for every view and change of a child's record.
//!
//! | module | what |
//! |---|---|
//! | `state` | [`AppState`]: the store (behind a mutex, used on blocking threads), the clock, accounts, organisation and the in-memory [`index`] |
//! | `index` | children by allocated worker and team and the open due list, built at start and updated on each write, so pages never scan the store |
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
pub mod demo;
mod error;
pub mod forms;
pub mod index;
pub mod pages;
mod state;
pub mod workplace;
pub mod ui;

pub use error::AppError;
pub use state::{AppState, Config};

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
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
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

async fn healthz() -> &'static str {
    "ok"
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
