//! In-process page and API timings on a generated authority: start-up (read
//! every record, build the index), then each route's latency one request at a
//! time and under 100 concurrent sessions. The router is called directly
//! (tower `oneshot`), so these are the application's own costs without the
//! network; `scripts/load-test.sh` measures over loopback.
//!
//! Last, #13's measure: the child page's p99 at 100 concurrent connections
//! while two managers load their team pages in a loop, beside a peer in the
//! same run and under the same load: the child's people page, which opens and
//! audits the record through the same policy but draws no chronology, due list
//! or plans. The ratio says what the child page's own work costs.
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
use std::sync::atomic::{AtomicBool, Ordering};
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

/// A signed-in session's cookie value.
async fn session(app: &axum::Router, user: &carefile_web::demo::DemoUser) -> String {
    let body = serde_json::json!({"username": user.username, "password": user.password}).to_string();
    let req = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().trim_start_matches("carefile_session=").to_string()
}

/// The `p` quantile of sorted `times`, in milliseconds.
fn quantile(times: &[Duration], p: f64) -> f64 {
    times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1e3
}

/// `path(0..1000)` requested by 100 concurrent sessions (each with `cookie`), 10 each: their timings.
async fn hundred_sessions(app: &axum::Router, cookie: &str, path: &dyn Fn(usize) -> String) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for s in 0..100 {
        let (app, cookie) = (app.clone(), cookie.to_string());
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
    times
}

/// [`hundred_sessions`] while each of `managers` loads `/team` in a loop until they finish: the
/// timings, sorted, and how many team pages were served meanwhile.
async fn under_team_load(
    app: &axum::Router,
    cookie: &str,
    managers: &[String],
    path: &dyn Fn(usize) -> String,
) -> (Vec<Duration>, usize) {
    let done = Arc::new(AtomicBool::new(false));
    let looping: Vec<_> = managers
        .iter()
        .map(|m| {
            let (app, m, done) = (app.clone(), m.clone(), done.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !done.load(Ordering::Relaxed) {
                    get(&app, &m, "/team").await;
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut times = hundred_sessions(app, cookie, path).await;
    done.store(true, Ordering::Relaxed);
    let mut teams = 0;
    for l in looping {
        teams += l.await.unwrap();
    }
    times.sort();
    (times, teams)
}

fn summary(name: &str, mut times: Vec<Duration>, wall: Duration) {
    times.sort();
    let pct = |p: f64| quantile(&times, p);
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

    let user = |name: &str| demo.users.iter().find(|u| u.username == name).unwrap();
    let sw = user("demo-social-worker");
    let cookie = session(&app, sw).await;
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
        let times = hundred_sessions(&app, &cookie, path.as_ref()).await;
        summary(name, times, wall.elapsed());
    }

    // #13: the child page at 100 connections while two managers load their team pages in a loop,
    // against its peer under the same load. Two sessions of the team manager and one of the
    // service manager's would differ only in the team page drawn; both are the team manager's.
    let manager = user("demo-team-manager");
    let managers = vec![session(&app, manager).await, session(&app, manager).await];
    println!("100 connections while two managers load /team in a loop:");
    let child = |i: usize| format!("/children/{}", own[i % own.len()]);
    let people = |i: usize| format!("/children/{}/people", own[i % own.len()]);
    let mut p99 = Vec::new();
    for (name, path) in [("GET /children/{id}", &child as &dyn Fn(usize) -> String), ("GET /children/{id}/people (peer)", &people)] {
        let wall = Instant::now();
        let (times, teams) = under_team_load(&app, &cookie, &managers, path).await;
        let took = wall.elapsed();
        println!(
            "  {name:<40} n={:<5} p50 {:>7.2} ms  p99 {:>7.2} ms  ({teams} team pages meanwhile, {:.1} s)",
            times.len(),
            quantile(&times, 0.50),
            quantile(&times, 0.99),
            took.as_secs_f64()
        );
        p99.push(quantile(&times, 0.99));
    }
    println!("  child page p99 / peer p99: {:.2}", p99[0] / p99[1]);
}
