//! No child data in the server's logs: everything the server and its
//! libraries log, at every level, is captured while users work (sign in,
//! caseload, searches by name, child pages, chronology, a refusal, break
//! glass with a reason, a failed sign-in), then searched for every child's
//! name and date of birth, the search text and the break-glass reason.

mod common;

use axum::http::StatusCode;
use common::{password, world};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_child_data_reaches_the_logs() {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink = Capture(buf.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let w = world();
    let c = w.cases.clone();
    let surname = |id: &carefile_domain::ChildId| w.records.iter().find(|r| &r.id == id).unwrap().details.surname.clone();
    let reason = "worried neighbour phoned the duty line tonight about Zebedee";

    let mut sw = w.client();
    assert_eq!(sw.page_sign_in("sw", &password("sw")).await.status, StatusCode::SEE_OTHER);
    let csrf = common::hidden_csrf(&sw.get("/caseload").await.body);
    assert_eq!(sw.get(&format!("/children?q={}", surname(&c.own))).await.status, StatusCode::OK);
    assert_eq!(sw.get(&format!("/children/{}", c.own)).await.status, StatusCode::OK);
    assert_eq!(sw.get(&format!("/children/{}", c.other)).await.status, StatusCode::NOT_FOUND);
    let category = ("category", "out-of-hours emergency duty");
    let r = sw.post_form(&format!("/children/{}/break-glass", c.restricted), &[("csrf", &csrf), category, ("reason", reason)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(sw.get(&format!("/children/{}", c.restricted)).await.status, StatusCode::OK);
    let mut api = w.signed_in("tm").await;
    assert_eq!(api.get(&format!("/api/v1/children/{}/chronology", c.team)).await.status, StatusCode::OK);
    assert_eq!(api.get(&format!("/api/v1/children?q={}", surname(&c.team))).await.status, StatusCode::OK);
    assert_eq!(api.get("/api/v1/children/NO-SUCH-CHILD").await.status, StatusCode::NOT_FOUND);
    let mut wrong = w.client();
    let body = serde_json::json!({"username": "sw", "password": "Zebedee-wrong"});
    assert_eq!(wrong.post_json("/api/v1/session", &body).await.status, StatusCode::UNAUTHORIZED);

    let log = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    assert!(log.contains("route=\"/children/{id}\"") && log.contains("status=404"), "requests are logged by route:\n{log}");
    assert!(!log.contains("Zebedee"), "a reason or a password reached the log");
    for r in &w.records {
        let d = &r.details;
        for name in [&d.forename, &d.surname].into_iter().filter(|n| n.len() > 2) {
            assert!(!log.contains(name.as_str()), "the name {name} is in the log");
        }
        if let Some(dob) = d.dob {
            for text in [dob.to_string(), dob.format("%d/%m/%Y").to_string()] {
                assert!(!log.contains(&text), "a date of birth is in the log");
            }
        }
    }
    // Nor the IDs of the children viewed: the routes are logged as templates.
    for id in [&c.own, &c.other, &c.restricted, &c.team] {
        assert!(!log.contains(id.as_str()), "a child's ID is in the log");
    }
}
