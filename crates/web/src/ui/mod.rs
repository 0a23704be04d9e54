//! The look of every page: the GOV.UK Design System (govuk-frontend, vendored
//! in `crates/web/assets/`) drawn with maud. [`Layout`] is the page around
//! every view (header, navigation by role, footer); [`components`] the Design
//! System's components as functions; [`forms`] the recording forms drawn with
//! them; [`paging`] the paging and sorting of
//! lists; [`text`] how dates, people and teams are written.
//!
//! Within the Content-Security-Policy (docs/decisions/005): no inline script
//! or style, htmx's indicator style off, no `hx-on`.
//!
//! Pages are plain links and forms (no `hx-boost`): every page is a whole
//! page, so the back button, focus, page titles and screen readers behave as
//! they do everywhere else. htmx is loaded for partial updates a page asks for
//! (`hx-get`, `hx-post`); its configuration below swaps error answers in
//! rather than dropping them, keeps no copy of pages in the browser's storage
//! (they hold children's details), and the page script says so when a request
//! gets no answer at all.

pub mod assets;
pub mod components;
pub mod forms;
pub mod paging;
pub mod text;

use crate::auth::{CSRF_FIELD, SignedIn};
use maud::{DOCTYPE, Markup, html};

/// The product's name, in the header and every title.
pub const PRODUCT: &str = "carefile";

/// htmx's configuration: no injected style (CSP), no `eval`, no history kept in
/// local storage, and 4xx/5xx answers swapped in (they are whole pages or
/// fragments that say what went wrong) instead of silently dropped.
const HTMX_CONFIG: &str = r#"{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"refreshOnHistoryMiss":true,"selfRequestsOnly":true,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"[45]..","swap":true,"error":true}]}"#;

/// The hidden field every form posts back (see [`crate::auth::csrf_guard`]).
pub fn csrf_input(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// The sections of the service navigation, in order: (path, label, who sees it).
fn sections(user: &SignedIn) -> Vec<(&'static str, &'static str)> {
    let mut links = Vec::new();
    if user.may(crate::access::READ) {
        links.push(("/tray", "My tray"));
        links.push(("/caseload", "My caseload"));
        links.push(("/children", "Find a child"));
        links.push(("/front-door", "Front door"));
    } else if user.may("task.read") {
        links.push(("/tray", "My tray"));
    }
    if user.may(crate::pages::TEAM_KEY) {
        links.push(("/team", "My team"));
    }
    if user.may("complaint.read") {
        links.push(("/complaints", "Complaints"));
    }
    if user.may("panel.read") {
        links.push(("/panels", "Panels"));
    }
    if user.may("report.read") {
        links.push(("/performance", "Performance"));
    }
    if user.may("returns.validate") {
        links.push(("/returns", "Check a return"));
    }
    if user.may("users.read") {
        links.push(("/admin/users", "Users"));
    }
    if user.may("audit.read.log") {
        links.push(("/admin/audit", "Audit log"));
    }
    links
}

/// A page: its title (the `<h1>` and the window's title) and what surrounds
/// its body. `layout(title, user, body)` draws the common case;
/// `Layout::new(title)` with its setters the rest.
#[derive(Default)]
pub struct Layout<'a> {
    title: &'a str,
    user: Option<&'a SignedIn>,
    caption: Option<&'a str>,
    section: Option<&'a str>,
    back: Option<(&'a str, &'a str)>,
    has_errors: bool,
    heading: bool,
    stylesheet: Option<&'static str>,
}

impl<'a> Layout<'a> {
    pub fn new(title: &'a str) -> Self {
        Layout { title, heading: true, ..Default::default() }
    }

    /// The signed-in user: their navigation, name and sign-out.
    pub fn user(mut self, user: Option<&'a SignedIn>) -> Self {
        self.user = user;
        self
    }

    /// A caption above the heading, e.g. the child's name above a form's title.
    pub fn caption(mut self, caption: &'a str) -> Self {
        self.caption = Some(caption);
        self
    }

    /// The navigation item marked as current (its path, e.g. `/caseload`).
    pub fn section(mut self, path: &'a str) -> Self {
        self.section = Some(path);
        self
    }

    /// A back link above the page.
    pub fn back(mut self, href: &'a str, text: &'a str) -> Self {
        self.back = Some((href, text));
        self
    }

    /// The page shows errors: its title starts "Error: " so a screen reader hears it first.
    pub fn errors(mut self, any: bool) -> Self {
        self.has_errors = any;
        self
    }

    /// A further stylesheet from [`assets`] (e.g. the committee report's).
    pub fn stylesheet(mut self, asset: &'static str) -> Self {
        self.stylesheet = Some(asset);
        self
    }

