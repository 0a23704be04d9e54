//! Nothing typed is lost (issue 13, item 5): a form saves itself as a draft
//! while its author types (htmx posts the form's fields a moment after they
//! stop), under the author's name and the form's address, in the database. A
//! draft is seen only by its author, outlives their session and a restart,
//! comes back when they open the form again, and, when someone else saved the
//! same thing meanwhile, is shown beside their version. Saving the form ends
//! the draft; drafts not touched for `Config::draft_days` are removed.

use crate::auth::SignedIn;
use crate::pages::sent::Sent;
use crate::ui::components::{self, notification};
use crate::ui::{csrf_input, text};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use carefile_store::Draft;
use maud::{Markup, html};

/// Largest draft kept (every field's text together).
pub const MAX_BYTES: usize = 256 * 1024;
/// Most fields a draft keeps.
pub const MAX_FIELDS: usize = 400;

pub fn routes() -> axum::Router<AppState> {
    Router::new().route("/drafts", post(save)).route("/drafts/discard", post(discard))
}

/// What a form saves its draft as: its address (where it is opened again),
/// the words the author's list shows, the child, and the version it edits.
pub struct Of<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub child: Option<&'a str>,
    pub base: Option<u64>,
}

/// The fields and the element that save the enclosing form as a draft while
/// its author types, and say when it last did.
pub fn autosave(of: &Of) -> Markup {
    html! {
        input type="hidden" name="draft_key" value=(of.key);
        input type="hidden" name="draft_title" value=(of.title);
        @if let Some(c) = of.child { input type="hidden" name="draft_child" value=(c); }
        @if let Some(b) = of.base { input type="hidden" name="draft_base" value=(b); }
        p.govuk-body-s id="draft-status" aria-live="polite" hx-post="/drafts"
            hx-trigger="input from:closest form delay:2s, change from:closest form delay:2s" hx-swap="innerHTML" {}
    }
}

/// Fields the form carries for itself, not kept in a draft.
fn own_field(name: &str) -> bool {
    name == crate::auth::CSRF_FIELD || name.starts_with("draft_")
}

async fn save(
    State(state): State<AppState>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Markup, AppError> {
    let sent = Sent(pairs);
    let key = sent.get("draft_key");
    if !key.starts_with('/') || key.len() > 300 {
        return Err(AppError::BadRequest("a draft needs the address of its form".into()));
    }
    let fields: Vec<(String, String)> =
        sent.0.iter().filter(|(k, _)| !own_field(k)).take(MAX_FIELDS).cloned().collect();
    if fields.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() > MAX_BYTES {
        return Err(AppError::BadRequest("this draft is too long to keep: save the form itself".into()));
    }
    let now = state.now();
    let draft = Draft {
        author: user.username.clone(),
        key: key.to_string(),
        title: sent.get("draft_title").chars().take(200).collect(),
        child: Some(sent.get("draft_child")).filter(|c| !c.is_empty()).map(str::to_string),
        base: sent.get("draft_base").parse().ok(),
        fields,
        saved_at: now,
    };
    let keep = chrono::Duration::days(state.config().draft_days);
    state
        .with_store(move |s| {
            s.draft_save(&draft)?;
            s.drafts_purge(now - keep).map(drop)
        })
        .await?;
    Ok(html! { "Draft saved at " (now.format("%H:%M")) ". It is kept if you leave this page." })
}

async fn discard(
    State(state): State<AppState>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let key = Sent(pairs).get("key").to_string();
    let (author, k) = (user.username.clone(), key.clone());
    state.with_store(move |s| s.draft_delete(&author, &k)).await?;
    let back = if key.starts_with('/') { key } else { "/tray".into() };
    Ok(Redirect::to(&back).into_response())
}

/// The author's draft of the form at `key`, if any.
pub async fn restore(state: &AppState, user: &SignedIn, key: &str) -> Result<Option<Draft>, AppError> {
    let (author, key) = (user.username.clone(), key.to_string());
    state.read_primary(move |s| s.draft(&author, &key)).await
}

/// Ends the author's draft of the form at `key` (its form was saved).
pub async fn done(state: &AppState, user: &SignedIn, key: &str) -> Result<(), AppError> {
    let (author, key) = (user.username.clone(), key.to_string());
    state.with_store(move |s| s.draft_delete(&author, &key)).await
}

/// The author's drafts, newest first (their tray lists them).
pub async fn of(state: &AppState, user: &SignedIn) -> Result<Vec<Draft>, AppError> {
    let author = user.username.clone();
    state.read_primary(move |s| s.drafts_of(&author)).await
}

/// What a draft's form shows above it: that it is the draft, with a way to
/// discard it, and `theirs` (what someone else saved since) beside it.
pub fn banner(user: &SignedIn, d: &Draft, theirs: Option<Markup>) -> Markup {
    let body = html! {
        p.govuk-body { "Below is what you typed, saved on " (text::date(d.saved_at.date_naive())) " at " (d.saved_at.format("%H:%M")) ". Check it, then save the form." }
        @if let Some(t) = theirs {
            (components::warning("Since you started, someone else saved a change. Their version is below: compare it with yours before you save."))
            div.govuk-inset-text { (t) }
        }
        form method="post" action="/drafts/discard" {
            (csrf_input(&user.csrf))
            input type="hidden" name="key" value=(d.key);
            (components::secondary_button("Discard the draft"))
        }
    };
    notification(false, "You have a draft of this form", Some(body))
}
