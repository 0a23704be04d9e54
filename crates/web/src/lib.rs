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
//! | `access` | the domain's policy ([`carefile_domain::access::decide`]) asked for a signed-in user and a child, the audit entry each decision writes, break glass and stated reasons |
//! | `pages` | the HTML pages |
//! | `ui` | the look: [`ui::Layout`] (header, navigation by role, footer), the GOV.UK Design System's components, paging and sorting of lists, dates and names as pages write them, the vendored assets |
//! | `api` | the JSON API and its OpenAPI document (hand-built JSON; a test calls every documented route) |
//! | `forms` | the recording forms |
//! | `demo` | the demo's accounts: one per role and a restricted child |
//!
//! The access policy is data (`crates/domain/config/access.toml`, or the file
//! given to `serve --access`) and its decisions are pure, in the domain
//! (`carefile_domain::access::decide`): each route names the permission key it
//! needs (`child.read`, `child.record.visit`, `users.manage`, …) and the record
//! must be in the role's scope. A restricted record needs a grant, or break
//! glass (a category and a written reason, for four hours); a record outside
//! the scope that a stated reason opens (a front-door worker's long-closed
//! case) asks for it. A missing child and a forbidden one get the same answer.
//!
//! Every response carries a Content-Security-Policy (decision 005: [`PAGE_CSP`]
//! for pages, [`DATA_CSP`] for everything else), `Cache-Control: no-store` (unless it sets its own),
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
mod metrics;
mod ops;
pub mod oversight;
pub mod pages;
mod state;
pub mod drafts;
pub mod people;
pub mod quality;
pub mod trays;
pub mod workplace;
pub mod ui;
pub mod validator;

pub use background::MAINTENANCE;
pub use error::AppError;
pub use health::{Check, Readiness};
pub use ops::{Listen, LogFormat, REQUEST_ID, run, serve};
pub use state::{AppState, Config, Connections, Replica};

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;

/// The whole application: pages, API, assets and `/healthz`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", get(ops::healthz))
        .route("/assets/{name}", get(ui::assets::serve))
        .route("/validator", get(validator::to_folder))
        .route("/validator/", get(validator::index))
        .route("/validator/{name}", get(validator::file))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics_with_token))
        .layer(middleware::from_fn_with_state(state.clone(), ops::follow_writes))
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
        .layer(middleware::from_fn_with_state(state.clone(), ops::maintenance))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), ops::observe))
        .with_state(state)
}

/// The Content-Security-Policy of every page (decision 005): scripts, styles,
/// fonts and images from the server itself only, nothing inline, no plugins,
/// never framed, forms posted only here.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The Content-Security-Policy of everything else (the API's JSON, metrics, health): nothing at all.
pub const DATA_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Headers every response carries: a Content-Security-Policy (unless a route
/// set a stricter one of its own, as a downloaded document's sandbox), and
/// nothing is framed, sniffed or sent on as a referrer, and nothing but the
/// static assets is cached (pages hold child data).
async fn security_headers(req: Request, next: Next) -> Response {
    use axum::http::{HeaderValue, header};
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = if html && !api { PAGE_CSP } else { DATA_CSP };
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

