//! CSRF, session fixation, cookie flags, expiry and sign-in throttling.

mod common;

use axum::http::{Method, StatusCode};
use carefile_domain::access::AuditAction;
use carefile_store::AuditFilter;
use chrono::Duration;
use carefile_web::Config;
use common::{Client, password, world};

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

/// Signs in through the API from `ip` with whatever cookies `c` holds; the status and the error said.
async fn api_sign_in(c: &mut Client, ip: &str, user: &str, pass: &str) -> (StatusCode, String) {
    c.addr = Some(format!("{ip}:40000").parse().unwrap());
    let r = c.post_json("/api/v1/session", &serde_json::json!({"username": user, "password": pass})).await;
    let said = serde_json::from_str::<serde_json::Value>(&r.body).ok().and_then(|v| v["error"].as_str().map(str::to_string));
    (r.status, said.unwrap_or_default())
}

#[tokio::test]
async fn guessing_at_an_account_slows_the_guesser_but_never_its_owner_on_their_own_browser() {
    let w = world();
    let office = "10.0.0.1";
    // The owner signed in on their own browser before: it holds a device cookie.
    let mut owner = w.client();
    assert_eq!(api_sign_in(&mut owner, office, "sw", &password("sw")).await.0, StatusCode::OK);
    assert!(owner.device.is_some(), "a successful sign-in leaves a device cookie");
    let mut attacker = w.client();
    for _ in 0..3 {
        assert_eq!(api_sign_in(&mut attacker, office, "sw", "guess").await.0, StatusCode::UNAUTHORIZED);
    }
    // After three failures the account waits 2 s, then 4 s, 8 s…: even the right password is not checked meanwhile.
    let (status, said) = api_sign_in(&mut attacker, office, "sw", &password("sw")).await;
    assert_eq!((status, said.as_str()), (StatusCode::TOO_MANY_REQUESTS, "too many failed sign-ins: wait 2 seconds, then try again"));
    // On another server over the same database the count is the same.
    let (other, _) = w.another_server(Config::default());
    let mut via_other = w.client_of(&other);
    assert_eq!(api_sign_in(&mut via_other, office, "sw", "guess").await.0, StatusCode::TOO_MANY_REQUESTS);
    w.clock.advance(Duration::seconds(2));
    assert_eq!(api_sign_in(&mut via_other, office, "sw", "guess").await.0, StatusCode::UNAUTHORIZED);
    let (status, said) = api_sign_in(&mut attacker, office, "sw", "guess").await;
    assert_eq!((status, said.as_str()), (StatusCode::TOO_MANY_REQUESTS, "too many failed sign-ins: wait 4 seconds, then try again"));

    // The owner's browser is never held back by the count: the right password signs in at once, on either server.
    assert_eq!(api_sign_in(&mut owner, office, "sw", &password("sw")).await.0, StatusCode::OK);
    let mut owner_other = w.client_of(&other);
    owner_other.device = owner.device.clone();
    assert_eq!(api_sign_in(&mut owner_other, office, "sw", &password("sw")).await.0, StatusCode::OK);
    // … and the owner's success does not clear the guesser's count.
    assert_eq!(api_sign_in(&mut attacker, office, "sw", &password("sw")).await.0, StatusCode::TOO_MANY_REQUESTS);
    // A colleague at the same address is not affected at all.
    assert_eq!(api_sign_in(&mut w.client(), office, "tm", &password("tm")).await.0, StatusCode::OK);
    // Another account's device cookie is no way round it.
    let mut tm_browser = w.client();
    api_sign_in(&mut tm_browser, office, "tm", &password("tm")).await;
    assert_eq!(api_sign_in(&mut tm_browser, office, "sw", "guess").await.0, StatusCode::TOO_MANY_REQUESTS);
    // A forged or altered device cookie is none.
    let mut forger = w.client();
    forger.device = owner.device.as_ref().map(|d| format!("{}{}", &d[..d.len() - 1], if d.ends_with('0') { '1' } else { '0' }));
    assert_eq!(api_sign_in(&mut forger, office, "sw", "guess").await.0, StatusCode::TOO_MANY_REQUESTS);
    // A device's own failures slow that device alike, not the account's owner elsewhere.
    let mut stolen = w.client();
    stolen.device = owner.device.clone();
    for _ in 0..3 {
        assert_eq!(api_sign_in(&mut stolen, office, "sw", "guess").await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(api_sign_in(&mut stolen, office, "sw", "guess").await.0, StatusCode::TOO_MANY_REQUESTS);

    // The delay doubles up to the policy's maximum (900 s) and no further; a day later the count is forgotten.
    for _ in 0..12 {
        w.clock.advance(Duration::seconds(900));
        assert_eq!(api_sign_in(&mut attacker, office, "sw", "guess").await.0, StatusCode::UNAUTHORIZED);
    }
    let (_, said) = api_sign_in(&mut attacker, office, "sw", "guess").await;
    assert_eq!(said, "too many failed sign-ins: wait 15 minutes, then try again");
    w.clock.advance(Duration::hours(24));
    assert_eq!(api_sign_in(&mut w.client(), "10.7.7.7", "sw", &password("sw")).await.0, StatusCode::OK);

    // The audit names each failure, and the first refusal of each count only: a flood of refusals writes nothing more.
    let failed = w.audit(AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() }).await;
    let wrong = failed.iter().filter(|a| a.entry.detail == "wrong username or password").count();
    let held: Vec<_> = failed.iter().filter(|a| a.entry.detail.starts_with("throttled")).collect();
    assert_eq!(wrong, 3 + 1 + 3 + 12, "every password checked and wrong");
    assert_eq!(held.len(), 2, "the account's first refusal, and the stolen device's: {held:#?}");
}

#[tokio::test]
async fn an_address_that_spent_its_failures_still_lets_in_browsers_signed_in_on_before() {
    let w = world();
    let mut policy = (*w.state.policy()).clone();
    policy.settings.throttle.address_failures = 8;
    let (app, _) = w.another_server(Config { policy: std::sync::Arc::new(policy), ..Config::default() });
    let proxy = "10.9.9.9";
    // A colleague signed in on this browser before, behind the council's one proxy.
    let mut colleague = w.client_of(&app);
    assert_eq!(api_sign_in(&mut colleague, proxy, "iro", &password("iro")).await.0, StatusCode::OK);
    // Someone behind the same proxy tries names: one failure each, so no account is slowed.
    let mut sprayer = w.client_of(&app);
    for i in 0..8 {
        let (status, _) = api_sign_in(&mut sprayer, proxy, &format!("made-up-{i}"), "guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The address has spent its failures: attempts from it without a device cookie are refused unchecked,
    // even an account no one guessed at, and say how to get round it.
    let (status, said) = api_sign_in(&mut w.client_of(&app), proxy, "tm", &password("tm")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(said.contains("from your network: try again in 15 minutes, or sign in on a computer or browser you have signed in on before"), "{said}");
    // Successes did not count, and the colleague's browser is let in, from the same address.
    assert_eq!(api_sign_in(&mut colleague, proxy, "iro", &password("iro")).await.0, StatusCode::OK);
    // Another address is untouched.
    assert_eq!(api_sign_in(&mut w.client_of(&app), "10.9.9.8", "tm", &password("tm")).await.0, StatusCode::OK);
    // The window ends, and the address is trusted again.
    w.clock.advance(Duration::minutes(15));
    assert_eq!(api_sign_in(&mut w.client_of(&app), proxy, "tm", &password("tm")).await.0, StatusCode::OK);
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

/// The password an administrator is shown once.
fn shown_password(body: &str) -> String {
    let at = body.find("<code id=\"new-password\">").expect("the new password is shown") + 24;
    body[at..at + body[at..].find('<').unwrap()].to_string()
}

#[tokio::test]
async fn administrators_add_users_reset_passwords_unlock_and_undo_access_in_the_web_application() {
    let w = world();
    let mut admin = w.signed_in("admin").await;
    let csrf = admin.csrf.clone();
    let change = |action: &str| format!("/admin/users/{action}");
    let form = admin.get("/admin/users").await.body;
    for action in ["add", "reset", "unlock", "disable", "restrict", "lift", "grant", "revoke"] {
        assert!(form.contains(&format!("action=\"/admin/users/{action}\"")), "the users page offers {action}");
    }

    // A new user: the password is shown once, and signs in.
    let r = admin.post_form(&change("add"), &[("csrf", &csrf), ("username", "new.sw"), ("role", "social-worker"), ("worker", "")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let first = shown_password(&r.body);
    assert_eq!(first.len(), 20);
    assert_eq!(api_sign_in(&mut w.client(), "10.1.1.1", "new.sw", &first).await.0, StatusCode::OK);
    // Refusals say why; nothing is stored.
    for (fields, why) in [
        ([("username", "new.sw"), ("role", "social-worker")], "user 'new.sw' already exists"),
        ([("username", "other"), ("role", "wizard")], "role: no role 'wizard'"),
    ] {
        let mut pairs = fields.to_vec();
        pairs.push(("csrf", &csrf));
        let r = admin.post_form(&change("add"), &pairs).await;
        assert!(r.status == StatusCode::BAD_REQUEST && r.body.contains(why), "{why}: {}", r.body);
    }
    let r = admin.post_form(&change("add"), &[("csrf", &csrf), ("username", "other"), ("role", "analyst"), ("worker", "S9999999")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Only those who manage users may.
    let mut tm = w.signed_in("tm").await;
    let tm_csrf = tm.csrf.clone();
    let r = tm.post_form(&change("add"), &[("csrf", &tm_csrf), ("username", "mine"), ("role", "admin")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Unlock: an account someone guessed at waits, until an administrator lifts it.
    let mut guesser = w.client();
    for _ in 0..3 {
        api_sign_in(&mut guesser, "10.2.2.2", "iro", "guess").await;
    }
    assert_eq!(api_sign_in(&mut w.client(), "10.3.3.3", "iro", &password("iro")).await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(admin.post_form(&change("unlock"), &[("csrf", &csrf), ("username", "iro")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(api_sign_in(&mut w.client(), "10.3.3.3", "iro", &password("iro")).await.0, StatusCode::OK);

    // A grant revoked, a restriction lifted.
    let restricted = w.cases.restricted.as_str();
    let path = format!("/children/{restricted}");
    let access = |who: &'static str| [("username", who), ("child", restricted), ("reason", "covering the caseload"), ("csrf", csrf.as_str())];
    assert_eq!(admin.post_form(&change("grant"), &access("tm")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(tm.get(&path).await.status, StatusCode::OK);
    assert_eq!(admin.post_form(&change("revoke"), &access("tm")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(tm.get(&path).await.status, StatusCode::FORBIDDEN, "break glass again");
    let mut sw = w.signed_in("sw").await;
    assert_eq!(sw.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(admin.post_form(&change("lift"), &[("csrf", &csrf), ("child", restricted)]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(sw.get(&path).await.status, StatusCode::OK, "their own child, no longer restricted");

    // A reset password: shown once, the old one refused, sessions made with it ended.
    let r = admin.post_form(&change("reset"), &[("csrf", &csrf), ("username", "sw")]).await;
    let second = shown_password(&r.body);
    assert_eq!(sw.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api_sign_in(&mut w.client(), "10.4.4.4", "sw", &password("sw")).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(api_sign_in(&mut w.client(), "10.4.4.4", "sw", &second).await.0, StatusCode::OK);

    // Every change is audited under the administrator (the log lists newest first), never with a password.
    let entries = w.audit(AuditFilter { user: Some("admin".into()), action: Some(AuditAction::ManageUsers), ..Default::default() }).await;
    let details: Vec<&str> = entries.iter().rev().map(|a| a.entry.detail.as_str()).collect();
    assert_eq!(details, ["added new.sw as social-worker", "unlocked iro", "access_granted tm", "access_revoked tm", "restriction_lifted", "password_changed sw"]);
    assert!(entries.iter().all(|a| !a.entry.detail.contains(&first) && !a.entry.detail.contains(&second)));
}

#[tokio::test]
async fn accounts_of_staff_who_have_left_are_disabled_automatically() {
    let w = world();
    let leaver = {
        let org = w.state.org();
        let s = org.staff.values().find(|s| s.left.is_some_and(|l| l <= common::as_of())).expect("the authority has a leaver");
        (s.id.to_string(), s.left.unwrap())
    };
    let mut admin = w.signed_in("admin").await;
    let csrf = admin.csrf.clone();
    let r = admin.post_form("/admin/users/add", &[("csrf", &csrf), ("username", "gone"), ("role", "social-worker"), ("worker", &leaver.0)]).await;
    let pass = shown_password(&r.body);
    let mut gone = w.client();
    assert_eq!(api_sign_in(&mut gone, "10.5.5.5", "gone", &pass).await.0, StatusCode::OK);
    assert!(w.state.disable_leavers().unwrap() == ["gone"], "only the leaver's account");
    assert_eq!(gone.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED, "their session ends");
    assert_eq!(api_sign_in(&mut w.client(), "10.5.5.5", "gone", &pass).await.0, StatusCode::UNAUTHORIZED);
    assert!(w.state.disable_leavers().unwrap().is_empty(), "done once");
    let entries = w.audit(AuditFilter { action: Some(AuditAction::ManageUsers), ..Default::default() }).await;
    assert_eq!(entries[0].entry.detail, format!("user_disabled gone: left on {}", leaver.1));
    assert_eq!(entries[0].entry.user, "carefile (staff who have left)");
}

#[tokio::test]
async fn the_childs_managers_and_information_governance_see_who_has_seen_the_record() {
    let w = world();
    let own = w.cases.own.as_str();
    let viewers = format!("/children/{own}/viewers");
    let mut sw = w.signed_in("sw").await;
    assert_eq!(sw.get(&format!("/children/{own}")).await.status, StatusCode::OK);
    assert_eq!(sw.get("/caseload").await.status, StatusCode::OK);
    // The worker does not see who else looked; their manager does, within their team.
    assert_eq!(sw.get(&viewers).await.status, StatusCode::FORBIDDEN);
    let mut tm = w.signed_in("tm").await;
    let page = tm.get(&viewers).await;
    assert_eq!(page.status, StatusCode::OK);
    let people = &page.body[page.body.find("id=\"people\"").unwrap()..page.body.find("Newest entries").unwrap()];
    assert!(people.contains("<td class=\"govuk-table__cell\">sw</td>") && people.contains("Social worker"), "{people}");
    for said in ["Opened the record", "Saw it in a list", "GET /children/{id}", "GET /caseload"] {
        assert!(page.body.contains(said), "{said}");
    }
    assert_eq!(tm.get(&format!("/children/{}/viewers", w.cases.other)).await.status, StatusCode::NOT_FOUND, "another team's child");
    // Looking is itself audited, and the next look shows it.
    let looked = w.audit(AuditFilter { user: Some("tm".into()), child: Some(w.cases.own.clone()), ..Default::default() }).await;
    assert_eq!(looked[0].entry.detail, "GET /children/{id}/viewers");
    assert!(tm.get(&viewers).await.body.contains("<td class=\"govuk-table__cell\">tm</td>"));

    // Information governance sees it for any child.
    let mut admin = w.signed_in("admin").await;
    let csrf = admin.csrf.clone();
    let r = admin.post_form("/admin/users/add", &[("csrf", &csrf), ("username", "ig"), ("role", "information-governance-officer")]).await;
    let mut ig = w.client();
    let pass = shown_password(&r.body);
    assert_eq!(api_sign_in(&mut ig, "10.8.8.8", "ig", &pass).await.0, StatusCode::OK);
    assert_eq!(ig.get(&viewers).await.status, StatusCode::OK);
    assert_eq!(ig.get(&format!("/children/{}/viewers", w.cases.other)).await.status, StatusCode::OK);
}
