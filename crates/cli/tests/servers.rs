//! Two `carefile serve` processes over one PostgreSQL database, on loopback,
//! as an authority runs them behind a load balancer: a session made on one is
//! good on the other; one is killed with SIGKILL while a user saves through it,
//! and every save it acknowledged is in the database; the other server goes
//! on, and `check` is clean. Backups of either backend restore exactly on
//! both. (What a write through one shows on the other's caseload and due
//! list: crates/web/tests/servers.rs, on both backends.)

mod support;
use support::ok;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process, killed when dropped; its log is shown when the test fails.
struct Server {
    process: Child,
    addr: String,
    log: tempfile::NamedTempFile,
}

/// A free port on loopback: bound by the system, then let go for a server to take.
fn free_addr() -> String {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string()
}

impl Server {
    fn start(db: &str) -> Server {
        Server::start_with(db, &[], &[])
    }

    /// A server with more arguments and environment (a replica, a metrics listener).
    fn start_with(db: &str, args: &[&str], env: &[(&str, &str)]) -> Server {
        let addr = free_addr();
        let log = tempfile::NamedTempFile::new().unwrap();
        let process = Command::new(env!("CARGO_BIN_EXE_carefile"))
            .args(["serve", "--db", db, "--addr", &addr, "--as-of", "2026-03-31", "--insecure-cookies"])
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap();
        let mut s = Server { process, addr, log };
        let started = Instant::now();
        while s.request("GET", "/readyz", &[], "").map(|r| r.status) != Some(200) {
            assert!(s.process.try_wait().unwrap().is_none(), "the server on {} stopped", s.addr);
            assert!(started.elapsed() < Duration::from_secs(120), "the server on {} not ready in 120 s", s.addr);
            std::thread::sleep(Duration::from_millis(100));
        }
        s
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Answer> {
        request(&self.addr, method, path, headers, body)
    }
}

/// One HTTP/1.0 request to `addr` (so the answer is never chunked); `None` when nobody answers.
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Answer> {
    let mut c = TcpStream::connect(addr).ok()?;
    c.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    c.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let cookies = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
        .collect();
    Some(Answer { status, cookies, body: body.to_string() })
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
            eprintln!("the log of the server on {}:\n{log}", self.addr);
        }
    }
}

