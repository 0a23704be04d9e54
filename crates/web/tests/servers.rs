//! Several servers over one database behave as one (decision 006), on each
//! backend: a session made on one is good on another and survives a restart;
//! the sign-in form's token signed by one is accepted by another, and nobody
//! gets server state before signing in; a child written by the command line
//! reaches every server's caseload and due list; a user added on the command
//! line signs in; a user disabled on one server is signed out on the other;
//! an API write retried on another server gets the first answer, not a second
//! write; `/readyz` says when the index is behind.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::{Role, UserEvent};
use carefile_domain::codes::ReferralSource;
use carefile_domain::journey::ChildDetails;
use carefile_domain::{ChildEvent, ChildId, Recorded};
use carefile_web::Config;
use common::{World, as_of, password};
use std::time::{Duration, Instant};

/// Runs blocking database work (the command line's, a server starting) from a test's async code.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// Waits (up to 30 s) until `check` holds, polling as an operator would.
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < Duration::from_secs(30), "after 30 s: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn live_sessions(w: &World) -> u64 {
    let s = carefile_store::open(&w.db).unwrap();
    let now = carefile_domain::clock::Clock::now(w.clock.as_ref());
    s.sessions_live(now - chrono::Duration::hours(1), now - chrono::Duration::days(1)).unwrap()
}

/// A new child on `worker`'s caseload with a referral (and so a due item), as the command line would write it.
fn new_child(db: &str, id: &ChildId, worker: &carefile_domain::WorkerId, team: &carefile_domain::TeamId) {
    let at = as_of().and_hms_opt(8, 0, 0).unwrap().and_utc();
    let rec = Recorded::new(at, "import", None);
    let events = vec![
        (
            rec.clone(),
            ChildEvent::Registered {
                details: ChildDetails {
                    forename: "Follow".into(),
                    surname: "Me".into(),
                    dob: Some("2015-06-01".parse().unwrap()),
                    ..Default::default()
                },
            },
        ),
        (
            rec.clone(),
            ChildEvent::ReferralReceived {
                referral: 1,
                at: as_of().and_hms_opt(7, 0, 0).unwrap(),
                source: ReferralSource::Police,
                contact: None,
                exploitation: vec![],
            },
        ),
        (rec, ChildEvent::WorkerAllocated { date: as_of(), worker: worker.clone(), team: team.clone(), reason: None }),
    ];
    let mut cli = carefile_store::open(db).unwrap();
    cli.append_child(id, None, &events).unwrap();
}

