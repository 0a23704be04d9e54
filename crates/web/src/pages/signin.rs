//! Sign-in and sign-out. The sign-in form carries a stateless CSRF token (a
//! signed nonce, see `auth::csrf`): nobody has a session, and the server keeps
//! nothing, before signing in. A successful sign-in starts a session with a
//! new ID, so an ID planted before sign-in is worth nothing after it.
//!
//! Accounts with a second factor (or whose role requires one) take a second
//! step at `/signin/code` after the password (`auth::second_factor`): a code
//! from their authenticator app or a recovery code, or, the first time,
//! enrolment with a QR code; only then does a session start.

use super::{Layout, csrf_input};
use crate::auth::oidc;
use crate::auth::second_factor::{self, Pending};
use crate::auth::throttle::Held;
use crate::auth::{
    ClientAddr, SignedIn, clear_cookie, clear_signin_cookie, password, session_cookie, signin_nonce, signin_token,
    token_for,
};
use crate::ui::components::{Control, button, error_summary, input, inset, password, warning};
use crate::{AppError, AppState};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use carefile_domain::access::{AuditAction, UserEvent, typed_username};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

pub async fn form(State(state): State<AppState>) -> Result<Response, AppError> {
    let (csrf, cookie) = signin_token(&state).await?;
    Ok(([(header::SET_COOKIE, cookie)], signin_page(&state, &csrf, None, "")).into_response())
}

