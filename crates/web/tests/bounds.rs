//! Nothing a request carries grows the audit log by more than a bounded entry:
//! 20 anonymous sign-ins with a 900 KB username (the finding: 41 MB
//! added) write 20 small entries naming a hash, never the typed text; and an
//! anonymous flood leaves no server state.

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
    for i in 0..20 {
        // A different name each time, so no one name's throttle holds an attempt back unchecked.
        let huge = format!("{}{i}", "x".repeat(900 * 1024));
        let mut attacker = w.client();
        let form = attacker.get("/signin").await;
        let token = common::hidden_csrf(&form.body);
        let r = attacker.post_form("/signin", &[("csrf", &token), ("username", &huge), ("password", "guess")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
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

/// The flood: 108,000 anonymous requests in 25 s made the sign-in page answer 503 to everyone for up
/// to 30 minutes, each visit having made a server session. Here 50,000 anonymous requests, 64 at a time (new
/// visitors' sign-in forms, pages and API routes without a session, made-up paths, and 1,000 wrong sign-ins
/// from one address) leave no session (the sign-in counts are all they leave: the address's, and one per name
/// checked, so at most the address's budget of them), write a bounded audit, and a new visitor, a signed-in user and a colleague signing in from the flooded address all get pages.
/// (The flood's duration and latency under it are the `pages` bench's business, not this test's.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_flood_leaves_no_server_state_and_everyone_still_gets_pages() {
    let w = world();
    let mut user = w.signed_in("tm").await;
    let mut colleague = w.client();
    colleague.addr = Some("10.6.6.6:40000".parse().unwrap());
    let r = colleague.post_json("/api/v1/session", &serde_json::json!({"username": "iro", "password": common::password("iro")})).await;
    assert_eq!(r.status, StatusCode::OK);
    colleague.cookie = None; // signed in on this browser before: it keeps only its device cookie
    let failed = AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() };
    let audit_before = w.audit(AuditFilter::default()).await.len();

    let mut attacker = w.client();
    attacker.addr = Some("10.6.6.6:40001".parse().unwrap());
    let token = common::hidden_csrf(&attacker.get("/signin").await.body);
    let mut answers = std::collections::BTreeMap::<(u8, u16), usize>::new();
    let mut running = tokio::task::JoinSet::new();
    for i in 0..50_000u32 {
        if running.len() >= 64 {
            let (kind, status) = running.join_next().await.unwrap().unwrap();
            *answers.entry((kind, status)).or_default() += 1;
        }
        let (mut visitor, mut attacker, token) = (w.client(), attacker.clone(), token.clone());
        running.spawn(async move {
            let r = match i % 50 {
                0 => {
                    let name = format!("made-up-{i}");
                    (0, attacker.post_form("/signin", &[("csrf", &token), ("username", &name), ("password", "guess")]).await)
                }
                1..=4 => (1, visitor.get(&format!("/children/C{:07}", i % 9_999_999)).await),
                5 => (2, visitor.get("/api/v1/children?q=smith").await),
                6 => (3, visitor.get(&format!("/no-such-page-{i}")).await),
                _ => (4, visitor.get("/signin").await),
            };
            (r.0, r.1.status.as_u16())
        });
    }
    while let Some(done) = running.join_next().await {
        let (kind, status) = done.unwrap();
        *answers.entry((kind, status)).or_default() += 1;
    }
    // Every anonymous request was answered as it should be: nothing 5xx.
    let expected = [((0, 401), 100), ((0, 429), 900), ((1, 303), 4_000), ((2, 401), 1_000), ((3, 404), 1_000), ((4, 200), 43_000)];
    assert_eq!(answers, expected.into_iter().collect(), "answers by kind and status");

    // No session was made (only the two signed in before); the address's count holds the flood's sign-ins.
    let far = chrono::DateTime::parse_from_rfc3339("2000-01-01T00:00:00Z").unwrap().to_utc();
    assert_eq!(w.state.with_store(move |s| s.sessions_live(far, far)).await.unwrap(), 2);
    let address = w.state.with_store(|s| s.throttle("a:10.6.6.6")).await.unwrap().unwrap();
    assert_eq!((address.failures, address.refused), (100, 900));
    // The audit: the 100 wrong passwords checked and the first refusal, nothing for the other 48,999 requests.
    assert_eq!(w.audit(failed).await.len(), 101);
    assert_eq!(w.audit(AuditFilter::default()).await.len(), audit_before + 101);

    // A new visitor gets the sign-in form, the signed-in user their caseload, and a colleague whose browser signed
    // in before gets in from the flooded address.
    assert_eq!(w.client().get("/signin").await.status, StatusCode::OK);
    assert_eq!(user.get("/caseload").await.status, StatusCode::OK);
    let r = colleague.post_json("/api/v1/session", &serde_json::json!({"username": "iro", "password": common::password("iro")})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(colleague.get("/caseload").await.status, StatusCode::OK);
}