    /// The body draws its own `<h1>` (e.g. inside a two-column layout).
    pub fn own_heading(mut self) -> Self {
        self.heading = false;
        self
    }

    pub fn render(self, body: Markup) -> Markup {
        let window_title = format!("{}{} – {PRODUCT}", if self.has_errors { "Error: " } else { "" }, self.title);
        html! {
            (DOCTYPE)
            html lang="en-GB" class="govuk-template" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                    meta name="theme-color" content="#0b0c0c";
                    meta name="htmx-config" content=(HTMX_CONFIG);
                    title { (window_title) }
                    link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
                    link rel="stylesheet" href=(assets::url("carefile.css"));
                    @if let Some(s) = self.stylesheet { link rel="stylesheet" href=(assets::url(s)); }
                    script src=(assets::url("htmx.min.js")) defer {}
                    script type="module" src=(assets::url("app.mjs")) {}
                }
                body.govuk-template__body {
                    script src=(assets::url("js-enabled.js")) {}
                    a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link" { "Skip to main content" }
                    header.govuk-template__header {
                        div.govuk-generic-header {
                            div class="govuk-generic-header__container govuk-width-container" {
                                div.govuk-generic-header__logo {
                                    a href="/" class="govuk-generic-header__homepage-link" { (PRODUCT) }
                                }
                            }
                        }
                        @if let Some(u) = self.user { (navigation(u, self.section)) }
                    }
                    div.govuk-width-container {
                        @if let Some((href, text)) = self.back { a href=(href) class="govuk-back-link" { (text) } }
                        (request_error())
                        main class="govuk-main-wrapper" id="main-content" {
                            @if self.heading {
                                @if let Some(c) = self.caption { span.govuk-caption-l { (c) } }
                                h1.govuk-heading-l { (self.title) }
                            }
                            (body)
                        }
                    }
                    (footer())
                }
            }
        }
    }
}

/// The page around every view: title, the user's navigation, footer.
pub fn layout(title: &str, user: Option<&SignedIn>, body: Markup) -> Markup {
    Layout::new(title).user(user).render(body)
}

/// The service navigation: the sections the user's role has, then who is
/// signed in and the sign-out button.
fn navigation(user: &SignedIn, current: Option<&str>) -> Markup {
    html! {
        section aria-label="Service navigation" class="govuk-service-navigation" data-module="govuk-service-navigation" {
            div class="govuk-width-container govuk-service-navigation__inlining-container" {
                div.govuk-service-navigation__container {
                    nav aria-label="Menu" class="govuk-service-navigation__wrapper" {
                        button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                            aria-controls="navigation" hidden aria-hidden="true" { "Menu" }
                        ul.govuk-service-navigation__list id="navigation" {
                            @for (href, label) in sections(user) {
                                @let here = current == Some(href);
                                li class={ "govuk-service-navigation__item" @if here { " govuk-service-navigation__item--active" } } {
                                    a.govuk-service-navigation__link href=(href) aria-current=[here.then_some("page")] {
                                        @if here { strong.govuk-service-navigation__active-fallback { (label) } } @else { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                div.app-user {
                    span.app-user__name { (user.username) " (" (user.role_label()) ")" }
                    form method="post" action="/signout" {
                        (csrf_input(&user.csrf))
                        button.app-link-button type="submit" { "Sign out" }
                    }
                }
            }
        }
    }
}

/// Where the page script reports a request that failed without an answer
/// (see `assets/src/app.mjs`); hidden until then.
fn request_error() -> Markup {
    html! {
        div.govuk-error-summary.app-request-error id="app-request-error" hidden tabindex="-1" {
            div role="alert" {
                h2.govuk-error-summary__title { "There is a problem" }
                div.govuk-error-summary__body { p data-app-message {} }
            }
        }
    }
}

fn footer() -> Markup {
    html! {
        footer.app-footer {
            div.govuk-width-container {
                h2.govuk-visually-hidden { "Support links" }
                ul.app-footer__list {
                    li { a href="/accessibility" { "Accessibility" } }
                }
                p.govuk-body-s { (PRODUCT) ": open-source case recording for children's services. "
                    "Every view of a child's record is audited." }
            }
        }
    }
}

/// A page explaining a refusal or failure.
pub fn error_page(status: axum::http::StatusCode, message: &str) -> Markup {
    let title = match status.as_u16() {
        401 => "Sign in",
        403 => "You cannot do this",
        404 => "Page not found",
        400 | 413 | 422 => "There is a problem",
        429 => "Too many attempts",
        503 => "Service busy",
        _ => "Sorry, there is a problem with the service",
    };
    Layout::new(title).render(html! {
        p.govuk-body { (message) }
        p.govuk-body { a.govuk-link href="/" { "Go to your start page" } }
    })
}