async fn servers_behave_as_one(w: World) {
    let (app_b, state_b) = blocking(|| w.another_server(Config::default()));

    // Nobody gets server state before signing in, however often they ask.
    let mut anonymous = w.client();
    for _ in 0..50 {
        assert_eq!(anonymous.get("/signin").await.status, StatusCode::OK);
    }
    assert_eq!(blocking(|| live_sessions(&w)), 0, "visits to the sign-in page left sessions behind");

    // The form comes from one server, the sign-in goes to the other.
    let mut browser = w.client();
    let form = browser.get("/signin").await;
    let token = common::hidden_csrf(&form.body);
    let mut on_b = w.client_of(&app_b);
    on_b.signin = browser.signin.clone();
    let r = on_b.post_form("/signin", &[("csrf", &token), ("username", "sw"), ("password", &password("sw"))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A token without its nonce cookie, or with another, is refused everywhere.
    let mut forger = w.client_of(&app_b);
    let r = forger.post_form("/signin", &[("csrf", &token), ("username", "sw"), ("password", &password("sw"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    forger.signin = Some("0".repeat(64));
    let r = forger.post_form("/signin", &[("csrf", &token), ("username", "sw"), ("password", &password("sw"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The session made on B is good on A, CSRF token included.
    let mut on_a = w.client();
    on_a.cookie = on_b.cookie.clone();
    let caseload = on_a.get("/caseload").await;
    assert_eq!(caseload.status, StatusCode::OK);
    assert_eq!(blocking(|| live_sessions(&w)), 1);

    // A child written by the command line reaches both servers' caseloads and due lists.
    let sw = w.state.accounts().users.get("sw").unwrap().worker.clone().unwrap();
    let team = w.state.org().staff.get(&sw).unwrap().team_on(as_of()).unwrap().clone();
    let id = ChildId::new("FOLLOW1").unwrap();
    blocking(|| new_child(&w.db, &id, &sw, &team));
    let mut api_b = w.client_of(&app_b);
    api_b.cookie = on_b.cookie.clone();
    for (name, client) in [("A", &mut on_a), ("B", &mut api_b)] {
        eventually(&format!("server {name} shows the new child on the caseload"), async || {
            client.get("/api/v1/caseload").await.body.contains("FOLLOW1")
        })
        .await;
        let child = client.get("/api/v1/children/FOLLOW1").await;
        assert_eq!(child.status, StatusCode::OK, "{}", child.body);
        let v: serde_json::Value = serde_json::from_str(&child.body).unwrap();
        assert!(!v["due"].as_array().unwrap().is_empty(), "server {name} lists the referral's due items: {v}");
    }

    // A user added on the command line signs in on B.
    let added = UserEvent::UserAdded {
        username: "newcomer".into(),
        role: Role::new("team-manager").unwrap(),
        worker: None,
        password_hash: carefile_web::auth::password::hash(&password("newcomer")).unwrap(),
    };
    let at = as_of().and_hms_opt(9, 0, 0).unwrap().and_utc();
    blocking(|| carefile_store::open(&w.db).unwrap().append_users(&[(Recorded::new(at, "cli", None), added)]).unwrap());
    let body = serde_json::json!({"username": "newcomer", "password": password("newcomer")});
    eventually("the new user signs in on B", async || {
        w.client_of(&app_b).post_json("/api/v1/session", &body).await.status == StatusCode::OK
    })
    .await;

    // The manager signs in on B; B restarts; the session still works.
    let mut tm = w.client_of(&app_b);
    let r = tm.post_json("/api/v1/session", &serde_json::json!({"username": "tm", "password": password("tm")})).await;
    assert_eq!(r.status, StatusCode::OK);
    drop((app_b, state_b));
    let (app_c, _state_c) = blocking(|| w.another_server(Config::default()));
    let mut tm_on_c = w.client_of(&app_c);
    tm_on_c.cookie = tm.cookie.clone();
    assert_eq!(tm_on_c.get("/api/v1/caseload").await.status, StatusCode::OK, "a restart signed nobody out");

    // The administrator disables sw on A: sw's session (made on B) ends on C too.
    let mut admin = w.signed_in("admin").await;
    let csrf = common::hidden_csrf(&admin.get("/admin/users").await.body);
    let r = admin.post_form("/admin/users/disable", &[("csrf", &csrf), ("username", "sw")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut sw_on_c = w.client_of(&app_c);
    sw_on_c.cookie = on_b.cookie.clone();
    eventually("sw is signed out on C", async || {
        sw_on_c.get("/api/v1/caseload").await.status == StatusCode::UNAUTHORIZED
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_behave_as_one_on_sqlite() {
    servers_behave_as_one(common::world()).await;
}

#[test]
fn servers_behave_as_one_on_postgres() {
    let Some(db) = common::postgres_db("servers_as_one") else { return };
    let w = common::world_in(tempfile::tempdir().unwrap(), db);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(servers_behave_as_one(w));
}

/// An API write retried with its `Idempotency-Key` on another server gets the first answer
/// (status, body and `ETag`) and writes nothing more; the key reused for another request is
/// refused there too; a key whose request was refused before writing, or whose server died
/// mid-request, lets the retry run.
async fn a_retry_on_another_server_gets_the_first_answer(w: World) {
    let (app_b, _state_b) = blocking(|| w.another_server(Config::default()));
    let own = w.cases.own.clone();
    let mut on_a = w.signed_in("sw").await;
    let mut on_b = w.client_of(&app_b);
    (on_b.cookie, on_b.csrf) = (on_a.cookie.clone(), on_a.csrf.clone());
    let version = |w: &World| {
        let id = own.clone();
        blocking(|| carefile_store::open(&w.db).unwrap().child(&id).unwrap().unwrap().1)
    };
    let write = async |c: &mut common::Client, if_match: Option<u64>, key: &str, body: &serde_json::Value| {
        let m = if_match.map(|v| format!("\"{v}\""));
        let csrf = c.csrf.clone();
        let mut headers = vec![("x-csrf-token", csrf.as_str()), ("idempotency-key", key)];
        headers.extend(m.as_deref().map(|v| ("if-match", v)));
        let path = format!("/api/v1/children/{own}/entries/visit");
        let r = c.send(axum::http::Method::POST, &path, Some("application/json"), &headers, body.to_string()).await;
        let etag = r.headers.get("etag").map(|e| e.to_str().unwrap().to_string());
        (r.status, r.body, etag)
    };
    let visit = serde_json::json!({"date": "2026-03-30", "seen": true});
    let v = version(&w);
    let first = write(&mut on_a, Some(v), "visit-1", &visit).await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.1);
    // The client did not hear the answer and retries; the load balancer sends it to B.
    assert_eq!(write(&mut on_b, Some(v), "visit-1", &visit).await, first, "B gives A's answer");
    assert_eq!(version(&w), v + 1, "written once");
    let other = serde_json::json!({"date": "2026-03-29", "seen": true});
    let (status, body, _) = write(&mut on_b, Some(v + 1), "visit-1", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("used for a different request"), "{body}");

    // Refused before writing (no If-Match) on A: the key is given up, and the retry runs on B.
    let (status, ..) = write(&mut on_a, None, "visit-2", &other).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, body, _) = write(&mut on_b, Some(v + 1), "visit-2", &other).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(version(&w), v + 2);

    // A server that claimed a key and died: B tells the retry to wait, then runs it once the
    // claim is two minutes old.
    let now = carefile_domain::clock::Clock::now(w.clock.as_ref());
    blocking(|| {
        let mut s = carefile_store::open(&w.db).unwrap();
        let claim = s.replay_claim("sw", "visit-3", "a request in flight", now, now, now).unwrap();
        assert_eq!(claim, carefile_store::Claim::Claimed);
    });
    let (status, body, _) = write(&mut on_b, Some(v + 2), "visit-3", &visit).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another request holds the key: {body}");
    w.clock.advance(chrono::Duration::minutes(3));
    let (status, body, _) = write(&mut on_b, Some(v + 2), "visit-3", &visit).await;
    assert_eq!(status, StatusCode::CREATED, "the abandoned claim is given up: {body}");
    assert_eq!(version(&w), v + 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_on_another_server_gets_the_first_answer_on_sqlite() {
    a_retry_on_another_server_gets_the_first_answer(common::world()).await;
}

#[test]
fn a_retry_on_another_server_gets_the_first_answer_on_postgres() {
    let Some(db) = common::postgres_db("retry_elsewhere") else { return };
    let w = common::world_in(tempfile::tempdir().unwrap(), db);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(a_retry_on_another_server_gets_the_first_answer(w));
}

/// `/readyz` is false while the index is behind the log, and true once caught up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_says_when_the_index_is_behind() {
    let w = common::world();
    // A server whose follower never wakes by itself, and allows no lag.
    let slow =
        Config { follow_poll: Duration::from_secs(3600), ready_lag: chrono::Duration::zero(), ..Config::default() };
    let (app, state) = w.another_server(slow);
    let mut probe = w.client_of(&app);
    let ready = async |probe: &mut common::Client| {
        let r = probe.get("/readyz").await;
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        (r.status, v)
    };
    eventually("the heartbeat makes the server ready", async || ready(&mut probe).await.0 == StatusCode::OK).await;
    let sw = w.state.accounts().users.get("sw").unwrap().worker.clone().unwrap();
    let team = w.state.org().staff.get(&sw).unwrap().team_on(as_of()).unwrap().clone();
    new_child(&w.db, &ChildId::new("LATE1").unwrap(), &sw, &team);
    w.clock.advance(chrono::Duration::seconds(1));
    let (status, v) = ready(&mut probe).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    let index = v["checks"].as_array().unwrap().iter().find(|c| c["name"] == "index").unwrap();
    assert_eq!(index["ok"], false);
    assert!(index["detail"].as_str().unwrap().contains("3 events behind"), "{index}");
    state.sync().await.unwrap();
    let (status, v) = ready(&mut probe).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(state.index().await.unwrap().child(&ChildId::new("LATE1").unwrap()).is_some());
}
