//! What operators see of a server: the probes (`/healthz`, `/readyz`), the
//! maintenance page, one log line per request with its request id (JSON or
//! text), Prometheus metrics, read-your-own-writes after every write, and
//! serving until SIGTERM or Ctrl-C with in-flight requests finished.

use crate::{AppState, auth, pages};
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use tracing::Instrument;

/// Liveness: the process answers. It asks nothing of the database, so a
/// database outage does not get every server restarted.
pub(crate) async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database reachable and writable, the schema current, the
/// index caught up with the log. 503 with the reasons otherwise.
pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    let r = state.readiness().await;
    let status = if r.ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(r)).into_response()
}

/// While the maintenance switch is on (`carefile maintenance on`), every
/// server answers every page and API call with 503 and the operator's message,
/// so nothing is written during an upgrade; probes and static files still answer.
pub(crate) async fn maintenance(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
/// (read-your-own-writes), whichever handler wrote; and remember in the
/// session how far the log then reached, so another server answering the
/// user's next request first catches up that far (`SignedIn`).
pub(crate) async fn follow_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let wrote = !auth::csrf::is_safe(req.method());
    let session = auth::session_id(req.headers()).map(str::to_string);
    let res = next.run(req).await;
    if wrote && (res.status().is_success() || res.status().is_redirection()) {
        let synced = match state.sync().await {
            Ok(seq) => match session {
                Some(id) => state.sessions().wrote(&id, seq).await,
                None => Ok(()),
            },
            Err(e) => Err(e),
        };
        if let Err(e) = synced {
            e.log();
        }
    }
    res
}

pub const REQUEST_ID: &str = "x-request-id";

/// The request id a proxy gave (letters, digits, '-', '_' and '.', at most
/// 64), or a new random one.
fn request_id(headers: &HeaderMap) -> String {
    let given = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).filter(|v| {
        !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    });
    match given {
        Some(id) => id.to_string(),
        None => auth::random_token().map(|t| t[..16].to_string()).unwrap_or_else(|_| "-".into()),
    }
}

/// One line per request by route template (so no child's ID, name or search
/// text reaches the log) with its request id, which every line logged while
/// answering carries too and the response repeats; and the request's metrics.
pub(crate) async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or("(no route)", |m| m.as_str()).to_string();
    let method = req.method().clone();
    let id = request_id(req.headers());
    let span = tracing::info_span!("request", request_id = %id);
    let started = std::time::Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = res.status().as_u16();
    state.metrics().request(&route, &method, status, took);
    span.in_scope(|| tracing::info!(%method, route, status, micros = took.as_micros() as u64, "request"));
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// `/metrics` on the main listener: only with the configured bearer token.
pub(crate) async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let presented = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match (&state.config().metrics_token, presented) {
        (Some(token), Some(p)) if auth::same_secret(token, p) => metrics(State(state)).await,
        (Some(_), _) => (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a metrics token is needed").into_response(),
        (None, _) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The metrics in Prometheus's text format, with the gauges read now.
async fn metrics(State(state): State<AppState>) -> Response {
    state.refresh_gauges().await;
    match state.metrics().encode() {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Where a server listens.
#[derive(Debug, Clone)]
pub struct Listen {
    /// Pages, API and probes.
    pub addr: SocketAddr,
    /// `/metrics` alone, on an address of its own (loopback, for a local Prometheus or agent).
    pub metrics: Option<SocketAddr>,
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, with the request id of the request it belongs to.
    Json,
}

/// Serves until SIGTERM or Ctrl-C, finishing the requests in flight.
pub async fn serve(state: AppState, listen: Listen) -> std::io::Result<()> {
    let main = tokio::net::TcpListener::bind(listen.addr).await?;
    tracing::info!(addr = %listen.addr, "carefile listening");
    if let Some(addr) = listen.metrics {
        let metrics_listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!(%addr, "metrics listening");
        let app = Router::new().route("/metrics", get(metrics)).with_state(state.clone());
        tokio::spawn(async move { axum::serve(metrics_listener, app).with_graceful_shutdown(stopped()).await });
    }
    let app = crate::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(main, app).with_graceful_shutdown(stopped()).await
}

/// Resolves when the process is asked to stop (SIGTERM from systemd or a container runtime, or Ctrl-C).
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("stopping: finishing the requests in flight");
}

/// Logs to standard error and serves on a multi-threaded runtime: what
/// `carefile serve` runs.
pub fn run(state: AppState, listen: Listen, log: LogFormat) -> std::io::Result<()> {
    // A second call (tests) keeps the first subscriber.
    let stderr = std::io::stderr;
    let _ = match log {
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(stderr)
            .with_target(false)
            .try_init(),
        LogFormat::Text => {
            let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
            tracing_subscriber::fmt().with_writer(stderr).with_ansi(colour).with_target(false).try_init()
        }
    };
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve(state, listen))
}
