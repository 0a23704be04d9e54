//! The HTML pages, rendered on the server with maud. Every page goes through
//! [`crate::ui::Layout`] and draws with [`crate::ui::components`]; every form
//! carries [`csrf_input`].

mod admin;
pub(crate) mod caseload;
pub(crate) mod child;
pub mod authorisations;
pub(crate) mod chronology;
pub(crate) mod complaints;
pub(crate) mod find;
pub(crate) mod front_door;
pub mod glass;
pub(crate) mod merge;
pub mod documents;
pub(crate) mod entries;
pub(crate) mod households;
pub(crate) mod notes;
pub(crate) mod panels;
mod people;
mod performance;
pub(crate) mod plans;
mod quality;
pub(crate) mod record;
mod returns;
pub(crate) mod reviewing;
pub(crate) mod tasks;
pub(crate) mod tray;
pub(crate) mod transfers;
pub mod sent;
mod team;
pub(crate) mod signin;
mod viewers;

use crate::AppState;
use crate::auth::SignedIn;
use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};
use carefile_domain::access::Scope;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signin/code", get(signin::code_form).post(signin::code_submit))
        .route("/signin/oidc", get(signin::oidc_start))
        .route("/signin/oidc/callback", get(signin::oidc_callback))
        .route("/break-glass/{child}/{user}/{at}", get(glass::show).post(glass::review))
        .route("/signout", post(signin::signout))
        .route("/accessibility", get(accessibility))
        .route("/caseload", get(caseload::page))
        .route("/children", get(find::page))
        .route("/children/{id}", get(child::page))
        .route("/children/{id}/break-glass", post(child::break_glass))
        .route("/children/{id}/reason", post(child::reason))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/users", get(admin::users))
        .route("/admin/users/{action}", post(admin::change))
        .merge(record::routes())
        .merge(returns::routes())
        .merge(team::routes())
        .merge(quality::routes())
        .merge(performance::routes())
        .merge(notes::routes())
        .merge(documents::routes())
        .merge(chronology::routes())
        .merge(viewers::routes())
        .merge(plans::routes())
        .merge(tray::routes())
        .merge(authorisations::routes())
        .merge(tasks::routes())
        .merge(transfers::routes())
        .merge(reviewing::routes())
        .merge(people::routes())
        .merge(front_door::routes())
        .merge(households::routes())
        .merge(complaints::routes())
        .merge(panels::routes())
        .merge(entries::routes())
        .merge(merge::routes())
        .merge(crate::drafts::routes())
}

async fn home(user: Result<SignedIn, axum::response::Response>) -> Redirect {
    match user {
        Ok(u) if u.may(crate::access::READ) && u.policy.role(&u.role).is_some_and(|r| r.scope != Scope::None) => {
            Redirect::to("/caseload")
        }
        Ok(u) if u.may("users.read") => Redirect::to("/admin/users"),
        // Panel chairs, members and advisers work from the panels' sittings.
        Ok(u) if u.may("panel.read") && !u.may(crate::access::READ) => Redirect::to("/panels"),
        // Analysts and councillors work from aggregates.
        Ok(_) => Redirect::to("/performance"),
        Err(_) => Redirect::to("/signin"),
    }
}

pub use crate::ui::{Layout, csrf_input, error_page, layout};
pub use team::KEY as TEAM_KEY;

/// The accessibility statement: what carefile is tested against and how.
async fn accessibility(user: Result<SignedIn, axum::response::Response>) -> maud::Markup {
    let user = user.ok();
    Layout::new("Accessibility statement").user(user.as_ref()).render(maud::html! {
        p.govuk-body { "carefile is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, "
            "using the GOV.UK Design System's components and patterns." }
        h2.govuk-heading-m { "How it is tested" }
        ul.govuk-list.govuk-list--bullet {
            li { "Every page is checked in a real browser with axe-core against the WCAG 2.0, 2.1 and 2.2 A and AA rules, "
                 "and a release has no serious or critical finding." }
            li { "A whole journey (sign in, find a child, record an entry, sign out) is done with the keyboard alone." }
            li { "Pages work without JavaScript; scripts only enhance them." }
        }
        h2.govuk-heading-m { "What we know is not yet right" }
        p.govuk-body { "Automated checks find about a third of accessibility problems. If something is hard to use, "
            "tell your system administrator: they can report it to the people who run carefile for your authority." }
    })
}
