//! Many people opening records at once: every view is audited (the entries
//! share group commits), the chain stays whole, and nobody's page is lost.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::AuditAction;
use common::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_views_are_each_audited_once_and_the_chain_holds() {
    let w = world();
    let client = w.signed_in("sw").await;
    let before = w.audit_count("sw", &w.cases.own, AuditAction::ViewChild).await;
    let path = format!("/children/{}", w.cases.own);
    let views: Vec<_> = (0..40)
        .map(|_| {
            let (mut c, path) = (client.clone(), path.clone());
            tokio::spawn(async move { c.get(&path).await.status })
        })
        .collect();
    for v in views {
        assert_eq!(v.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(w.audit_count("sw", &w.cases.own, AuditAction::ViewChild).await, before + 40);
    let report = w.state.with_store(|s| s.check()).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}
