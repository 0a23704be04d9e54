//! The access policy as data, through the server: its adoption audited on
//! start, the front door's window and stated reasons, break glass's time
//! limit and API, and one answer for a missing child and a forbidden one.

mod common;

use axum::http::{Method, StatusCode};
use carefile_domain::access::{AuditAction, ChildFacts, DEFAULT_TOML, Policy, Role, UserEvent};
use carefile_domain::org::{Service, StaffRole};
use carefile_domain::ChildId;
use carefile_store::AuditFilter;
use carefile_web::{AppState, Config};
use chrono::Duration;
use common::{Client, as_of, password, world};
use serde_json::{Value, json};
use std::sync::Arc;

async fn post(c: &mut Client, path: &str, body: Value) -> common::Response {
    let csrf = c.csrf.clone();
    c.send(Method::POST, path, Some("application/json"), &[("x-csrf-token", &csrf)], body.to_string()).await
}

fn changes(w: &common::World) -> impl std::future::Future<Output = Vec<String>> + '_ {
    async move {
        let f = AuditFilter { action: Some(AuditAction::PolicyChanged), ..Default::default() };
        w.audit(f).await.into_iter().map(|r| r.entry.detail).collect()
    }
}

#[tokio::test]
async fn a_changed_policy_is_recorded_once_with_the_roles_it_changed() {
    let w = world();
    let default = Policy::default();
    // The first start adopted the shipped policy: every role is new.
    let first = changes(&w).await;
    assert_eq!(first.len(), 1);
    assert!(first[0].starts_with(&format!("access policy sha256 none -> {}; roles changed: ", default.sha256)), "{}", first[0]);
    assert!(first[0].contains("social-worker") && first[0].contains("councillor"));

    let open = |policy: Policy| {
        let store = carefile_store::open(&w.db).unwrap();
        let config = Config { as_of: Some(as_of()), policy: Arc::new(policy), ..Config::default() };
        AppState::open(store, w.clock.clone(), config).unwrap()
    };
    // The same policy again: nothing new.
    drop(open(Policy::default()));
    assert_eq!(changes(&w).await.len(), 1);

    // Councillors may now see drill-downs; a label changes too (not access).
    let text = DEFAULT_TOML
        .replace("permissions = [\"report.read\"]", "permissions = [\"report.read\", \"report.explain\"]")
        .replace("label = \"Panel member\"", "label = \"Member of a panel\"");
    let changed = Policy::from_toml(&text).unwrap();
    let state = open(changed.clone());
    let all = changes(&w).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], format!("access policy sha256 {} -> {}; roles changed: councillor", default.sha256, changed.sha256));
    assert_eq!(state.accounts().policy.as_ref().map(|p| p.sha256.clone()), Some(changed.sha256.clone()));
    // Back to the default: changed again, the same role.
    drop(open(Policy::default()));
    assert!(changes(&w).await[0].ends_with("roles changed: councillor"));
    // The log and the audit chain stay whole.
    let report = state.with_store(|s| s.check()).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// Adds a user of `role` linked to `worker`.
async fn add_user(w: &common::World, name: &str, role: &str, worker: Option<carefile_domain::WorkerId>) {
    let event = UserEvent::UserAdded {
        username: name.into(),
        role: Role::new(role).unwrap(),
        worker,
        password_hash: carefile_web::auth::password::hash(&password(name)).unwrap(),
    };
    w.state.append_users("test", vec![event]).await.unwrap();
}

