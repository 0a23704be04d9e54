//! Every role × every page and API route × own / team / other / CP-or-looked-after
//! / restricted child, with the expected allow or deny written out by hand, and
//! an audit entry for each allowed view (and each refusal).

mod common;

use axum::http::StatusCode;
use carefile_domain::access::AuditAction;
use carefile_domain::ChildId;
use common::{Cases, ROLES, world};

const A: bool = true;
const D: bool = false;

/// What a child route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ans {
    /// Shown, audited as a view.
    Ok,
    /// A restricted record the user would otherwise see: the break-glass page (403).
    Glass,
    /// The same answer as for a child that does not exist (404).
    No,
}
use Ans::{Glass as G, No as N, Ok as Y};

/// (role's user, [own, team, other, cp, restricted]) for the child routes.
const CHILD_MATRIX: [(&str, [Ans; 5]); 6] = [
    ("sw", [Y, Y, N, N, G]),
    ("tm", [Y, Y, N, N, G]),
    ("iro", [N, N, N, Y, N]),
    ("analyst", [N; 5]),
    ("admin", [N; 5]),
    ("councillor", [N; 5]),
];

const CHILD_ROUTES: [&str; 5] = [
    "/children/{id}",
    "/api/v1/children/{id}",
    "/api/v1/children/{id}/chronology",
    "/children/{id}/transfers",
    "/children/{id}/reviewing",
];