struct Answer {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

/// A signed-in user: the session cookie and the CSRF token, good on any server.
struct Session {
    cookie: String,
    csrf: String,
}

fn sign_in(s: &Server, user: &str, password: &str) -> Session {
    let body = format!(r#"{{"username":"{user}","password":"{password}"}}"#);
    let r = s.request("POST", "/api/v1/session", &[("Content-Type", "application/json")], &body).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let cookie = r.cookies.iter().find(|c| c.starts_with("carefile_session=")).unwrap().clone();
    Session { cookie, csrf: v["csrf_token"].as_str().unwrap().to_string() }
}

fn form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// Saves draft `n` through `s`; whether the server acknowledged it.
fn save(s: &Server, who: &Session, n: u32) -> bool {
    let key = format!("/drafts/kill-{n}");
    let body = form(&[("csrf", &who.csrf), ("draft_key", &key), ("draft_title", "Visit"), ("text", "typed")]);
    let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", &who.cookie)];
    s.request("POST", "/drafts", &headers, &body).is_some_and(|r| (200..400).contains(&r.status))
}

/// The test cluster's URL (`CAREFILE_TEST_PG_URL`), or `None` when there is none (a failure under CI).
fn test_cluster() -> Option<String> {
    let Ok(base) = std::env::var("CAREFILE_TEST_PG_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but CAREFILE_TEST_PG_URL is not");
        eprintln!("skipped: CAREFILE_TEST_PG_URL is not set");
        return None;
    };
    Some(base)
}

/// A schema of the cluster `base` for the test whose folder is `dir`: its URL.
fn schema_of(dir: &std::path::Path, base: &str, prefix: &str) -> String {
    let tag: String = dir.file_name().unwrap().to_string_lossy().chars().filter(char::is_ascii_alphanumeric).collect();
    carefile_store::PostgresStore::schema_url(base, &format!("{prefix}_{}", tag.to_lowercase())).unwrap()
}

/// The small demo restored into a schema of its own on the cluster `base`: its URL and the
/// demo social worker's password.
fn demo_on_postgres(dir: &std::path::Path, base: &str) -> (String, String) {
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let demo = ok(&["demo", "--db", &p("demo.db"), "--scale", "small"]);
    let password = demo
        .lines()
        .find_map(|l| l.trim().strip_prefix("demo-social-worker "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    let db = schema_of(dir, base, "cli_servers");
    ok(&["backup", "--db", &p("demo.db"), "--format", "events", "--out", &p("demo.jsonl")]);
    ok(&["restore", "--db", &db, &p("demo.jsonl")]);
    (db, password)
}

/// Backups restore exactly on both backends: the PostgreSQL database restored from the small
/// demo's event backup (`demo_on_postgres`), its own event backup restored into SQLite, and the
/// demo's SQLite file copied by `backup` and restored, all give the demo's `events` export, users
/// and audit included.
fn backups_restore_exactly_on_both_backends(dir: &std::path::Path, postgres: &str) {
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let events = |db: &str| ok(&["events", "--db", db, "--include", "users,audit"]);
    let demo = events(&p("demo.db"));
    assert!(demo.lines().count() > 1000, "the small demo has thousands of events");
    assert!(events(postgres) == demo, "PostgreSQL restored from the demo's event backup differs");
    ok(&["backup", "--db", postgres, "--out", &p("postgres.jsonl")]);
    ok(&["restore", "--db", &p("from-postgres.db"), &p("postgres.jsonl")]);
    assert!(events(&p("from-postgres.db")) == demo, "SQLite restored from PostgreSQL's backup differs");
    ok(&["backup", "--db", &p("demo.db"), "--out", &p("copy.db")]);
    ok(&["restore", "--db", &p("from-copy.db"), &p("copy.db")]);
    assert!(events(&p("from-copy.db")) == demo, "SQLite restored from the file's copy differs");
}

#[test]
fn two_server_processes_share_sessions_and_a_killed_one_loses_nothing_acknowledged() {
    let Some(base) = test_cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (db, password) = demo_on_postgres(dir.path(), &base);
    backups_restore_exactly_on_both_backends(dir.path(), &db);

    let a = Server::start(&db);
    let b = Server::start(&db);
    let sw = sign_in(&a, "demo-social-worker", &password);
    // The session made on one server is good on the other.
    let caseload = b.request("GET", "/api/v1/caseload", &[("Cookie", &sw.cookie)], "").unwrap();
    assert_eq!(caseload.status, 200, "{}", caseload.body);

    // Saves through a, which is killed with SIGKILL while they go on.
    let mut a = a;
    let killer = {
        let pid = a.process.id();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        })
    };
    let (mut acknowledged, mut n) = (Vec::new(), 0);
    while n < 100_000 {
        n += 1;
        if save(&a, &sw, n) {
            acknowledged.push(n);
        } else if a.process.try_wait().unwrap().is_some() {
            break;
        }
    }
    killer.join().unwrap();
    assert!(a.process.try_wait().unwrap().is_some(), "the server was killed");
    assert!(acknowledged.len() > 5, "saves were acknowledged before the kill ({})", acknowledged.len());

    // Every acknowledged save is in the database; the other server goes on with the same session.
    let store = carefile_store::open_read_only(&db).unwrap();
    let saved: Vec<String> = store.drafts_of("demo-social-worker").unwrap().into_iter().map(|d| d.key).collect();
    for k in &acknowledged {
        assert!(saved.contains(&format!("/drafts/kill-{k}")), "acknowledged save {k} lost");
    }
    assert!(save(&b, &sw, n + 1), "the other server takes the user's next save");
    let check = ok(&["check", "--db", &db]);
    assert!(check.ends_with(" 0 inconsistencies\n"), "{check}");
}

/// A hot standby of the test cluster made as an operator would: `pg_basebackup -R -X stream`,
/// started on loopback on a port of its own. Stopped when dropped.
struct Standby {
    bin: std::path::PathBuf,
    data: std::path::PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

/// PostgreSQL's programs (Debian's newest `/usr/lib/postgresql/N/bin`), where installed.
fn pg_bin() -> Option<std::path::PathBuf> {
    let mut found: Vec<(u32, std::path::PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, std::path::PathBuf)| bin.join("pg_basebackup").exists())
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// A PostgreSQL program, run as `postgres` when the test runs as root (the server refuses root).
fn pg(bin: &std::path::Path, program: &str) -> Command {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(program));
        c
    } else {
        Command::new(bin.join(program))
    }
}