#[tokio::test]
async fn the_front_door_opens_long_closed_records_only_with_a_stated_reason() {
    let w = world();
    let d = as_of();
    let front_door = {
        let org = w.state.org();
        let fr = org.staff.values().find(|s| {
            s.role == StaffRole::SocialWorker
                && s.in_post(d)
                && s.team_on(d).and_then(|t| org.teams.get(t)).is_some_and(|t| t.service == Service::FirstResponse)
        });
        fr.expect("a front-door worker in post").id.clone()
    };
    add_user(&w, "fd", "front-door-worker", Some(front_door)).await;
    let facts = |id: &ChildId| ChildFacts::of(w.records.iter().find(|r| &r.id == id).unwrap(), d);
    let closed = |min: i64, max: i64| {
        w.records
            .iter()
            .map(|r| (r.id.clone(), ChildFacts::of(r, d)))
            .find(|(_, f)| !f.open && f.closed_on.is_some_and(|c| (min..max).contains(&(d - c).num_days())))
            .map(|(id, _)| id)
            .unwrap()
    };
    let (old, recent) = (closed(400, 5000), closed(30, 300));
    assert!(facts(&w.cases.other).open);

    let mut fd = w.signed_in("fd").await;
    for id in [&w.cases.other, &recent] {
        assert_eq!(fd.get(&format!("/api/v1/children/{id}")).await.status, StatusCode::OK, "{id}");
    }
    let path = format!("/api/v1/children/{old}");
    let r = fd.get(&path).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("say why"), "{}", r.body);
    assert!(fd.get(&format!("/children/{old}")).await.body.contains(&format!("action=\"/children/{old}/reason\"")));

    // A reason in words, or nothing.
    let r = post(&mut fd, &format!("{path}/reason"), json!({"reason": "need it"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let reason = "new contact from the school about this child today";
    let r = post(&mut fd, &format!("{path}/reason"), json!({"reason": reason})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let opened: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(opened["kind"], "stated_reason");
    assert_eq!(fd.get(&path).await.status, StatusCode::OK);
    let with_reason = w.audit(AuditFilter { action: Some(AuditAction::ViewWithReason), ..Default::default() }).await;
    assert_eq!(with_reason.len(), 1);
    assert_eq!((with_reason[0].entry.user.as_str(), with_reason[0].entry.detail.as_str()), ("fd", reason));
    let views = w.audit(AuditFilter { user: Some("fd".into()), child: Some(old.clone()), action: Some(AuditAction::ViewChild), ..Default::default() }).await;
    assert!(views.len() == 1 && views[0].entry.detail.ends_with("(stated reason)"), "{views:?}");
    // A reason is not needed where none is asked for.
    let r = post(&mut fd, &format!("/api/v1/children/{recent}/reason"), json!({"reason": reason})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // The reason lasts the policy's hours (8), kept alive by use.
    for _ in 0..19 {
        w.clock.advance(Duration::minutes(25));
        assert_eq!(fd.get(&path).await.status, StatusCode::OK);
    }
    w.clock.advance(Duration::minutes(5));
    assert_eq!(fd.get(&path).await.status, StatusCode::FORBIDDEN, "the stated reason lapsed after 8 hours");
    // Openings belong to the session they were made in.
    let mut other_session = w.signed_in("fd").await;
    assert_eq!(other_session.get(&path).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn break_glass_needs_a_category_and_a_reason_and_lapses_after_its_hours() {
    let w = world();
    let id = w.cases.restricted.clone();
    let path = format!("/api/v1/children/{id}");
    let mut sw = w.signed_in("sw").await;
    let r = sw.get(&path).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("break glass"), "{}", r.body);
    let rules: Value = serde_json::from_str(&sw.get("/api/v1/access/openings").await.body).unwrap();
    assert_eq!(rules["break_glass_hours"], 4);
    let category = rules["break_glass_categories"][0].as_str().unwrap().to_string();
    let reason = "police at the door out of hours asking about the child's safety";
    for bad in [json!({"reason": reason}), json!({"category": category, "reason": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}), json!({"category": "boredom", "reason": reason})] {
        let r = post(&mut sw, &format!("{path}/break-glass"), bad.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.body.starts_with("{\"error\":"), "{}", r.body);
    }
    let r = post(&mut sw, &format!("{path}/break-glass"), json!({"category": category, "reason": reason})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let opened: Value = serde_json::from_str(&r.body).unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(opened["until"].as_str().unwrap()).unwrap();
    assert_eq!(until.to_utc(), w.state.now() + Duration::hours(4));
    for step in [Duration::minutes(25); 9] {
        assert_eq!(sw.get(&path).await.status, StatusCode::OK);
        w.clock.advance(step);
    }
    // 3 h 45 min: still open; at 4 hours it lapses.
    assert_eq!(sw.get(&path).await.status, StatusCode::OK);
    w.clock.advance(Duration::minutes(15));
    assert_eq!(sw.get(&path).await.status, StatusCode::FORBIDDEN, "break glass lapsed after 4 hours");
    let glass = w.audit(AuditFilter { action: Some(AuditAction::BreakGlass), ..Default::default() }).await;
    assert_eq!(glass.len(), 1);
    assert_eq!(glass[0].entry.detail, format!("{category}: {reason}"));
}

#[tokio::test]
async fn a_missing_child_and_a_forbidden_one_get_the_same_answer() {
    let w = world();
    let mut sw = w.signed_in("sw").await;
    let forbidden = w.cases.other.clone();
    let missing = ChildId::new("C9999999").unwrap();
    assert!(w.records.iter().all(|r| r.id != missing));
    let strip = |body: &str, id: &ChildId| body.replace(id.as_str(), "ID");
    for route in ["/children/{id}", "/api/v1/children/{id}", "/api/v1/children/{id}/chronology", "/children/{id}/record/visit"] {
        let a = sw.get(&route.replace("{id}", forbidden.as_str())).await;
        let b = sw.get(&route.replace("{id}", missing.as_str())).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{route}");
        assert_eq!((a.status, strip(&a.body, &forbidden)), (b.status, strip(&b.body, &missing)), "{route}");
    }
    // Break glass and stated reasons answer the same way too.
    for action in ["break-glass", "reason"] {
        let body = json!({"category": "x", "reason": "a reason long enough to be read as words here"});
        let a = post(&mut sw, &format!("/api/v1/children/{forbidden}/{action}"), body.clone()).await;
        let b = post(&mut sw, &format!("/api/v1/children/{missing}/{action}"), body).await;
        assert_eq!((a.status, strip(&a.body, &forbidden)), (b.status, strip(&b.body, &missing)), "{action}");
    }
    // Both attempts are audited.
    assert_eq!(w.audit_count("sw", &forbidden, AuditAction::Denied).await, 6);
    assert_eq!(w.audit_count("sw", &missing, AuditAction::Denied).await, 6);
}
