//! The recording forms, the team view and the returns upload through the
//! router: what is written, who may, and what a refused form says.

mod common;

use axum::http::StatusCode;
use carefile_domain::ChildEvent;
use carefile_domain::access::AuditAction;
use common::{Client, World, world};

async fn version(w: &World, child: &carefile_domain::ChildId) -> u64 {
    let id = child.clone();
    w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().1
}

async fn post_visit(c: &mut Client, child: &str, version: u64, date: &str, extra: &[(&str, &str)]) -> common::Response {
    let csrf = c.csrf.clone();
    let v = version.to_string();
    let mut pairs = vec![("csrf", csrf.as_str()), ("version", v.as_str()), ("date", date), ("seen", "on")];
    pairs.extend_from_slice(extra);
    c.post_form(&format!("/children/{child}/record/visit"), &pairs).await
}

#[tokio::test]
async fn a_visit_is_recorded_with_who_and_audited() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let form = sw.get(&format!("/children/{own}/record/visit")).await;
    assert_eq!(form.status, StatusCode::OK);
    let v = version(&w, &own).await;
    assert!(form.body.contains(&format!("name=\"version\" value=\"{v}\"")), "{}", form.body);
    let changes = w.audit_count("sw", &own, AuditAction::ChangeChild).await;

    let r = post_visit(&mut sw, own.as_str(), v, "2026-03-30", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some(format!("/children/{own}").as_str()));
    let id = own.clone();
    let log = w.state.with_store(move |s| s.child_log(&id)).await.unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.event, ChildEvent::Visited { date: "2026-03-30".parse().unwrap(), seen: true, seen_alone: false });
    assert_eq!(last.recorded.by, "sw");
    assert_eq!(last.recorded.reason, None);
    assert_eq!(w.audit_count("sw", &own, AuditAction::ChangeChild).await, changes + 1);

    // A correction of it: the chronology's link opens the visit form filled in with the entry…
    let seq = last.seq.to_string();
    let form = sw.get(&format!("/children/{own}/correct/{seq}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(&format!("action=\"/children/{own}/correct/{seq}\"")));
    assert!(form.body.contains(&format!("Correcting entry {seq}: Statutory visit")), "{}", form.body);
    assert!(form.body.contains("name=\"correction_reason\""));
    assert!(form.body.contains("value=\"30\""), "the entry's date is filled in: {}", form.body);
    // Saved, it carries its reason into the stored envelope.
    let csrf = sw.csrf.clone();
    let version_now = (v + 1).to_string();
    let pairs = [
        ("csrf", csrf.as_str()),
        ("version", version_now.as_str()),
        ("date", "2026-03-27"),
        ("seen", "on"),
        ("correction_reason", "wrong day entered"),
    ];
    let r = sw.post_form(&format!("/children/{own}/correct/{seq}"), &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = own.clone();
    let log = w.state.with_store(move |s| s.child_log(&id)).await.unwrap();
    let last = log.last().unwrap();
    assert!(matches!(&last.event, ChildEvent::Corrected { seq: s, .. } if s.to_string() == seq), "{:?}", last.event);
    assert_eq!(last.recorded.reason.as_deref(), Some("wrong day entered"));
    // The child's page shows what it changed, from and to.
    let page = sw.get(&format!("/children/{own}")).await;
    assert!(page.body.contains("Visited on: <del>2026-03-30</del> → <ins>2026-03-27</ins>"), "{}", page.body);
    assert!(page.body.contains("Why: wrong day entered"));
}

#[tokio::test]
async fn a_stale_form_is_refused_and_nothing_is_written() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let v = version(&w, &own).await;
    assert_eq!(post_visit(&mut sw, own.as_str(), v, "2026-03-30", &[]).await.status, StatusCode::SEE_OTHER);
    // The same form again, loaded before that write.
    let r = post_visit(&mut sw, own.as_str(), v, "2026-03-29", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The record changed since you opened this form: reload it"), "{}", r.body);
    assert_eq!(version(&w, &own).await, v + 1);
}

