//! The HTML pages, rendered on the server with maud. Every page goes through
//! [`layout`]; every form carries [`csrf_input`].

mod admin;
pub(crate) mod caseload;
pub(crate) mod child;
pub(crate) mod find;
mod performance;
mod record;
mod returns;
mod team;
pub(crate) mod signin;

use crate::AppState;
use crate::auth::{CSRF_FIELD, SignedIn};
use axum::Router;
use axum::http::StatusCode;
use axum::response::Redirect;
use axum::routing::{get, post};
use carefile_domain::access::Role;
use maud::{DOCTYPE, Markup, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signout", post(signin::signout))
        .route("/caseload", get(caseload::page))
        .route("/children", get(find::page))
        .route("/children/{id}", get(child::page))
        .route("/children/{id}/break-glass", post(child::break_glass))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/users", get(admin::users))
        .route("/admin/users/{action}", post(admin::change))
        .merge(record::routes())
        .merge(returns::routes())
        .merge(team::routes())
        .merge(performance::routes())
}

async fn home(user: Result<SignedIn, axum::response::Response>) -> Redirect {
    match user {
        Ok(u) if u.role.sees_children() => Redirect::to("/caseload"),
        Ok(u) if u.role == Role::Admin => Redirect::to("/admin/users"),
        // Analysts and councillors work from aggregates.
        Ok(_) => Redirect::to("/performance"),
        Err(_) => Redirect::to("/signin"),
    }
}

/// The hidden field every form posts back (see [`crate::auth::csrf_guard`]).
pub fn csrf_input(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// The links a role has.
fn nav(user: &SignedIn) -> Markup {
    let mut links: Vec<(&str, &str)> = Vec::new();
    if user.role.sees_children() {
        links.push(("/caseload", "My caseload"));
        links.push(("/children", "Find a child"));
    }
    if user.role == Role::TeamManager {
        links.push(("/team", "My team"));
    }
    links.push(("/performance", "Performance"));
    if matches!(user.role, Role::Analyst | Role::Admin) {
        links.push(("/returns", "Check a return"));
    }
    if user.role == Role::Admin {
        links.push(("/admin/users", "Users"));
        links.push(("/admin/audit", "Audit log"));
    }
    html! {
        nav {
            @for (href, label) in links { a href=(href) { (label) } " " }
            span.who { (user.username) " (" (user.role.label()) ") " }
            form.inline method="post" action="/signout" {
                (csrf_input(&user.csrf))
                button type="submit" { "Sign out" }
            }
        }
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}\
header{background:#1d3557;color:#fff;padding:.6rem 1rem}header a{color:#fff}\
nav a{margin-right:1rem}nav .who{margin-left:1rem;opacity:.85}form.inline{display:inline}\
main{padding:1rem;max-width:70rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:left}\
.overdue{color:#b00020;font-weight:bold}.error{color:#b00020}.restricted{background:#fff3cd;padding:.5rem}\
label{display:block;margin:.5rem 0 .2rem}";

/// The page around every view: title, the user's navigation, htmx.
pub fn layout(title: &str, user: Option<&SignedIn>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · carefile" }
                style { (maud::PreEscaped(STYLE)) }
                script src="/assets/htmx.min.js" defer {}
            }
            body hx-boost="true" {
                header {
                    strong { a href="/" { "carefile" } } " "
                    @if let Some(u) = user { (nav(u)) }
                }
                main { h1 { (title) } (body) }
            }
        }
    }
}

/// A page explaining a refusal or failure.
pub fn error_page(status: StatusCode, message: &str) -> Markup {
    layout(status.canonical_reason().unwrap_or("Error"), None, html! { p.error { (message) } p { a href="/" { "Back" } } })
}
