//! CSRF, session fixation, cookie flags, expiry and sign-in throttling.

mod common;

use axum::http::{Method, StatusCode};
use carefile_domain::access::AuditAction;
use carefile_store::AuditFilter;
use chrono::Duration;
use common::{password, world};

#[tokio::test]
async fn posts_without_the_csrf_token_are_rejected() {
    let w = world();
    let mut sw = w.client();
    assert_eq!(sw.page_sign_in("sw", &password("sw")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(sw.get("/caseload").await.status, StatusCode::OK);
    let csrf = sw.get("/caseload").await.body;
    let token = common::hidden_csrf(&csrf);

    // Sign-out without a token, with a wrong one, with a wrong header: refused, still signed in.
    assert_eq!(sw.post_form("/signout", &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(sw.post_form("/signout", &[("csrf", &"0".repeat(64))]).await.status, StatusCode::FORBIDDEN);
    let r = sw.send(Method::POST, "/signout", None, &[("x-csrf-token", "nope")], String::new()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(sw.get("/caseload").await.status, StatusCode::OK);

    // Break glass without a token writes nothing.
    let path = format!("/children/{}/break-glass", w.cases.restricted);
    assert_eq!(sw.post_form(&path, &[("reason", "a perfectly good reason")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(w.audit_count("sw", &w.cases.restricted, AuditAction::BreakGlass).await, 0);

    // With the token, sign-out works and ends the session.
    let r = sw.post_form("/signout", &[("csrf", &token)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/signin")));
    assert_eq!(sw.get("/caseload").await.status, StatusCode::SEE_OTHER);

    // The API: DELETE /session needs the X-CSRF-Token header.
    let mut api = w.signed_in("tm").await;
    assert_eq!(api.send(Method::DELETE, "/api/v1/session", None, &[], String::new()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get("/api/v1/caseload").await.status, StatusCode::OK);
    let token = api.csrf.clone();
    assert_eq!(api.send(Method::DELETE, "/api/v1/session", None, &[("x-csrf-token", &token)], String::new()).await.status, StatusCode::OK);
    assert_eq!(api.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED);

    // The API's sign-in takes JSON only, which another site's form cannot send.
    let body = serde_json::json!({"username": "sw", "password": password("sw")}).to_string();
    let r = w.client().send(Method::POST, "/api/v1/session", Some("text/plain"), &[], body).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.set_cookie().is_none());

    // The sign-in form itself: without its session, or without its token, refused.
    let mut fresh = w.client();
    let r = fresh.post_form("/signin", &[("username", "sw"), ("password", &password("sw"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    fresh.get("/signin").await;
    let r = fresh.post_form("/signin", &[("username", "sw"), ("password", &password("sw"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_starts_a_new_session_id_with_safe_cookie_flags() {
    let w = world();
    let mut browser = w.client();
    let form = browser.get("/signin").await;
    assert!(browser.cookie.is_none(), "the sign-in form starts no session");
    let before = browser.signin.clone().expect("the sign-in form sets its nonce cookie");
    let cookie = form.set_cookie().unwrap();
    for flag in ["carefile_signin=", "HttpOnly", "SameSite=Strict", "Secure", "Path=/", "Max-Age="] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    let token = common::hidden_csrf(&form.body);
    let r = browser.post_form("/signin", &[("csrf", &token), ("username", "sw"), ("password", "guess")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("wrong username or password"));
    assert!(browser.cookie.is_none(), "a failed sign-in starts no session");
    let r = browser.post_form("/signin", &[("csrf", &token), ("username", "sw"), ("password", &password("sw"))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = browser.cookie.clone().unwrap();
    assert_ne!(before, after, "the session ID is new, not the form's nonce");
    assert!(browser.signin.is_none(), "the nonce is cleared at sign-in");
    assert!(after.len() == 64 && after.bytes().all(|b| b.is_ascii_hexdigit()), "256-bit hex ID");
    let page = browser.get("/caseload").await;
    assert_eq!(page.status, StatusCode::OK);
    for (name, value) in [("cache-control", "no-store"), ("x-frame-options", "DENY"), ("x-content-type-options", "nosniff")] {
        assert_eq!(page.headers.get(name).and_then(|v| v.to_str().ok()), Some(value), "{name}");
    }

    // An attacker holding the sign-in form's nonce gets nothing, used as a session or as a nonce.
    let mut attacker = w.client();
    attacker.cookie = Some(before.clone());
    attacker.signin = Some(before);
    assert_eq!(attacker.get("/caseload").await.status, StatusCode::SEE_OTHER);
    assert_eq!(attacker.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_end_when_idle_or_too_old() {
    let w = world();
    let mut sw = w.signed_in("sw").await;
    w.clock.advance(Duration::minutes(29));
    assert_eq!(sw.get("/api/v1/caseload").await.status, StatusCode::OK);
    w.clock.advance(Duration::minutes(30));
    assert_eq!(sw.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED, "idle for 30 minutes");

    let mut busy = w.signed_in("sw").await;
    for _ in 0..(12 * 60 / 20 - 1) {
        w.clock.advance(Duration::minutes(20));
        assert_eq!(busy.get("/api/v1/caseload").await.status, StatusCode::OK);
    }
    w.clock.advance(Duration::minutes(20));
    assert_eq!(busy.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED, "12 hours old");
}

#[tokio::test]
async fn sign_in_is_throttled_per_user_and_per_address() {
    let w = world();
    let sign_in = |user: &str, pass: &str, ip: &str| {
        let mut c = w.client();
        c.addr = Some(format!("{ip}:40000").parse().unwrap());
        let body = serde_json::json!({"username": user, "password": pass});
        async move { c.post_json("/api/v1/session", &body).await.status }
    };
    // Five wrong passwords for one user from five addresses: the right one is then refused too.
    for i in 0..5 {
        assert_eq!(sign_in("sw", "wrong", &format!("10.0.0.{i}")).await, StatusCode::UNAUTHORIZED);
        assert_eq!(w.audit(AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() }).await.len(), i + 1);
    }
    assert_eq!(sign_in("sw", &password("sw"), "10.0.1.1").await, StatusCode::TOO_MANY_REQUESTS);
    // Other users are unaffected.
    assert_eq!(sign_in("tm", &password("tm"), "10.0.1.1").await, StatusCode::OK);
    // The lock lifts after 15 minutes.
    w.clock.advance(Duration::minutes(15));
    assert_eq!(sign_in("sw", &password("sw"), "10.0.1.1").await, StatusCode::OK);

    // Five failures from one address over several usernames lock that address.
    for user in ["a", "b", "c", "d", "e"] {
        assert_eq!(sign_in(user, "wrong", "10.9.9.9").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(sign_in("iro", &password("iro"), "10.9.9.9").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sign_in("iro", &password("iro"), "10.9.9.8").await, StatusCode::OK);

    let failed = w.audit(AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() }).await;
    assert_eq!(failed.len(), 12, "10 wrong passwords and 2 throttled attempts");
}

#[tokio::test]
async fn every_documented_api_route_exists_and_needs_a_session() {
    let w = world();
    let mut anonymous = w.client();
    let doc: serde_json::Value = serde_json::from_str(&anonymous.get("/api/v1/openapi.json").await.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for route in ["/api/v1/session", "/api/v1/children", "/api/v1/children/{id}", "/api/v1/children/{id}/chronology", "/api/v1/caseload", "/api/v1/indicators"] {
        assert!(paths.contains_key(route), "{route} is documented");
    }
    for (path, ops) in paths {
        let path = path.replace("{id}", w.cases.own.as_str());
        if ops.get("get").is_some() {
            assert_eq!(anonymous.get(&path).await.status, StatusCode::UNAUTHORIZED, "GET {path}");
        }
    }
    assert_eq!(anonymous.get("/healthz").await.body, "ok");
    let js = anonymous.get("/assets/htmx.min.js").await;
    assert!(js.status == StatusCode::OK && js.body.contains("htmx"));
}