fn cases(c: &Cases) -> [(&'static str, &ChildId); 5] {
    [("own", &c.own), ("team", &c.team), ("other", &c.other), ("cp", &c.cp), ("restricted", &c.restricted)]
}

#[tokio::test]
async fn child_routes_allow_and_deny_by_role_and_audit_each_view() {
    let w = world();
    for (user, row) in CHILD_MATRIX {
        let mut client = w.signed_in(user).await;
        for ((case, id), ans) in cases(&w.cases).into_iter().zip(row) {
            let allowed = ans == Y;
            for route in CHILD_ROUTES {
                let views = w.audit_count(user, id, AuditAction::ViewChild).await;
                let denials = w.audit_count(user, id, AuditAction::Denied).await;
                let r = client.get(&route.replace("{id}", id.as_str())).await;
                let want = match ans {
                    Y => StatusCode::OK,
                    G => StatusCode::FORBIDDEN,
                    N => StatusCode::NOT_FOUND,
                };
                assert_eq!(r.status, want, "{user} {case} {route}: {}", r.body.split("<main>").nth(1).unwrap_or(&r.body));
                let (v, d) = if allowed { (1, 0) } else { (0, 1) };
                assert_eq!(w.audit_count(user, id, AuditAction::ViewChild).await, views + v, "{user} {case} {route} view audit");
                assert_eq!(w.audit_count(user, id, AuditAction::Denied).await, denials + d, "{user} {case} {route} denial audit");
                if !allowed {
                    // A refusal shows nothing of the child.
                    let name = w.records.iter().find(|r| &r.id == id).map(|r| r.details.surname.clone()).unwrap();
                    assert!(name.is_empty() || !r.body.contains(&name), "{user} {case} {route} leaked the name");
                }
            }
        }
    }
}

/// (user, [caseload, find, audit search, users]) for pages and the API.
const ROLE_MATRIX: [(&str, [bool; 4]); 6] = [
    ("sw", [A, A, D, D]),
    ("tm", [A, A, D, D]),
    ("iro", [A, A, D, D]),
    ("analyst", [D, D, D, D]),
    ("admin", [D, D, A, A]),
    ("councillor", [D, D, D, D]),
];

#[tokio::test]
async fn role_routes_allow_and_deny_and_need_a_session() {
    let w = world();
    let q = format!("?q={}", w.cases.own);
    let pages = ["/caseload".to_string(), format!("/children{q}"), "/admin/audit".into(), "/admin/users".into()];
    let api = [Some("/api/v1/caseload".to_string()), Some(format!("/api/v1/children{q}")), None, None];
    for (user, row) in ROLE_MATRIX {
        let mut client = w.signed_in(user).await;
        for ((page, api), allowed) in pages.iter().zip(&api).zip(row) {
            let want = if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(client.get(page).await.status, want, "{user} {page}");
            if let Some(api) = api {
                assert_eq!(client.get(api).await.status, want, "{user} {api}");
            }
        }
    }
    for (user, home) in [("sw", "/caseload"), ("tm", "/caseload"), ("iro", "/caseload"), ("analyst", "/performance"), ("admin", "/admin/users"), ("councillor", "/performance")] {
        let r = w.signed_in(user).await.get("/").await;
        assert_eq!(r.location(), Some(home), "{user}'s home");
    }
    let mut anonymous = w.client();
    assert_eq!(anonymous.get("/").await.location(), Some("/signin"));
    for page in &pages {
        let r = anonymous.get(page).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/signin")), "{page}");
    }
    for api in api.iter().flatten() {
        assert_eq!(anonymous.get(api).await.status, StatusCode::UNAUTHORIZED, "{api}");
    }
    assert_eq!(ROLE_MATRIX.len(), ROLES.len());
}

/// The dashboard is aggregates only: every role reads it, councillors included.
#[tokio::test]
async fn every_role_reads_the_indicators_and_bad_periods_are_explained() {
    let w = world();
    for (user, _) in ROLES {
        let mut client = w.signed_in(user).await;
        let r = client.get("/api/v1/indicators?year=2025").await;
        assert_eq!(r.status, StatusCode::OK, "{user}");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(v["results"].as_array().is_some_and(|a| !a.is_empty()), "{user}");
        assert_eq!(v["period"]["start"], "2025-04-01");
    }
    let mut councillor = w.signed_in("councillor").await;
    for (query, field) in [("year=99999", "year:"), ("year=2025&quarter=5", "quarter:"), ("quarter=2", "quarter:")] {
        let r = councillor.get(&format!("/api/v1/indicators?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(r.body.contains(field), "{query}: {}", r.body);
    }
    assert_eq!(w.client().get("/api/v1/indicators").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn caseloads_and_searches_hold_only_what_the_user_may_see() {
    let w = world();
    let c = &w.cases;
    let mut sw = w.signed_in("sw").await;
    let page = sw.get("/caseload").await.body;
    assert!(page.contains(c.own.as_str()) && !page.contains(c.team.as_str()) && !page.contains(c.other.as_str()));
    let mut tm = w.signed_in("tm").await;
    let page = tm.get("/api/v1/caseload").await.body;
    assert!(page.contains(c.own.as_str()) && page.contains(c.team.as_str()) && !page.contains(c.other.as_str()));

    // Another team's child is not found, even by its exact ID.
    let found = sw.get(&format!("/api/v1/children?q={}", c.other)).await.body;
    assert_eq!(found, "[]");
    // The restricted child is found by exact ID only, without a name.
    let record = w.records.iter().find(|r| r.id == c.restricted).unwrap();
    let found: serde_json::Value = serde_json::from_str(&sw.get(&format!("/api/v1/children?q={}", c.restricted)).await.body).unwrap();
    assert_eq!(found, serde_json::json!([{"id": c.restricted.as_str(), "name": null, "restricted": true}]));
    let by_name = sw.get(&format!("/api/v1/children?q={}", record.details.surname)).await.body;
    assert!(!by_name.contains(c.restricted.as_str()), "a restricted record was found by name");
}

#[tokio::test]
async fn restricted_records_open_by_break_glass_with_a_reason_or_by_a_grant() {
    let w = world();
    let id = w.cases.restricted.clone();
    let path = format!("/children/{id}");
    let mut sw = w.signed_in("sw").await;
    let refused = sw.get(&path).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("break-glass"), "the page offers break glass");

    // A category and a reason in words are required.
    let csrf = sw.csrf.clone();
    let category = "out-of-hours emergency duty";
    let reason = "duty call: the child was reported missing from home tonight";
    for (c, why) in [(category, "  "), (category, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), ("", reason), ("curiosity", reason)] {
        let r = sw.post_form(&format!("{path}/break-glass"), &[("csrf", &csrf), ("category", c), ("reason", why)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the form again, with the error");
        assert!(r.body.contains("role=\"alert\""), "{c} / {why}: {}", r.body);
    }
    assert_eq!(w.audit_count("sw", &id, AuditAction::BreakGlass).await, 0);

    let r = sw.post_form(&format!("{path}/break-glass"), &[("csrf", &csrf), ("category", category), ("reason", reason)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let glass = w.audit(carefile_store::AuditFilter { action: Some(AuditAction::BreakGlass), ..Default::default() }).await;
    assert_eq!(glass.len(), 1);
    assert_eq!((glass[0].entry.user.as_str(), glass[0].entry.detail.as_str()), ("sw", format!("{category}: {reason}").as_str()));
    assert_eq!(sw.get(&path).await.status, StatusCode::OK);
    assert_eq!(sw.get(&format!("/api/v1/children/{id}")).await.status, StatusCode::OK);
    let views = w.audit(carefile_store::AuditFilter { user: Some("sw".into()), child: Some(id.clone()), action: Some(AuditAction::ViewChild), ..Default::default() }).await;
    assert!(views.len() == 2 && views.iter().all(|v| v.entry.detail.ends_with("(break glass)")));

    // Someone the policy would not let in at all cannot break glass.
    let mut iro = w.signed_in("iro").await;
    let csrf = iro.csrf.clone();
    let r = iro.post_form(&format!("{path}/break-glass"), &[("csrf", &csrf), ("category", category), ("reason", reason)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "the same answer as for a child that does not exist");

    // An administrator's grant opens it without breaking glass; others may not grant.
    let mut tm = w.signed_in("tm").await;
    assert_eq!(tm.get(&path).await.status, StatusCode::FORBIDDEN);
    let grant = |who: &'static str| [("username", who), ("child", id.as_str()), ("reason", "covering the caseload")];
    let tm_csrf = tm.csrf.clone();
    let mut own_grant = grant("tm").to_vec();
    own_grant.push(("csrf", &tm_csrf));
    assert_eq!(tm.post_form("/admin/users/grant", &own_grant).await.status, StatusCode::FORBIDDEN);
    let mut admin = w.signed_in("admin").await;
    let admin_csrf = admin.csrf.clone();
    let mut nobody = grant("nobody").to_vec();
    nobody.push(("csrf", &admin_csrf));
    let refused = admin.post_form("/admin/users/grant", &nobody).await;
    assert!(refused.status == StatusCode::BAD_REQUEST && refused.body.contains("no user 'nobody'"), "{}", refused.body);
    let mut ok = grant("tm").to_vec();
    ok.push(("csrf", &admin_csrf));
    assert_eq!(admin.post_form("/admin/users/grant", &ok).await.status, StatusCode::SEE_OTHER);
    assert_eq!(tm.get(&path).await.status, StatusCode::OK);
    assert_eq!(w.audit_count("admin", &id, AuditAction::ManageUsers).await, 1);
    assert_eq!(w.audit_count("tm", &id, AuditAction::BreakGlass).await, 0);

    // Disabling a user ends their sessions at once.
    let r = admin.post_form("/admin/users/disable", &[("username", "tm"), ("csrf", &admin_csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(tm.get("/api/v1/caseload").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn admins_search_the_audit_log() {
    let w = world();
    let mut sw = w.signed_in("sw").await;
    sw.get(&format!("/children/{}", w.cases.own)).await;
    let mut admin = w.signed_in("admin").await;
    let page = admin.get(&format!("/admin/audit?user=sw&action=view_child&child={}", w.cases.own)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("1 entry") && page.body.contains("GET /children/{id}"), "{}", page.body);
    let none = admin.get("/admin/audit?user=tm&action=view_child").await;
    assert!(none.body.contains("0 entries"));
    let bad = admin.get("/admin/audit?from=31/03/2026").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("from: expected a date YYYY-MM-DD"));
    // The search itself is audited.
    let searches = w.audit(carefile_store::AuditFilter { action: Some(AuditAction::SearchAudit), ..Default::default() }).await;
    assert_eq!(searches.len(), 2);
}