fn run(mut c: Command, what: &str) -> String {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Standby {
    /// A standby of the cluster at `host:port`.
    fn start(bin: &std::path::Path, host: &str, port: &str) -> Standby {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o777)).unwrap();
        let data = dir.path().join("data");
        let mut c = pg(bin, "psql");
        c.args(["-h", host, "-p", port, "-U", "postgres", "-d", "postgres", "-Atc", "SHOW max_connections"]);
        // A hot standby must allow at least the primary's connections.
        let connections = run(c, "psql").trim().to_string();
        let mut c = pg(bin, "pg_basebackup");
        c.args([
            "-h",
            host,
            "-p",
            port,
            "-U",
            "postgres",
            "-w",
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
            "--no-sync",
        ]);
        c.arg("-D").arg(&data);
        run(c, "pg_basebackup");
        let standby_port: u16 = free_addr().rsplit_once(':').unwrap().1.parse().unwrap();
        // Its own settings, kept for a restart (pg_basebackup -R wrote the primary's address there).
        let settings = format!(
            "port = {standby_port}\nunix_socket_directories = '{}'\nlisten_addresses = '127.0.0.1'\n\
             max_connections = {connections}\nhot_standby = on\nlogging_collector = off\n",
            dir.path().display()
        );
        let mut auto = std::fs::OpenOptions::new().append(true).open(data.join("postgresql.auto.conf")).unwrap();
        std::io::Write::write_all(&mut auto, settings.as_bytes()).unwrap();
        let standby = Standby { bin: bin.to_path_buf(), data, port: standby_port, _dir: dir };
        let mut c = pg(bin, "pg_ctl");
        c.arg("-D").arg(&standby.data).arg("-l").arg(standby._dir.path().join("standby.log"));
        c.args(["-w", "-t", "120", "start"]);
        run(c, "pg_ctl start (the standby)");
        standby
    }

    fn stop(&self) {
        let mut c = pg(&self.bin, "pg_ctl");
        c.arg("-D").arg(&self.data).args(["-m", "immediate", "-w", "stop"]);
        let _ = c.output();
    }

    /// Starts it again after [`Standby::stop`], with the settings it had.
    fn restart(&self) {
        let mut c = pg(&self.bin, "pg_ctl");
        // Its output to a log: the server would hold a pipe open, and reading it never end.
        c.arg("-D").arg(&self.data).arg("-l").arg(self._dir.path().join("standby.log"));
        c.args(["-w", "-t", "120", "start"]);
        run(c, "pg_ctl start (the standby, again)");
    }
}

