//! Two `carefile serve` processes over one PostgreSQL database, on loopback,
//! as an authority runs them behind a load balancer: a session made on one is
//! good on the other; one is killed with SIGKILL while a user saves through it,
//! and every save it acknowledged is in the database; the other server goes
//! on, and `check` is clean. (What a write through one shows on the other's
//! caseload and due list: crates/web/tests/servers.rs, on both backends.)

mod support;
use support::ok;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process, killed when dropped.
struct Server {
    process: Child,
    addr: String,
}

impl Server {
    fn start(db: &str) -> Server {
        // A free port: bound by the system, then let go for the server to take.
        let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
        let process = Command::new(env!("CARGO_BIN_EXE_carefile"))
            .args(["serve", "--db", db, "--addr", &addr, "--as-of", "2026-03-31", "--insecure-cookies"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut s = Server { process, addr };
        let started = Instant::now();
        while s.request("GET", "/readyz", &[], "").map(|r| r.status) != Some(200) {
            assert!(s.process.try_wait().unwrap().is_none(), "the server on {} stopped", s.addr);
            assert!(started.elapsed() < Duration::from_secs(120), "the server on {} not ready in 120 s", s.addr);
            std::thread::sleep(Duration::from_millis(100));
        }
        s
    }

    /// One HTTP/1.0 request (so the answer is never chunked); `None` when nobody answers.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Answer> {
        let mut c = TcpStream::connect(&self.addr).ok()?;
        c.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
        let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Length: {}\r\n", self.addr, body.len());
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
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

#[test]
fn two_server_processes_share_sessions_and_a_killed_one_loses_nothing_acknowledged() {
    let Ok(base) = std::env::var("CAREFILE_TEST_PG_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but CAREFILE_TEST_PG_URL is not");
        eprintln!("skipped: CAREFILE_TEST_PG_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let demo = ok(&["demo", "--db", &p("demo.db"), "--scale", "small"]);
    let password = demo
        .lines()
        .find_map(|l| l.trim().strip_prefix("demo-social-worker "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    let tag: String =
        dir.path().file_name().unwrap().to_string_lossy().chars().filter(char::is_ascii_alphanumeric).collect();
    let db = carefile_store::PostgresStore::schema_url(&base, &format!("cli_servers_{}", tag.to_lowercase())).unwrap();
    ok(&["backup", "--db", &p("demo.db"), "--format", "events", "--out", &p("demo.jsonl")]);
    ok(&["restore", "--db", &db, &p("demo.jsonl")]);

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
