//! A small generated authority in a fresh SQLite file, one user per role, a
//! restricted child, and an HTTP client that calls the router in-process
//! (tower's `oneshot`), keeping the session cookie like a browser.
#![allow(dead_code)] // each test file uses part of this

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use carefile_domain::access::{AuditAction, AuditRecord, Role, UserEvent};
use carefile_domain::clock::Clock;
use carefile_domain::org::StaffRole;
use carefile_domain::{ChildId, ChildRecord, Recorded, WorkerId};
use carefile_store::AuditFilter;
use carefile_synth::{Authority, Options, Scale};
use carefile_web::{AppState, Config};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use tower::ServiceExt;

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
}

/// A clock tests move by hand.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn advance(&self, d: Duration) {
        *self.0.lock().unwrap() += d;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn authority() -> &'static Authority {
    static A: OnceLock<Authority> = OnceLock::new();
    A.get_or_init(|| carefile_synth::generate(&Options { seed: 7, scale: Scale::Small, as_of: as_of() }))
}

/// The children the matrix is about, from the point of view of the social
/// worker `sw` (staff W1 in team T1). Own/team/other/restricted are open
/// cases, none on a CP plan or looked after; `cp` is, and is in another team.
#[derive(Debug, Clone)]
pub struct Cases {
    pub own: ChildId,
    pub team: ChildId,
    pub other: ChildId,
    pub cp: ChildId,
    pub restricted: ChildId,
}

pub struct World {
    pub app: Router,
    pub state: AppState,
    pub clock: Arc<TestClock>,
    pub cases: Cases,
    /// Every child's name and date of birth, to look for in logs.
    pub records: Vec<ChildRecord>,
    /// The database (a SQLite file or a PostgreSQL URL), for more servers over it.
    pub db: String,
    _dir: tempfile::TempDir,
}

/// Test users and their roles' codes.
pub const ROLES: [(&str, &str); 6] = [
    ("sw", "social-worker"),
    ("tm", "team-manager"),
    ("iro", "reviewing-officer"),
    ("analyst", "analyst"),
    ("admin", "admin"),
    ("councillor", "councillor"),
];

/// The administrator's second factor (the shipped policy requires one of the role): its TOTP secret.
pub const ADMIN_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The recovery codes the world enrolled the administrator with.
pub fn admin_recovery_codes() -> Vec<String> {
    (0..carefile_domain::access::RECOVERY_CODES).map(|i| format!("RCVRY-CODE{i}")).collect()
}

/// The six-digit TOTP code for `secret` at `at`, as an authenticator app shows it.
pub fn totp_code(secret: &str, at: DateTime<Utc>) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).unwrap();
    let totp = totp_rs::Builder::new().with_secret(secret).build().unwrap();
    totp.generate(u64::try_from(at.timestamp()).unwrap()).to_string()
}

pub fn password(user: &str) -> String {
    format!("password-of-{user}")
}

/// The cases, the social worker, their manager, and the reviewer of `cp`.
fn pick(records: &[ChildRecord], org: &carefile_domain::org::Organisation) -> (Cases, WorkerId, WorkerId, WorkerId) {
    let d = as_of();
    let alloc = |r: &ChildRecord| r.allocation_on(d).map(|a| (a.worker.clone(), a.team.clone()));
    let plain = |r: &&ChildRecord| {
        let s = r.status_on(d);
        s.open_case && !s.cp_plan && !s.looked_after
    };
    // The social worker: one with at least two plain children and a plain
    // team-mate's child in the same team.
    for staff in org.staff.values().filter(|s| s.role == StaffRole::SocialWorker && s.in_post(d)) {
        let Some(team) = staff.team_on(d) else { continue };
        let mine: Vec<&ChildRecord> = records
            .iter()
            .filter(plain)
            .filter(|r| alloc(r).is_some_and(|(w, t)| w.as_ref() == Some(&staff.id) && t.as_ref() == Some(team)))
            .collect();
        let mate = records.iter().filter(plain).find(|r| {
            alloc(r).is_some_and(|(w, t)| w.is_some() && w.as_ref() != Some(&staff.id) && t.as_ref() == Some(team))
        });
        // With no reviewer: a chair keeps a child after its plan ends (decision 001), and the
        // matrix wants another team's child in no one's reviewing scope.
        let other = records
            .iter()
            .filter(plain)
            .filter(|r| r.reviewers.is_empty())
            .find(|r| alloc(r).is_some_and(|(w, t)| w.is_some() && t.is_some() && t.as_ref() != Some(team)));
        let cp = records
            .iter()
            .filter(|r| r.status_on(d).cp_plan || r.status_on(d).looked_after)
            // Reviewed by someone still in post: a leaver's account is disabled when the server starts.
            .filter(|r| r.reviewers_on(d).first().and_then(|rv| org.staff.get(&rv.worker)).is_some_and(|s| s.in_post(d)))
            .find(|r| alloc(r).is_some_and(|(w, t)| w.is_some() && t.is_some() && t.as_ref() != Some(team)));
        let manager = org.staff.values().find(|s| s.id != staff.id && s.in_post(d) && s.team_on(d) == Some(team));
        if let ([own, restricted, ..], Some(mate), Some(other), Some(cp), Some(manager)) =
            (mine.as_slice(), mate, other, cp, manager)
        {
            let cases = Cases {
                own: own.id.clone(),
                team: mate.id.clone(),
                other: other.id.clone(),
                cp: cp.id.clone(),
                restricted: restricted.id.clone(),
            };
            let reviewer = cp.reviewers_on(d)[0].worker.clone();
            return (cases, staff.id.clone(), manager.id.clone(), reviewer);
        }
    }
    panic!("the generated authority has no social worker fit for the matrix");
}

