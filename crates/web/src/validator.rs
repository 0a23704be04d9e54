//! The browser validator (crates/wasm, built into a folder by `scripts/build-validator.sh`), served
//! at `/validator/` from the folder `carefile serve --validator DIR` names. Its files carry no data
//! and the page sends nothing anywhere, so they are served to anyone, under a policy of their own:
//! WebAssembly may run, no connection may be made.

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// The page's policy: its own scripts and WebAssembly, its own styles, and no connections at all
/// (the module arrives inside a script), so what an analyst drops on it stays in the browser.
pub const VALIDATOR_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self'; connect-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The folder's files and their types; nothing else under the folder is served.
const FILES: [(&str, &str); 5] = [
    ("index.html", "text/html; charset=utf-8"),
    ("validator.mjs", "text/javascript; charset=utf-8"),
    ("module.mjs", "text/javascript; charset=utf-8"),
    ("carefile.css", "text/css; charset=utf-8"),
    ("favicon.svg", "image/svg+xml"),
];

/// `/validator`: the page's own files are relative to `/validator/`.
pub async fn to_folder() -> Redirect {
    Redirect::permanent("/validator/")
}

pub async fn index(state: State<AppState>) -> Response {
    file(state, Path("index.html".into())).await
}

pub async fn file(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let (Some(dir), Some((name, kind))) = (&state.config().validator, FILES.iter().find(|(n, _)| *n == name)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let path = dir.join(name);
    match tokio::task::spawn_blocking(move || std::fs::read(path)).await.map_err(std::io::Error::other).flatten() {
        Ok(body) => (
            [(header::CONTENT_TYPE, *kind), (header::CONTENT_SECURITY_POLICY, VALIDATOR_CSP), (header::CACHE_CONTROL, "no-cache")],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(file = name, error = %e, "the browser validator's folder lacks a file (scripts/build-validator.sh)");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}