/// The sign-in form (after the button for the council's sign-in service, where
/// one is configured); after a refusal, the reason in an error summary and
/// beside the username, with the username kept (never the password).
fn signin_page(state: &AppState, csrf: &str, error: Option<&str>, username: &str) -> Markup {
    let errors: Vec<&str> = error.into_iter().collect();
    let sso = state.config().oidc.as_ref().map(|o| o.settings.label.clone());
    Layout::new("Sign in").errors(error.is_some()).render(html! {
        div.govuk-grid-row { div.govuk-grid-column-two-thirds {
            (error_summary(&errors.iter().map(|e| (Some("username"), *e)).collect::<Vec<_>>()))
            @if let Some(label) = &sso {
                a.govuk-button href="/signin/oidc" role="button" draggable="false" id="sso" { "Sign in with " (label) }
                p.govuk-body { "Or sign in with a carefile username and password:" }
            }
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
    /// The second factor's code (the API's only way to give it; the pages ask for it in a second step).
    #[serde(default)]
    pub code: Option<String>,
}

/// A successful sign-in: the new session's ID and the device cookie to set.
pub struct SignedInNow {
    pub session: String,
    pub device: HeaderValue,
}

/// What a right password leads to.
pub enum Checked {
    /// No second factor needed: signed in.
    SignedIn(SignedInNow),
    /// The second step is still to come.
    SecondFactor(Pending),
}

/// Checks credentials with throttling (`auth::throttle`); with a right
/// password, starts a session, or for an account that needs a second factor
/// says what the second step is. Shared by the page and the API.
pub async fn authenticate(
    state: &AppState,
    addr: &str,
    headers: &HeaderMap,
    c: &Credentials,
) -> Result<Checked, AppError> {
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
    let user = state.accounts().users.get(&c.username).cloned().ok_or(AppError::BadCredentials)?;
    if !second_factor::required(state, &user) {
        return Ok(Checked::SignedIn(start(state, headers, &c.username, "").await?));
    }
    let enrolling = if user.second_factor.is_some() { None } else { Some(second_factor::new_secret()?) };
    Ok(Checked::SecondFactor(Pending { username: c.username.clone(), enrolling }))
}

/// Starts `username`'s session (audited as a sign-in with `detail`) and renews the device cookie.
pub(crate) async fn start(state: &AppState, headers: &HeaderMap, username: &str, detail: &str) -> Result<SignedInNow, AppError> {
    crate::access::audit(state, username, AuditAction::SignIn, None, detail).await?;
    let device = state.throttle().device_cookie(state, headers, username).await?;
    Ok(SignedInNow { session: state.sessions().start(username, state.now()).await?, device })
}

/// Checks an enrolled account's code: a TOTP code whose step was not used
/// before, or an unspent recovery code (spent now). Throttled like passwords,
/// under a count of its own; a refusal is audited. Says how it was given.
pub async fn check_code(state: &AppState, username: &str, code: &str) -> Result<String, AppError> {
    let _one_at_a_time = state.throttle().one_at_a_time(username).await;
    if let Some(wait) = second_factor::held(state, username).await? {
        let secs = wait.num_seconds().max(1);
        return Err(AppError::Throttled(format!("too many wrong codes: wait {secs} seconds, then try again")));
    }
    let factor = state.accounts().users.get(username).and_then(|u| u.second_factor.clone());
    let Some(factor) = factor else { return Err(AppError::BadCredentials) };
    let code = code.trim();
    if code.len() <= 32 {
        if let Some(step) = second_factor::code_step(&factor.secret, code, state.now())? {
            if second_factor::spend_step(state, username, step).await? {
                return Ok("with a second-factor code".into());
            }
            second_factor::failed(state, username).await?;
            crate::access::audit(state, username, AuditAction::SignInFailed, None, "a second-factor code used before").await?;
            return Err(AppError::BadCredentials);
        }
        let hash = second_factor::recovery_hash(code);
        if factor.recovery.contains(&hash) {
            let spent = UserEvent::RecoveryCodeUsed { username: username.to_string(), code: hash };
            state.append_users(username, vec![spent]).await?;
            second_factor::forget_failures(state, username).await?;
            let left = factor.recovery.len() - 1;
            return Ok(format!("with a recovery code ({left} left)"));
        }
    }
    second_factor::failed(state, username).await?;
    crate::access::audit(state, username, AuditAction::SignInFailed, None, "wrong second-factor code").await?;
    Err(AppError::BadCredentials)
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
    let creds = Credentials { username: f.username, password: f.password, code: None };
    let typed = creds.username.clone();
    let secure = state.config().secure_cookies;
    match authenticate(&state, &addr, &headers, &creds).await {
        Ok(Checked::SignedIn(now)) => Ok(signed_in(now, secure, Redirect::to("/").into_response())),
        Ok(Checked::SecondFactor(pending)) => {
            let cookie = second_factor::pending_cookie(&state, &pending).await?;
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/signin/code")).into_response())
        }
        Err(e @ (AppError::BadCredentials | AppError::Throttled(_))) => {
            let csrf = token_for(&state, nonce).await?;
            Ok((e.status(), signin_page(&state, &csrf, Some(&e.to_string()), &typed)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The response that completes a sign-in with `then` (home, by default): the
/// session's cookie, the sign-in form's and the second step's forgotten, the
/// device cookie renewed.
fn signed_in(now: SignedInNow, secure: bool, then: Response) -> Response {
    (
        AppendHeaders([
            (header::SET_COOKIE, session_cookie(&now.session, secure)),
            (header::SET_COOKIE, clear_signin_cookie(secure)),
            (header::SET_COOKIE, second_factor::clear_pending_cookie(secure)),
            (header::SET_COOKIE, now.device),
        ]),
        then,
    )
        .into_response()
}

/// The second step: a code for an enrolled account, else enrolment.
pub async fn code_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(pending) = second_factor::pending(&state, &headers).await? else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let Some(nonce) = signin_nonce(&headers) else { return Ok(Redirect::to("/signin").into_response()) };
    let csrf = token_for(&state, nonce).await?;
    Ok(code_page(&csrf, &pending, None)?.into_response())
}

fn code_page(csrf: &str, pending: &Pending, error: Option<&str>) -> Result<Markup, AppError> {
    let errors: Vec<&str> = error.into_iter().collect();
    let summary = error_summary(&errors.iter().map(|e| (Some("code"), *e)).collect::<Vec<_>>());
    let form = |label: &str, hint: &str| {
        html! {
            form method="post" action="/signin/code" novalidate {
                (csrf_input(csrf))
                (input(&Control::new("code", "code", label).hint(hint).errors(errors.clone()), "text", "", Some("one-time-code")))
                (button("Continue"))
            }
        }
    };
    let body = match &pending.enrolling {
        None => html! {
            div.govuk-grid-row { div.govuk-grid-column-two-thirds {
                (summary)
                (form("Security code", "The 6-digit code your authenticator app shows for carefile, or one of your recovery codes"))
            } }
        },
        Some(secret) => {
            let url = second_factor::otpauth_url(secret, &pending.username);
            let qr = second_factor::qr_svg(&url)?;
            let grouped: Vec<&str> = secret.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
            html! {
                div.govuk-grid-row { div.govuk-grid-column-two-thirds {
                    (summary)
                    p.govuk-body { "Your role needs a second check when you sign in. Scan this QR code with an authenticator app on your work phone (for example Microsoft Authenticator or Google Authenticator)." }
                    div.carefile-qr role="img" aria-label="QR code to scan with your authenticator app" { (PreEscaped(qr)) }
                    (inset(html! { "If you cannot scan it, enter this key in the app instead: " code id="totp-secret" { (grouped.join(" ")) } }))
                    (form("Security code", "Then enter the 6-digit code the app shows for carefile"))
                } }
            }
        }
    };
    let title = if pending.enrolling.is_some() { "Set up your security code" } else { "Enter your security code" };
    Ok(Layout::new(title).errors(error.is_some()).render(body))
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// The second step's answer: signs in (an enrolled account), or enrols and
/// shows the recovery codes once, then signs in.
pub async fn code_submit(
    State(state): State<AppState>,
    checked: Option<axum::Extension<crate::auth::csrf::CsrfChecked>>,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Result<Response, AppError> {
    let (Some(_), Some(nonce)) = (checked, signin_nonce(&headers)) else {
        return Err(AppError::Forbidden("the sign-in form expired: sign in again".into()));
    };
    let Some(pending) = second_factor::pending(&state, &headers).await? else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let secure = state.config().secure_cookies;
    let Some(secret) = &pending.enrolling else {
        return match check_code(&state, &pending.username, &f.code).await {
            Ok(how) => {
                let now = start(&state, &headers, &pending.username, &how).await?;
                Ok(signed_in(now, secure, Redirect::to("/").into_response()))
            }
            Err(e @ (AppError::BadCredentials | AppError::Throttled(_))) => refused(&state, nonce, &pending, e).await,
            Err(e) => Err(e),
        };
    };
    // Enrolment: the app must show a code for the secret it was given.
    let _one_at_a_time = state.throttle().one_at_a_time(&pending.username).await;
    if let Some(wait) = second_factor::held(&state, &pending.username).await? {
        let secs = wait.num_seconds().max(1);
        let held = AppError::Throttled(format!("too many wrong codes: wait {secs} seconds, then try again"));
        return refused(&state, nonce, &pending, held).await;
    }
    let Some(step) = second_factor::code_step(secret, &f.code, state.now())? else {
        second_factor::failed(&state, &pending.username).await?;
        crate::access::audit(&state, &pending.username, AuditAction::SignInFailed, None, "wrong code while setting up a second factor").await?;
        return refused(&state, nonce, &pending, AppError::BadCredentials).await;
    };
    let (shown, stored) = second_factor::recovery_codes()?;
    let enrolled = UserEvent::SecondFactorEnrolled { username: pending.username.clone(), secret: secret.clone(), recovery: stored };
    state.append_users(&pending.username, vec![enrolled]).await?;
    second_factor::spend_step(&state, &pending.username, step).await?;
    let now = start(&state, &headers, &pending.username, "set up a second factor").await?;
    let page = Layout::new("Your recovery codes").render(html! {
        div.govuk-grid-row { div.govuk-grid-column-two-thirds {
            p.govuk-body { "Your security code is set up. If you lose your phone, each of these codes lets you sign in once instead of a security code." }
            (warning("They are shown only this once. Print them or write them down and keep them somewhere safe, away from your phone."))
            ul.govuk-list id="recovery-codes" { @for c in &shown { li { code { (c) } } } }
            p.govuk-body { a.govuk-link href="/" { "Continue to carefile" } }
        } }
    });
    Ok(signed_in(now, secure, page.into_response()))
}

/// The second step's page again, saying why the code was refused.
async fn refused(state: &AppState, nonce: &str, pending: &Pending, e: AppError) -> Result<Response, AppError> {
    let csrf = token_for(state, nonce).await?;
    let message = match &e {
        AppError::BadCredentials => "the code is wrong or was used already: enter the code the app shows now".to_string(),
        e => e.to_string(),
    };
    Ok((e.status(), code_page(&csrf, pending, Some(&message))?).into_response())
}

/// Sends the browser to the council's sign-in service (`auth::oidc`).
pub async fn oidc_start(State(state): State<AppState>) -> Result<Response, AppError> {
    let Some(oidc) = state.config().oidc.clone() else { return Err(AppError::NotFound("no single sign-on here".into())) };
    match oidc::start(&state, &oidc).await? {
        Ok((url, cookie)) => Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&url)).into_response()),
        Err(refused) => sso_refused(&state, "single-sign-on", refused, StatusCode::BAD_GATEWAY).await,
    }
}

/// The council's sign-in service sends the browser back here: the answer is
/// checked (`auth::oidc::finish`) and the linked account signed in.
pub async fn oidc_callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(answer): Query<oidc::Callback>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.config().oidc.clone() else { return Err(AppError::NotFound("no single sign-on here".into())) };
    let username = match oidc::finish(&state, &oidc, &headers, &answer).await? {
        Ok(username) => username,
        Err((named, refused)) => return sso_refused(&state, &named, refused, StatusCode::FORBIDDEN).await,
    };
    let now = start(&state, &headers, &username, &format!("through single sign-on ({})", oidc.settings.issuer)).await?;
    let secure = state.config().secure_cookies;
    // The session's cookie is SameSite=Strict, so a browser that came from the
    // provider's site would not send it on a redirect: this page goes on from here.
    let page = Layout::new("Signed in").render(html! {
        meta http-equiv="refresh" content="0; url=/";
        p.govuk-body { "You are signed in. " a.govuk-link href="/" id="continue" { "Continue to carefile" } }
    });
    let mut response = signed_in(now, secure, page.into_response());
    response.headers_mut().append(header::SET_COOKIE, oidc::clear_cookie(secure));
    Ok(response)
}

/// A sign-in through the provider refused: audited, and the sign-in page says why.
async fn sso_refused(state: &AppState, named: &str, refused: oidc::Refused, status: StatusCode) -> Result<Response, AppError> {
    crate::access::audit(state, named, AuditAction::SignInFailed, None, format!("single sign-on: {}", refused.audited)).await?;
    let (csrf, cookie) = signin_token(state).await?;
    let page = signin_page(state, &csrf, Some(&refused.told), "");
    let secure = state.config().secure_cookies;
    Ok((status, AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, oidc::clear_cookie(secure))]), page).into_response())
}

pub async fn signout(State(state): State<AppState>, user: SignedIn) -> Result<Response, AppError> {
    state.sessions().end(&user.session).await?;
    crate::access::audit(&state, &user.username, AuditAction::SignOut, None, "").await?;
    Ok(([(header::SET_COOKIE, clear_cookie(state.config().secure_cookies))], Redirect::to("/signin")).into_response())
}
