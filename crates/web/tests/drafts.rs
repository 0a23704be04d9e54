//! Nothing typed is lost: a draft saved as its author types survives the
//! session ending and a restart of the server, comes back when the form is
//! opened again, is listed on its author's tray, and when someone else saved
//! the same thing meanwhile is shown beside their version.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{Client, World, world};

async fn sign_in(w: &World, app: &axum::Router, user: &str) -> Client {
    let mut c = w.client_of(app);
    let r = c
        .post_json("/api/v1/session", &serde_json::json!({"username": user, "password": common::password(user)}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    c.csrf = v["csrf_token"].as_str().unwrap().to_string();
    c
}

/// What htmx posts a moment after the author stops typing: the form's fields.
async fn typed(c: &mut Client, key: &str, base: Option<&str>, fields: &[(&str, &str)]) -> common::Response {
    let csrf = c.csrf.clone();
    let mut pairs = vec![("csrf", csrf.as_str()), ("draft_key", key), ("draft_title", "Visit note")];
    if let Some(b) = base {
        pairs.push(("draft_base", b));
    }
    pairs.extend_from_slice(fields);
    c.post_form("/drafts", &pairs).await
}

#[tokio::test]
async fn a_draft_survives_the_session_ending_and_a_restart() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let key = format!("/children/{own}/notes/new");
    let form = sw.get(&key).await;
    assert!(
        form.body.contains("hx-post=\"/drafts\"") && form.body.contains(&format!("value=\"{key}\"")),
        "{}",
        form.body
    );
    let r =
        typed(&mut sw, &key, None, &[("kind", "visit"), ("title", "Home visit"), ("text", "Ada told me about school")])
            .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Draft saved at"));

    // The session ends (idle), and the server is restarted.
    w.clock.advance(Duration::hours(13));
    assert_ne!(sw.get("/tray").await.status, StatusCode::OK, "the session has ended");
    let (app, _restarted) = w.another_server(carefile_web::Config::default());
    let mut again = sign_in(&w, &app, "sw").await;
    let form = again.get(&key).await;
    assert!(
        form.body.contains("You have a draft of this form") && form.body.contains("Ada told me about school"),
        "{}",
        form.body
    );
    let tray = again.get("/tray").await;
    assert!(
        tray.body.contains("Drafts in progress") && tray.body.contains(&format!("href=\"{key}\"")),
        "{}",
        tray.body
    );
    // Only its author sees it.
    let mut tm = sign_in(&w, &app, "tm").await;
    assert!(!tm.get(&key).await.body.contains("Ada told me about school"));
    // Saved, the draft is done with.
    let csrf = again.csrf.clone();
    let r = again
        .post_form(
            &format!("/children/{own}/notes"),
            &[
                ("csrf", &csrf),
                ("kind", "visit"),
                ("title", "Home visit"),
                ("text", "Ada told me about school"),
                ("date-day", "30"),
                ("date-month", "3"),
                ("date-year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!again.get(&key).await.body.contains("You have a draft of this form"));
}

#[tokio::test]
async fn someone_elses_save_is_shown_beside_the_draft() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let mut tm = w.signed_in("tm").await;
    // A note both will amend.
    let csrf = sw.csrf.clone();
    let r = sw
        .post_form(
            &format!("/children/{own}/notes"),
            &[
                ("csrf", &csrf),
                ("kind", "visit"),
                ("title", "Home visit"),
                ("text", "First text"),
                ("date-day", "30"),
                ("date-month", "3"),
                ("date-year", "2026"),
            ],
        )
        .await;
    let note = r.location().unwrap().to_string();
    let key = format!("{note}/amend");
    // sw starts amending (the form at version 1) and types…
    sw.get(&key).await;
    typed(
        &mut sw,
        &key,
        Some("1"),
        &[("kind", "visit"), ("title", "Home visit"), ("text", "My amendment in progress")],
    )
    .await;
    // …while the manager amends and saves.
    let tcsrf = tm.csrf.clone();
    let r = tm
        .post_form(
            &key,
            &[
                ("csrf", &tcsrf),
                ("version", "1"),
                ("kind", "visit"),
                ("title", "Home visit"),
                ("text", "The manager's saved text"),
                ("reason", "facts"),
                ("date-day", "30"),
                ("date-month", "3"),
                ("date-year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // sw comes back: both versions.
    let form = sw.get(&key).await;
    assert!(form.body.contains("someone else saved a change"), "{}", form.body);
    assert!(
        form.body.contains("The manager&#39;s saved text") || form.body.contains("The manager's saved text"),
        "{}",
        form.body
    );
    assert!(form.body.contains("My amendment in progress"));

    // The same for a record form: entries saved since the draft began are listed beside it.
    let id = own.clone();
    let version = w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().1.to_string();
    let visit = format!("/children/{own}/record/visit");
    typed(&mut sw, &visit, Some(&version), &[("version", &version), ("date", "2026-03-30"), ("seen", "on")]).await;
    let r =
        tm.post_form(&visit, &[("csrf", &tcsrf), ("version", &version), ("date", "2026-03-29"), ("seen", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let form = sw.get(&visit).await;
    assert!(form.body.contains("Saved on the record since:") && form.body.contains("(tm)"), "{}", form.body);
    // A draft is bounded.
    let long = "x".repeat(carefile_web::drafts::MAX_BYTES + 1);
    assert_eq!(typed(&mut sw, &visit, None, &[("text", &long)]).await.status, StatusCode::BAD_REQUEST);
}