pub fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db").to_str().unwrap().to_string();
    world_in(dir, db)
}

/// A new PostgreSQL schema on the test server (`CAREFILE_TEST_PG_URL`), or
/// `None` when there is none (a failure under CI).
pub fn postgres_db(test: &str) -> Option<String> {
    let Ok(base) = std::env::var("CAREFILE_TEST_PG_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but CAREFILE_TEST_PG_URL is not");
        eprintln!("skipped {test} on PostgreSQL: CAREFILE_TEST_PG_URL is not set");
        return None;
    };
    let name = format!(
        "w_{}_{}",
        test.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id()
    );
    Some(carefile_store::PostgresStore::schema_url(&base, &name).unwrap())
}

/// The world over the database `db` (empty), `dir` holding anything beside it.
pub fn world_in(dir: tempfile::TempDir, db: String) -> World {
    let a = authority();
    let mut store = carefile_store::open(&db).unwrap();
    let mut children = a.children.iter().map(|c| (c.id.clone(), c.events.clone()));
    store.bulk_load(&a.org, &mut children, &mut |_| {}).unwrap();
    let records = store.children().unwrap();
    let (cases, sw, tm, iro) = pick(&records, &store.organisation().unwrap());
    let at = as_of().and_hms_opt(9, 0, 0).unwrap().and_utc();
    let recorded = Recorded::new(at, "test", None);
    let mut events: Vec<_> = ROLES
        .iter()
        .map(|(name, role)| UserEvent::UserAdded {
            username: name.to_string(),
            role: Role::new(role).unwrap(),
            worker: match *role {
                "social-worker" => Some(sw.clone()),
                "team-manager" => Some(tm.clone()),
                "reviewing-officer" => Some(iro.clone()),
                _ => None,
            },
            password_hash: carefile_web::auth::password::hash(&password(name)).unwrap(),
        })
        .collect();
    events.push(UserEvent::RecordRestricted { child: cases.restricted.clone(), reason: "staff relative".into() });
    let recovery = admin_recovery_codes().into_iter().map(|c| {
        let plain: String = c.chars().filter(char::is_ascii_alphanumeric).collect();
        carefile_domain::access::sha256_hex(&plain)
    });
    events.push(UserEvent::SecondFactorEnrolled { username: "admin".into(), secret: ADMIN_TOTP.into(), recovery: recovery.collect() });
    let events: Vec<_> = events.into_iter().map(|e| (recorded.clone(), e)).collect();
    store.append_users(&events).unwrap();
    let clock = Arc::new(TestClock(Mutex::new(at)));
    let config = Config { as_of: Some(as_of()), ..Config::default() };
    let state = AppState::open(store, clock.clone(), config).unwrap();
    World { app: carefile_web::router(state.clone()), state, clock, cases, records, db, _dir: dir }
}

impl World {
    /// Another server over the same database, on the same clock.
    pub fn another_server(&self, config: Config) -> (Router, AppState) {
        let store = carefile_store::open(&self.db).unwrap();
        let state = AppState::open(store, self.clock.clone(), Config { as_of: Some(as_of()), ..config }).unwrap();
        (carefile_web::router(state.clone()), state)
    }

