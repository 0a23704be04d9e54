//! Sign-in and sign-out. The sign-in form carries a stateless CSRF token (a
//! signed nonce, see `auth::csrf`): nobody has a session, and the server keeps
//! nothing, before signing in. A successful sign-in starts a session with a
//! new ID, so an ID planted before sign-in is worth nothing after it.

use super::{Layout, csrf_input};
use crate::auth::throttle::Held;
use crate::auth::{
    ClientAddr, SignedIn, clear_cookie, clear_signin_cookie, password, session_cookie, signin_nonce, signin_token,
    token_for,
};
use crate::ui::components::{Control, button, error_summary, input, password};
use crate::{AppError, AppState};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
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

/// A successful sign-in: the new session's ID and the device cookie to set.
pub struct SignedInNow {
    pub session: String,
    pub device: HeaderValue,
}

/// Checks credentials with throttling (`auth::throttle`); on success starts a
/// session. Shared by the page and the API.
pub async fn authenticate(
    state: &AppState,
    addr: &str,
    headers: &HeaderMap,
    c: &Credentials,
) -> Result<SignedInNow, AppError> {
    // What the audit log and the throttle call the typed name: an account's own, else a short hash.
    let account = state.accounts().users.contains_key(&c.username);
    let named = typed_username(&c.username, account);
    let throttle = state.throttle();
    let _one_at_a_time = throttle.one_at_a_time(&named).await;
    let keys = throttle.keys(state, headers, &c.username, &named, addr).await?;
    let _one_address_at_a_time = throttle.one_address_at_a_time(&keys).await;
    if let Some(held) = throttle.held(state, &keys).await? {
        if throttle.refused(state, &keys, &held).await? {
            let detail = match held {
                Held::Account(_) => "throttled: further attempts refused unchecked (counted, not logged)",
                Held::Address(_) => "address throttled: further attempts refused unchecked (counted, not logged)",
            };
            crate::access::audit(state, &named, AuditAction::SignInFailed, None, detail).await?;
        }
        return Err(AppError::Throttled(held_message(&held)));
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
        throttle.failed(state, &keys).await?;
        crate::access::audit(state, &named, AuditAction::SignInFailed, None, "wrong username or password").await?;
        return Err(AppError::BadCredentials);
    }
    throttle.succeeded(state, &keys).await?;
    crate::access::audit(state, &c.username, AuditAction::SignIn, None, "").await?;
    let device = throttle.device_cookie(state, headers, &c.username).await?;
    Ok(SignedInNow { session: state.sessions().start(&c.username, state.now()).await?, device })
}

/// What a held attempt is told: how long, and for an address the way round it.
fn held_message(held: &Held) -> String {
    let secs = held.wait().num_seconds().max(1);
    let wait = if secs < 120 { format!("{secs} seconds") } else { format!("{} minutes", (secs + 59) / 60) };
    match held {
        Held::Account(_) => format!("too many failed sign-ins: wait {wait}, then try again"),
        Held::Address(_) => format!(
            "too many failed sign-ins from your network: try again in {wait}, or sign in on a computer or browser \
             you have signed in on before"
        ),
    }
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
    match authenticate(&state, &addr, &headers, &creds).await {
        Ok(now) => Ok((
            AppendHeaders([
                (header::SET_COOKIE, session_cookie(&now.session, secure)),
                (header::SET_COOKIE, clear_signin_cookie(secure)),
                (header::SET_COOKIE, now.device),
            ]),
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
