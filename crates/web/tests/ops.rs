//! What operators rely on, through the router: `/metrics` behind its token and
//! parsed as Prometheus's text format with no identifier in any label; request
//! ids; the maintenance page switched on for every server through the
//! database.

mod common;

use axum::http::{Method, StatusCode};
use carefile_web::Config;
use common::{password, world};
use std::time::{Duration, Instant};

const TOKEN: &str = "a-metrics-token-of-some-length";

async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < Duration::from_secs(30), "after 30 s: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_prometheus_text_behind_a_token_and_name_nobody() {
    let w = world();
    // The world's server has no token: no /metrics on its main listener.
    assert_eq!(w.client().get("/metrics").await.status, StatusCode::NOT_FOUND);
    let (app, _state) = tokio::task::block_in_place(|| {
        w.another_server(Config { metrics_token: Some(TOKEN.into()), ..Config::default() })
    });
    let mut c = w.client_of(&app);
    // Some traffic first: a sign-in, pages, a child, a refusal.
    assert_eq!(c.page_sign_in("sw", &password("sw")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/caseload").await.status, StatusCode::OK);
    assert_eq!(c.get(&format!("/children/{}", w.cases.own)).await.status, StatusCode::OK);
    assert_eq!(c.get(&format!("/children/{}", w.cases.other)).await.status, StatusCode::NOT_FOUND);
    let mut scraper = w.client_of(&app);
    assert_eq!(scraper.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    let wrong = scraper.send(Method::GET, "/metrics", None, &[("authorization", "Bearer nope")], String::new()).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let auth = format!("Bearer {TOKEN}");
    let r = scraper.send(Method::GET, "/metrics", None, &[("authorization", &auth)], String::new()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let scrape = prometheus_parse::Scrape::parse(r.body.lines().map(|l| Ok(l.to_string()))).expect("Prometheus text format");
    let find = |name: &str| scrape.samples.iter().filter(|s| s.metric == name).collect::<Vec<_>>();
    assert!(!find("carefile_http_requests_total").is_empty());
    // prometheus-parse skips samples whose label values hold braces (valid in the format), so this one is read as text.
    assert!(r.body.contains("carefile_http_requests_total{route=\"/children/{id}\",method=\"GET\",status=\"404\"} 1"), "{}", r.body);
    assert!(r.body.contains("carefile_http_request_duration_seconds_bucket{"), "latency histograms");
    for op in ["read", "audit", "session", "follow"] {
        assert!(
            r.body.contains(&format!("carefile_store_operation_duration_seconds_count{{operation=\"{op}\"}}")),
            "store timings for {op}"
        );
    }
    for gauge in ["carefile_index_applied_seq", "carefile_index_lag_events", "carefile_sessions", "carefile_ready"] {
        assert_eq!(find(gauge).len(), 1, "{gauge}");
    }
    assert!(matches!(find("carefile_sessions")[0].value, prometheus_parse::Value::Gauge(n) if n >= 1.0));
    // No label carries a child's ID, a name, a username or a session.
    for s in &scrape.samples {
        for (k, v) in s.labels.iter() {
            for r in &w.records {
                assert!(!v.contains(r.id.as_str()), "{k}={v}");
                assert!(r.details.surname.len() < 3 || !v.contains(&r.details.surname), "{k}={v}");
            }
            assert!(!v.contains("sw") || k == "route", "{k}={v}");
            assert!(v.len() < 64, "{k}={v}");
        }
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let w = world();
    let mut c = w.client();
    let r = c.get("/healthz").await;
    let id = r.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    assert_ne!(c.get("/healthz").await.headers["x-request-id"], id.as_str(), "a new one each time");
    let given = c.send(Method::GET, "/healthz", None, &[("x-request-id", "lb-1234.abc")], String::new()).await;
    assert_eq!(given.headers["x-request-id"], "lb-1234.abc", "a proxy's id is kept");
    let odd = c.send(Method::GET, "/healthz", None, &[("x-request-id", "<script>")], String::new()).await;
    assert_eq!(odd.headers["x-request-id"].len(), 16, "anything else is replaced");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_maintenance_page_reaches_every_server() {
    let w = world();
    let quick = Config { heartbeat: Duration::from_millis(50), ..Config::default() };
    let (app, _state) = tokio::task::block_in_place(|| w.another_server(quick));
    let mut c = w.client_of(&app);
    assert_eq!(c.get("/signin").await.status, StatusCode::OK);
    let at = chrono::DateTime::from_timestamp(1_775_000_000, 0).unwrap();
    tokio::task::block_in_place(|| {
        let mut s = carefile_store::open(&w.db).unwrap();
        s.set_setting(carefile_web::MAINTENANCE, Some("upgrading until 19:00"), at, "ops").unwrap();
    });
    eventually("the page shows maintenance", async || c.get("/signin").await.status == StatusCode::SERVICE_UNAVAILABLE)
        .await;
    let page = c.get("/caseload").await;
    assert!(page.body.contains("upgrading until 19:00"), "{}", page.body);
    assert_eq!(page.headers["retry-after"], "300");
    let api = c.get("/api/v1/caseload").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(api.body.contains("\"error\""));
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK, "the probes still answer");
    tokio::task::block_in_place(|| {
        carefile_store::open(&w.db).unwrap().set_setting(carefile_web::MAINTENANCE, None, at, "ops").unwrap();
    });
    eventually("the page is back", async || c.get("/signin").await.status == StatusCode::OK).await;
}