impl Drop for Standby {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The value of the metric sample named exactly `name` (with its labels) in Prometheus text.
fn sample(metrics: &str, name: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

#[test]
fn a_streaming_replica_made_with_pg_basebackup_serves_reads() {
    let Some(base) = test_cluster() else { return };
    let Some(bin) = pg_bin() else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but PostgreSQL's programs are not installed");
        eprintln!("skipped: PostgreSQL's programs (pg_basebackup, pg_ctl) are not installed in /usr/lib/postgresql");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (db, password) = demo_on_postgres(dir.path(), &base);
    let authority = base.split_once('@').map_or(&base[..], |(_, a)| a).split('/').next().unwrap();
    let (host, port) = authority.rsplit_once(':').unwrap();
    let standby = Standby::start(&bin, host, port);
    let replica = db.replacen(&format!("{host}:{port}/"), &format!("{host}:{}/", standby.port), 1);
    assert_ne!(replica, db);

    let metrics_addr = free_addr();
    let server = Server::start_with(
        &db,
        &["--metrics-addr", &metrics_addr],
        &[("CAREFILE_DATABASE_REPLICA_URL", replica.as_str())],
    );
    let metrics = || request(&metrics_addr, "GET", "/metrics", &[], "").map(|r| r.body).unwrap_or_default();
    let sw = sign_in(&server, "demo-social-worker", &password);
    let cookie = [("Cookie", sw.cookie.as_str())];
    let caseload = server.request("GET", "/api/v1/caseload", &cookie, "").unwrap();
    assert_eq!(caseload.status, 200, "{}", caseload.body);
    let children: serde_json::Value = serde_json::from_str(&caseload.body).unwrap();
    let child = children[0]["id"].as_str().unwrap().to_string();
    let read = |path: &str| {
        let r = server.request("GET", path, &cookie, "").unwrap();
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r
    };

    // Whether a read of the child's page went to the replica: the scrape after it counts one
    // more successful replica operation than its own (the lag it reads) and no failure.
    let replica_reads = r#"carefile_store_operation_duration_seconds_count{operation="replica"}"#;
    let failures = |m: &str| -> f64 {
        let failed = |l: &&str| {
            l.starts_with("carefile_store_errors_total{") && l.contains(r#"operation="replica""#)
                || l.starts_with("carefile_replica_fallbacks_total{")
        };
        m.lines().filter(failed).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum()
    };
    let read_on_replica = || {
        let m = metrics();
        read(&format!("/api/v1/children/{child}"));
        let n = metrics();
        let reads = |m: &str| sample(m, replica_reads).unwrap_or(0.0);
        reads(&n) >= reads(&m) + 2.0 && failures(&n) == failures(&m)
    };
    let until_on_replica = |what: &str| {
        let started = Instant::now();
        while !read_on_replica() {
            assert!(started.elapsed() < Duration::from_secs(60), "{what} in 60 s: {}", metrics());
            std::thread::sleep(Duration::from_millis(200));
        }
    };

    // Reads go to the replica once it has replayed what the server's index holds.
    until_on_replica("no read reached the replica");

    // A write goes to the primary, and its writer reads it back at once (from the primary until
    // the replica has replayed it); the replica then catches up and serves reads again.
    let before = read(&format!("/api/v1/children/{child}"));
    let version: serde_json::Value = serde_json::from_str(&before.body).unwrap();
    let version = version["version"].as_u64().unwrap();
    let visit = r#"{"date": "2026-03-30", "seen": true}"#;
    let m = format!("\"{version}\"");
    let headers = [
        ("Cookie", sw.cookie.as_str()),
        ("X-CSRF-Token", &sw.csrf),
        ("If-Match", &m),
        ("Content-Type", "application/json"),
    ];
    let written = server.request("POST", &format!("/api/v1/children/{child}/entries/visit"), &headers, visit).unwrap();
    assert_eq!(written.status, 201, "{}", written.body);
    let after: serde_json::Value = serde_json::from_str(&read(&format!("/api/v1/children/{child}")).body).unwrap();
    assert_eq!(after["version"].as_u64(), Some(version + 1), "the writer sees their write");
    until_on_replica("the replica did not catch up");
    assert_eq!(sample(&metrics(), "carefile_replica_lag_events"), Some(0.0));
    let replica_store = carefile_store::open_read_only(&replica).unwrap();
    let (_, on_replica) = replica_store.child(&carefile_domain::ChildId::new(&child).unwrap()).unwrap().unwrap();
    assert_eq!(on_replica, version + 1, "the replica holds the write");
    drop(replica_store);

    // The replica gone, reads go to the primary: the read it failed is read again there and
    // counted; the server stays ready (a replica's failure is no outage of the database).
    let fallbacks = |m: &str| -> f64 {
        let counted = |l: &&str| l.starts_with("carefile_replica_fallbacks_total{");
        m.lines().filter(counted).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum()
    };
    assert_eq!(failures(&metrics()), 0.0, "no read failed on the replica while it was up: {}", metrics());
    standby.stop();
    let after: serde_json::Value = serde_json::from_str(&read(&format!("/api/v1/children/{child}")).body).unwrap();
    assert_eq!(after["version"].as_u64(), Some(version + 1));
    assert_eq!(read("/api/v1/caseload").status, 200);
    assert!(fallbacks(&metrics()) >= 1.0, "the failed replica read is counted: {}", metrics());
    assert_eq!(server.request("GET", "/readyz", &[], "").unwrap().status, 200);

    // The standby back, the server opens its connections again and reads go there once more.
    standby.restart();
    until_on_replica("reads did not return to the replica");
}

/// A PostgreSQL password in the database's URL (or the replica's) is never printed: not by
/// `serve` (its start-up line, its log, its metrics), nor by any command's output or error,
/// whether the database answers or not (the test cluster trusts loopback, so any password is
/// accepted).
#[test]
fn a_password_in_a_database_url_is_never_printed() {
    let Some(base) = test_cluster() else { return };
    const SECRET: &str = "Pa55-never-shown";
    // The cluster's URL with a user and no password: the password goes before its '@'.
    let Some(at) = base.find('@').filter(|&at| !base[..at].rsplit('/').next().unwrap().contains(':')) else {
        eprintln!("skipped: CAREFILE_TEST_PG_URL has no user or a password of its own");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let schema = schema_of(dir.path(), &base, "cli_secret");
    let db = format!("{}:{SECRET}{}", &schema[..at], &schema[at..]);
    let unreachable = format!("postgres://carefile:{SECRET}@127.0.0.1:1/carefile");

    // Everything a command printed; `succeeds` says whether it should have.
    let printed = |args: &[&str], env: &[(&str, &str)], succeeds: bool| {
        let out = Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).envs(env.iter().copied()).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.success(), succeeds, "carefile {args:?}: {text}");
        assert!(!text.contains(SECRET), "carefile {args:?} printed the password: {text}");
        text
    };
    printed(&["migrate", "--db", &db], &[], true);
    printed(&["user", "add", "--db", &db, "--role", "admin", "pat"], &[], true);
    printed(&["stats", "--db", &db, "--as-of", "2026-03-31"], &[], true);
    printed(&["check", "--db", &db], &[], true);
    printed(&["maintenance", "--db", &db, "status"], &[], true);
    printed(&["backup", "--db", &db, "--out", &p("b.jsonl")], &[], true);
    let refused = printed(&["restore", "--db", &db, &p("b.jsonl")], &[], false);
    assert!(refused.contains("postgres:***@"), "the database is named, its password hidden: {refused}");
    printed(&["stats", "--as-of", "2026-03-31"], &[("CAREFILE_DATABASE_URL", &db)], true);
    printed(&["stats", "--help"], &[("CAREFILE_DATABASE_URL", &db)], true);
    for command in ["stats", "check", "events"] {
        let err = printed(&[command, "--db", &unreachable], &[], false);
        assert!(err.contains("carefile:***@127.0.0.1:1"), "the database is named: {err}");
    }
    printed(&["serve", "--db", &unreachable, "--addr", &free_addr()], &[], false);

    // A server on the database, its replica unreachable: the start-up line, and the log after a
    // metrics scrape has tried the replica (for its lag).
    let metrics = free_addr();
    let server = Server::start_with(
        &db,
        &["--metrics-addr", &metrics],
        &[("CAREFILE_DATABASE_REPLICA_URL", unreachable.as_str())],
    );
    let scrape = request(&metrics, "GET", "/metrics", &[], "").unwrap();
    assert_eq!(scrape.status, 200);
    assert!(!scrape.body.contains(SECRET));
    let log = std::fs::read_to_string(server.log.path()).unwrap();
    assert!(log.contains("carefile: serving postgres://postgres:***@"), "{log}");
    assert!(!log.contains(SECRET), "serve printed the password: {log}");
}
