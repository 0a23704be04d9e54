//! In-process page and API timings on a generated authority: start-up (read
//! every record, build the index), then each route's latency one request at a
//! time and under 100 concurrent sessions. The router is called directly
//! (tower `oneshot`), so these are the application's own costs without the
//! network; `scripts/load-test.sh` measures over loopback.
//!
//! `cargo bench -p carefile-web --bench pages [-- small|county|large]` (default county).

use axum::body::Body;
use axum::http::{Request, header};
use carefile_domain::clock::Clock;
use carefile_domain::{ChildId, Recorded};
use carefile_synth::{Options, Scale};
use carefile_web::{AppState, Config};
use chrono::{DateTime, NaiveDate, Utc};
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

async fn get(app: &axum::Router, cookie: &str, path: &str) -> Duration {
    let req = Request::get(path).header(header::COOKIE, format!("carefile_session={cookie}")).body(Body::empty()).unwrap();
    let started = Instant::now();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    res.into_body().collect().await.unwrap();
    let took = started.elapsed();
    assert!(status.is_success(), "{path}: {status}");
    took
}

fn summary(name: &str, mut times: Vec<Duration>, wall: Duration) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1e3;
    println!(
        "  {name:<40} n={:<5} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>8.0} req/s",
        times.len(),
        pct(0.50),
        pct(0.99),
        times.len() as f64 / wall.as_secs_f64()
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale: Scale = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or("county".into()).parse().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let authority = carefile_synth::generate(&Options { seed: 1, scale, as_of });
    let mut store = carefile_store::open(db.to_str().unwrap()).unwrap();
    let mut children = authority.children.iter().map(|c| (c.id.clone(), c.events.clone()));
    store.bulk_load(&authority.org, &mut children, &mut |_| {}).unwrap();
    let records = store.children().unwrap();
    let demo = carefile_web::demo::demo_accounts(&store.organisation().unwrap(), &records, as_of).unwrap();
    let at = as_of.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let events: Vec<_> = demo.events.iter().cloned().map(|e| (Recorded::new(at, "bench", None), e)).collect();
    store.append_users(&events).unwrap();
    drop(store);

    println!("carefile-web pages, {scale:?} scale: {} children", records.len());
    let started = Instant::now();
    let store = carefile_store::open(db.to_str().unwrap()).unwrap();
    let state = AppState::open(store, Arc::new(Fixed(at)), Config { as_of: Some(as_of), ..Config::default() }).unwrap();
    let startup = started.elapsed();
    println!(
        "  start-up (read every record, build the index): {:.2} s, {:.1} µs a child",
        startup.as_secs_f64(),
        startup.as_secs_f64() * 1e6 / records.len() as f64
    );
    let app = carefile_web::router(state.clone());

    let sw = demo.users.iter().find(|u| u.username == "demo-social-worker").unwrap();
    let body = serde_json::json!({"username": sw.username, "password": sw.password}).to_string();
    let req = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().trim_start_matches("carefile_session=").to_string();
    let own: Vec<ChildId> = {
        let index = state.index().await.unwrap();
        let w = sw.worker.clone().unwrap();
        index.of_worker(&w).map(|c| c.id.clone()).filter(|c| Some(c) != demo.restricted.as_ref()).collect()
    };
    let surname = records.iter().find(|r| r.id == own[0]).unwrap().details.surname.clone();
    println!("  the social worker has {} children allocated", own.len());

    let routes: Vec<(&str, Box<dyn Fn(usize) -> String>)> = vec![
        ("GET /caseload", Box::new(|_| "/caseload".to_string())),
        ("GET /api/v1/caseload", Box::new(|_| "/api/v1/caseload".to_string())),
        ("GET /children?q=surname", Box::new(|_| format!("/children?q={surname}"))),
        ("GET /children/{id} (audited)", Box::new(|i| format!("/children/{}", own[i % own.len()]))),
        ("GET /api/v1/children/{id}/chronology (audited)", Box::new(|i| format!("/api/v1/children/{}/chronology", own[i % own.len()]))),
    ];
    println!("one request at a time:");
    for (name, path) in &routes {
        let wall = Instant::now();
        let mut times = Vec::new();
        for i in 0..300 {
            times.push(get(&app, &cookie, &path(i)).await);
        }
        summary(name, times, wall.elapsed());
    }
    println!("100 concurrent sessions, 10 requests each:");
    for (name, path) in &routes {
        let wall = Instant::now();
        let mut tasks = Vec::new();
        for s in 0..100 {
            let (app, cookie) = (app.clone(), cookie.clone());
            let paths: Vec<String> = (0..10).map(|i| path(s * 10 + i)).collect();
            tasks.push(tokio::spawn(async move {
                let mut t = Vec::new();
                for p in paths {
                    t.push(get(&app, &cookie, &p).await);
                }
                t
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.extend(t.await.unwrap());
        }
        summary(name, times, wall.elapsed());
    }
}