#[tokio::test]
async fn a_bad_field_is_shown_beside_it_and_nothing_is_written() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let v = version(&w, &own).await;
    // A value a script sends joined, unreadable.
    let r = post_visit(&mut sw, own.as_str(), v, "30/03/2026", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let at = r.body.find("id=\"f-date-error\"").expect("an error beside the date");
    assert!(r.body[at..].contains("'30/03/2026' is not a date: expected YYYY-MM-DD"), "{}", &r.body[at..]);
    // A browser's date boxes with no such day: refused beside the date, in the error summary, and what was typed is drawn again.
    let csrf = sw.csrf.clone();
    let version_text = v.to_string();
    let boxes = [("csrf", csrf.as_str()), ("version", version_text.as_str()), ("date-day", "31"), ("date-month", "2"), ("date-year", "2026"), ("seen", "on")];
    let r = sw.post_form(&format!("/children/{own}/record/visit"), &boxes).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let at = r.body.find("id=\"f-date-error\"").expect("an error beside the date");
    assert!(r.body[at..].contains("Visited on must be a real date"), "{}", &r.body[at..]);
    assert!(r.body.contains("<a href=\"#f-date\">Visited on must be a real date</a>"), "no link from the error summary");
    assert!(r.body.contains("name=\"date-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""), "{}", r.body);
    assert!(r.body.contains("<title>Error: "), "the window title does not say there is an error");
    assert_eq!(version(&w, &own).await, v);
}

#[tokio::test]
async fn forms_follow_the_access_policy_and_roles() {
    let w = world();
    let mut sw = w.signed_in("sw").await;
    let other = w.cases.other.clone();
    let v = version(&w, &other).await;
    // Another team's child: answered as a missing one would be (decision 001).
    assert_eq!(post_visit(&mut sw, other.as_str(), v, "2026-03-30", &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(version(&w, &other).await, v);
    assert_eq!(w.audit_count("sw", &other, AuditAction::Denied).await, 1);
    // Allocation is a manager's entry.
    let own = w.cases.own.clone();
    assert_eq!(sw.get(&format!("/children/{own}/record/allocation")).await.status, StatusCode::FORBIDDEN);
    let mut tm = w.signed_in("tm").await;
    let form = tm.get(&format!("/children/{own}/record/allocation")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    // Councillors never open a child's form.
    let mut cllr = w.signed_in("councillor").await;
    assert_eq!(cllr.get(&format!("/children/{own}/record/visit")).await.status, StatusCode::NOT_FOUND, "scope none: no record to open");
    assert_eq!(w.audit_count("councillor", &own, AuditAction::Denied).await, 1);
}

#[tokio::test]
async fn the_team_view_is_a_managers() {
    let w = world();
    let mut tm = w.signed_in("tm").await;
    let r = tm.get("/team").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for words in [
        "Timeliness",
        "Single assessment authorised",
        "Unallocated children",
        "Allocations and oversight this month",
        "Overdue by worker",
    ] {
        assert!(r.body.contains(words), "no {words}");
    }
    // The manager's team's children are listed where something is overdue or unallocated; the other team's never.
    for page in ["/team/overdue", "/team/unallocated", "/team/activity"] {
        let r = tm.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.body);
        assert!(!r.body.contains(&format!("/children/{}\"", w.cases.other)), "{page}");
    }
    for user in ["sw", "analyst", "councillor"] {
        for page in ["/team", "/team/overdue"] {
            assert_eq!(w.signed_in(user).await.get(page).await.status, StatusCode::FORBIDDEN, "{user} {page}");
        }
    }
}

/// An upload form's body: the CSRF token first (none if empty), as the page's form sends it.
fn multipart(boundary: &str, csrf: &str, which: &str, year: &str, files: &[(&str, &str)]) -> String {
    let mut body = String::new();
    let token = (!csrf.is_empty()).then_some(("csrf", csrf));
    for (name, value) in token.into_iter().chain([("which", which), ("year", year)]) {
        body += &format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    }
    for (file, content) in files {
        body += &format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n"
        );
    }
    body + &format!("--{boundary}--\r\n")
}

#[tokio::test]
async fn an_uploaded_return_is_checked_and_not_kept() {
    let w = world();
    let mut analyst = w.signed_in("analyst").await;
    let header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,Q,01/01/2015,WBRI,UN1,,\n";
    let body = multipart("b0undary", &analyst.csrf, "ssda903", "2026", &[("header.csv", header)]);
    let path = "/returns";
    let ct = "multipart/form-data; boundary=b0undary";
    let r = analyst.send(axum::http::Method::POST, path, Some(ct), &[], body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(">101</td>"), "{}", r.body);
    // Nothing of the upload reaches the store: the audit entry has counts, not content.
    let filter = carefile_store::AuditFilter {
        user: Some("analyst".into()),
        action: Some(AuditAction::ViewAggregate),
        ..Default::default()
    };
    let entries = w.audit(filter).await;
    assert_eq!(entries.len(), 1);
    let last = &entries[0];
    assert!(last.entry.detail.starts_with("POST /returns: SSDA903 2025-26, 1 file(s)"), "{}", last.entry.detail);
    assert!(!last.entry.detail.contains("X1"));
    // An unreadable file is explained, not a failure.
    let bad = multipart("b0undary", &analyst.csrf, "cin", "2026", &[("census.xml", "<Message><Header>")]);
    let r = analyst.send(axum::http::Method::POST, path, Some(ct), &[], bad).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("census.xml: line"), "{}", r.body);
    // Without the CSRF token (or with it only in the address, or not first), or as a social worker, it is refused.
    let none = multipart("b0undary", "", "ssda903", "2026", &[("header.csv", header)]);
    let r = analyst.send(axum::http::Method::POST, path, Some(ct), &[], none.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = analyst.send(axum::http::Method::POST, &format!("/returns?csrf={}", analyst.csrf), Some(ct), &[], none.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a token in the address is not taken");
    let last = none.replacen("--b0undary--", &format!("--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--b0undary--", analyst.csrf), 1);
    assert_eq!(analyst.send(axum::http::Method::POST, path, Some(ct), &[], last).await.status, StatusCode::FORBIDDEN);
    let mut sw = w.signed_in("sw").await;
    let theirs = multipart("b0undary", &sw.csrf, "ssda903", "2026", &[("header.csv", header)]);
    let r = sw.send(axum::http::Method::POST, path, Some(ct), &[], theirs).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_dashboard_is_for_every_role_and_refuses_bad_periods() {
    let w = world();
    let mut cllr = w.signed_in("councillor").await;
    let r = cllr.get("/performance").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("class=\"cf-report\""), "no dashboard");
    // Aggregates only: no child's ID reaches a councillor.
    for id in [&w.cases.own, &w.cases.other, &w.cases.cp] {
        assert!(!r.body.contains(id.as_str()), "{id} shown to a councillor");
    }
    let r = cllr.get("/performance?year=2025&quarter=5").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("quarter &#39;5&#39;: expected 1 to 4") || r.body.contains("quarter '5': expected 1 to 4"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("class=\"cf-report\""));
    let q3 = cllr.get("/performance?year=2025&quarter=3").await;
    assert!(q3.body.contains("1 October 2025 to 31 December 2025"), "the period is not the one chosen");
    let f = carefile_store::AuditFilter {
        user: Some("councillor".into()),
        action: Some(AuditAction::ViewAggregate),
        ..Default::default()
    };
    assert_eq!(w.audit(f).await.len(), 3);
}
