//! Nothing a request carries grows the audit log by more than a bounded entry:
//! 20 anonymous sign-ins with a 900 KB username (the finding: 41 MB
//! added) write 20 small entries naming a hash, never the typed text.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::{AuditAction, MAX_DETAIL, MAX_USER};
use carefile_store::AuditFilter;
use common::world;

#[tokio::test]
async fn failed_sign_ins_with_huge_usernames_write_bounded_entries() {
    let w = world();
    let failed = AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() };
    let before = w.audit(failed.clone()).await.len();
    let huge = "x".repeat(900 * 1024);
    for _ in 0..20 {
        let mut attacker = w.client();
        let form = attacker.get("/signin").await;
        let token = common::hidden_csrf(&form.body);
        let r = attacker.post_form("/signin", &[("csrf", &token), ("username", &huge), ("password", "guess")]).await;
        assert!(matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS), "{}", r.status);
    }
    let all = w.audit(failed.clone()).await;
    assert_eq!(all.len(), before + 20, "one entry per attempt");
    let added: Vec<_> = all.iter().filter(|a| a.entry.user.starts_with("unknown:")).collect();
    assert_eq!(added.len(), 20, "one entry per attempt");
    for a in &added {
        assert_eq!(a.entry.action, AuditAction::SignInFailed);
        assert!(a.entry.user.starts_with("unknown:") && a.entry.user.len() <= MAX_USER, "{}", a.entry.user);
        assert!(a.entry.detail.len() <= MAX_DETAIL && !a.entry.detail.contains("xxxx"), "{}", a.entry.detail);
    }
    let bytes: usize = added.iter().map(|a| serde_json::to_string(&a.entry).unwrap().len()).sum();
    assert!(bytes < 20 * 512, "{bytes} bytes for 20 entries");

    // A real account's failed sign-in still names the account.
    let mut c = w.client();
    let form = c.get("/signin").await;
    let token = common::hidden_csrf(&form.body);
    c.post_form("/signin", &[("csrf", &token), ("username", "sw"), ("password", "guess")]).await;
    let named: Vec<_> = w.audit(failed).await.into_iter().filter(|a| a.entry.user == "sw").collect();
    assert_eq!(named.len(), 1);
}
