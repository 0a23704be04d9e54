//! Sign-in and sign-out. The sign-in form carries a stateless CSRF token (a
//! signed nonce, see `auth::csrf`): nobody has a session, and the server keeps
//! nothing, before signing in. A successful sign-in starts a session with a
//! new ID, so an ID planted before sign-in is worth nothing after it.

use super::{Layout, csrf_input};
use crate::auth::{
    ClientAddr, SignedIn, clear_cookie, clear_signin_cookie, password, session_cookie, signin_nonce, signin_token,
    token_for,
};
use crate::ui::components::{Control, button, error_summary, input, password};
use crate::{AppError, AppState};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use carefile_domain::access::{AuditAction, typed_username};
use maud::{Markup, html};
use serde::Deserialize;

pub async fn form(State(state): State<AppState>) -> Result<Response, AppError> {
    let (csrf, cookie) = signin_token(&state).await?;
    Ok(([(header::SET_COOKIE, cookie)], signin_page(&csrf, None, "")).into_response())
}

/// The sign-in form; after a refusal, the reason in an error summary and
/// beside the username, with the username kept (never the password).
fn signin_page(csrf: &str, error: Option<&str>, username: &str) -> Markup {
    let errors: Vec<&str> = error.into_iter().collect();
    Layout::new("Sign in").errors(error.is_some()).render(html! {
        div.govuk-grid-row { div.govuk-grid-column-two-thirds {
            (error_summary(&errors.iter().map(|e| (Some("username"), *e)).collect::<Vec<_>>()))
            form method="post" action="/signin" novalidate {
                (csrf_input(csrf))
                (input(&Control::new("username", "username", "Username").errors(errors.clone()), "text", username, Some("username")))
                (password(&Control::new("password", "password", "Password"), "current-password"))
                (button("Sign in"))
            }
        } }
    })
}

#[derive(Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// Checks credentials with throttling; on success returns the new session's
/// ID. Shared by the page and the API.
pub async fn authenticate(state: &AppState, addr: &str, c: &Credentials) -> Result<String, AppError> {
    // What the audit log and the throttle call the typed name: an account's own, else a short hash.
    let account = state.accounts().users.contains_key(&c.username);
    let named = typed_username(&c.username, account);
    let keys = [format!("u:{named}"), format!("a:{addr}")];
    let now = state.now();
    if let Some(wait) = state.throttle().blocked(&keys, now) {
        crate::access::audit(state, &named, AuditAction::SignInFailed, None, "throttled").await?;
        return Err(AppError::Throttled((wait.num_seconds() + 59) / 60));
    }
    let hash = state.accounts().users.get(&c.username).filter(|u| !u.disabled).map(|u| u.password_hash.clone());
    let password = c.password.clone();
    let ok = tokio::task::spawn_blocking(move || match hash {
        Some(h) => password::verify(&password, &h),
        None => {
            password::verify_nobody(&password);
            false
        }
    })
    .await
    .map_err(|_| AppError::Internal("password check".into()))?;
    if !ok {
        state.throttle().failed(&keys, now);
        crate::access::audit(state, &named, AuditAction::SignInFailed, None, "wrong username or password").await?;
        return Err(AppError::BadCredentials);
    }
    state.throttle().succeeded(&keys[0]);
    crate::access::audit(state, &c.username, AuditAction::SignIn, None, "").await?;
    state.sessions().start(&c.username, now).await
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    checked: Option<axum::Extension<crate::auth::csrf::CsrfChecked>>,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Result<Response, AppError> {
    // The csrf guard has checked the form's signed token against its nonce cookie.
    let (Some(_), Some(nonce)) = (checked, signin_nonce(&headers)) else {
        return Err(AppError::Forbidden("the sign-in form expired: reload it".into()));
    };
    let creds = Credentials { username: f.username, password: f.password };
    let typed = creds.username.clone();
    let secure = state.config().secure_cookies;
    match authenticate(&state, &addr, &creds).await {
        Ok(id) => Ok((
            AppendHeaders([(header::SET_COOKIE, session_cookie(&id, secure)), (header::SET_COOKIE, clear_signin_cookie(secure))]),
            Redirect::to("/"),
        )
            .into_response()),
        Err(e @ (AppError::BadCredentials | AppError::Throttled(_))) => {
            let csrf = token_for(&state, nonce).await?;
            Ok((e.status(), signin_page(&csrf, Some(&e.to_string()), &typed)).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn signout(State(state): State<AppState>, user: SignedIn) -> Result<Response, AppError> {
    state.sessions().end(&user.session).await?;
    crate::access::audit(&state, &user.username, AuditAction::SignOut, None, "").await?;
    Ok(([(header::SET_COOKIE, clear_cookie(state.config().secure_cookies))], Redirect::to("/signin")).into_response())
}