    /// A client of another server (its router).
    pub fn client_of(&self, app: &Router) -> Client {
        Client { app: app.clone(), cookie: None, signin: None, device: None, pending: None, oidc: None, csrf: String::new(), addr: None }
    }

    pub fn client(&self) -> Client {
        Client { app: self.app.clone(), cookie: None, signin: None, device: None, pending: None, oidc: None, csrf: String::new(), addr: None }
    }

    /// A client signed in through the API as `user` (the administrator with a
    /// TOTP code, half a minute later each time: a code is accepted once).
    pub async fn signed_in(&self, user: &str) -> Client {
        let mut c = self.client();
        let mut body = serde_json::json!({"username": user, "password": password(user)});
        if user == "admin" {
            self.clock.advance(Duration::seconds(30));
            body["code"] = totp_code(ADMIN_TOTP, self.clock.now()).into();
        }
        let r = c.post_json("/api/v1/session", &body).await;
        assert_eq!(r.status, StatusCode::OK, "sign in as {user}: {}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        c.csrf = v["csrf_token"].as_str().unwrap().to_string();
        c
    }

    pub async fn audit(&self, filter: AuditFilter) -> Vec<AuditRecord> {
        self.state.with_store(move |s| s.audit_log(&filter)).await.unwrap()
    }

    pub async fn audit_count(&self, user: &str, child: &ChildId, action: AuditAction) -> usize {
        let f = AuditFilter {
            user: Some(user.into()),
            child: Some(child.clone()),
            action: Some(action),
            ..AuditFilter::default()
        };
        self.audit(f).await.len()
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Response {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    pub fn set_cookie(&self) -> Option<String> {
        self.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).map(str::to_string)
    }
}

/// Keeps the session cookie (and the sign-in form's nonce, and the device cookie) as a browser would.
#[derive(Clone)]
pub struct Client {
    app: Router,
    pub cookie: Option<String>,
    /// The sign-in form's nonce cookie.
    pub signin: Option<String>,
    /// The device cookie a successful sign-in leaves.
    pub device: Option<String>,
    /// The second sign-in step's cookie.
    pub pending: Option<String>,
    /// The single sign-on round trip's cookie.
    pub oidc: Option<String>,
    pub csrf: String,
    /// The client address the server sees (connection info), if any.
    pub addr: Option<SocketAddr>,
}

impl Client {
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        headers: &[(&str, &str)],
        body: String,
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        let jar: Vec<String> =
            [
                ("carefile_session", &self.cookie),
                ("carefile_signin", &self.signin),
                ("carefile_device", &self.device),
                ("carefile_pending", &self.pending),
                ("carefile_oidc", &self.oidc),
            ]
            .into_iter()
            .filter_map(|(name, v)| v.as_ref().map(|v| format!("{name}={v}")))
            .collect();
        if !jar.is_empty() {
            req = req.header(header::COOKIE, jar.join("; "));
        }
        if let Some(t) = content_type {
            req = req.header(header::CONTENT_TYPE, t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        if let Some(a) = self.addr {
            req.extensions_mut().insert(ConnectInfo(a));
        }
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
        let r = Response { status, headers, body };
        for c in r.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()) {
            let (name, value) = c.split(';').next().unwrap().split_once('=').unwrap();
            let value = (!value.is_empty()).then(|| value.to_string());
            match name {
                "carefile_session" => self.cookie = value,
                "carefile_signin" => self.signin = value,
                "carefile_device" => self.device = value,
                "carefile_pending" => self.pending = value,
                "carefile_oidc" => self.oidc = value,
                _ => {}
            }
        }
        r
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, None, &[], String::new()).await
    }

    pub async fn post_form(&mut self, path: &str, pairs: &[(&str, &str)]) -> Response {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        self.send(Method::POST, path, Some("application/x-www-form-urlencoded"), &[], body).await
    }

    pub async fn post_json(&mut self, path: &str, v: &serde_json::Value) -> Response {
        self.send(Method::POST, path, Some("application/json"), &[], v.to_string()).await
    }

    /// Signs in through the sign-in page, as a browser does.
    pub async fn page_sign_in(&mut self, user: &str, pass: &str) -> Response {
        let form = self.get("/signin").await;
        let token = hidden_csrf(&form.body);
        self.post_form("/signin", &[("csrf", &token), ("username", user), ("password", pass)]).await
    }
}

/// The CSRF token of the first form on a page.
pub fn hidden_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form with a CSRF field") + 19;
    let len = html[at..].find('"').expect("a closed attribute");
    html[at..at + len].to_string()
}
