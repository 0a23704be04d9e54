//! The team's data-quality page: a fault planted on a child's record through a form appears with
//! a link that opens the form that fixes it; once that form is saved the finding is gone. The page
//! is the team manager's and is audited as a list.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::AuditAction;
use carefile_domain::form::Declared;
use carefile_domain::{ChildEvent, ChildId, CollectionYear};
use carefile_store::AuditFilter;
use common::{Client, World, world};

async fn version(w: &World, id: &ChildId) -> u64 {
    let id = id.clone();
    w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().1
}

/// Saves the child's details form as `e` fills it in.
async fn save_details(w: &World, c: &mut Client, id: &ChildId, e: &ChildEvent) -> common::Response {
    let form = ChildEvent::declarations().iter().find(|d| d.kind == "details_amended").unwrap();
    let mut pairs = vec![("csrf".to_string(), c.csrf.clone()), ("version".to_string(), version(w, id).await.to_string())];
    pairs.push(("amendment_reason".to_string(), "checked with the family".to_string()));
    for (name, values) in form.values(e) {
        pairs.extend(values.into_iter().map(|v| (name.to_string(), v)));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    c.post_form(&format!("/children/{id}/record/{}", form.slug), &pairs).await
}

/// The rows of the findings table naming `child` and `rule`.
fn rows_for(page: &str, child: &ChildId, rule: &str) -> Vec<String> {
    let table = page.split("id=\"findings\"").nth(1).expect("the findings table");
    table
        .split("<tr")
        .filter(|r| r.contains(&format!("href=\"/children/{child}\"")) && r.contains(&format!(" {rule}<br")))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_planted_fault_links_to_the_form_that_fixes_it_and_is_gone_once_fixed() {
    let w = world();
    let own = w.cases.own.clone();
    let record = w.records.iter().find(|r| r.id == own).unwrap().clone();
    assert!(
        carefile_cin::export::episodes_in(&record, CollectionYear::containing(common::as_of())).next().is_some(),
        "the social worker's child is in this year's CIN census"
    );
    assert!(record.details.ethnicity.is_some(), "the demo records the child's ethnicity");
    let mut tm = w.signed_in("tm").await;
    let before = tm.get("/team/quality").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(rows_for(&before.body, &own, "4220").is_empty(), "no ethnicity finding before the fault");

    // The worker saves the child's details with the ethnicity emptied.
    let mut sw = w.signed_in("sw").await;
    let mut faulty = record.details.clone();
    faulty.ethnicity = None;
    let r = save_details(&w, &mut sw, &own, &ChildEvent::DetailsAmended { details: faulty }).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let page = tm.get("/team/quality").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let rows = rows_for(&page.body, &own, "4220");
    assert_eq!(rows.len(), 1, "one CIN 4220 finding for the child: {}", page.body);
    let fix = format!("/children/{own}/record/details");
    assert!(rows[0].contains(&format!("href=\"{fix}\"")), "{}", rows[0]);
    assert!(rows[0].contains("Child&#39;s details") || rows[0].contains("Child's details"), "the form's title: {}", rows[0]);
    assert!(page.body.contains("Ethnicity is missing or invalid"), "the rule's words");
    let listed = w.audit(AuditFilter { user: Some("tm".into()), ..Default::default() }).await;
    assert!(
        listed.iter().map(|a| &a.entry).any(|a| a.action == AuditAction::ViewList && a.detail.starts_with("GET /team/quality") && a.children.contains(&own)),
        "the list is audited with the children it showed"
    );

    // The link opens the details form, and saving it with the ethnicity fixes the finding.
    let form = sw.get(&fix).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("name=\"ethnicity\""), "{}", form.body);
    let r = save_details(&w, &mut sw, &own, &ChildEvent::DetailsAmended { details: record.details.clone() }).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = tm.get("/team/quality").await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(rows_for(&after.body, &own, "4220").is_empty(), "the finding is gone once fixed");

    // The page is for those who allocate the team's work.
    for user in ["sw", "analyst", "councillor"] {
        assert_eq!(w.signed_in(user).await.get("/team/quality").await.status, StatusCode::FORBIDDEN, "{user}");
    }
}
