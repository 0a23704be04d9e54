//! `carefile demo`'s users, `carefile user add`, and `carefile serve` on a
//! real loopback listener signing a demo user in.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn carefile(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carefile"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    assert!(!o.status.success(), "should have failed: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One HTTP/1.1 request on a fresh connection; returns the status line and body.
fn http(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn demo_users_sign_in_and_user_add_checks_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").to_str().unwrap().to_string();
    let out = stdout(&carefile(&["demo", "--db", &db, "--scale", "small"], None));
    let users: Vec<(&str, &str)> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("demo-"))
        .map(|l| {
            let mut f = l.split_whitespace();
            (f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    let names: Vec<_> = users.iter().map(|u| u.0).collect();
    // One per role of the default access policy.
    let policy = carefile_domain::access::Policy::default();
    let want: Vec<String> = policy.roles.keys().map(|r| format!("demo-{r}")).collect();
    assert_eq!(names, want);
    assert!(users.iter().all(|(_, p)| p.len() == 20));
    assert!(out.contains("Restricted record: C"), "{out}");

    // Passwords never reach the log: only their argon2 hashes.
    let events = stdout(&carefile(&["events", "--db", &db, "--include", "users"], None));
    assert!(events.contains("\"user_added\"") && events.contains("$argon2id$"));
    assert!(users.iter().all(|(_, p)| !events.contains(p)));

    let added = stdout(&carefile(&["user", "add", "--db", &db, "--role", "analyst", "ana"], None));
    assert!(added.contains("Password (shown once): "), "{added}");
    let piped = carefile(&["user", "add", "--db", &db, "--role", "admin", "--password-stdin", "root2"], Some("a-long-enough-password\n"));
    assert!(!stdout(&piped).contains("Password"));
    assert!(stderr(&carefile(&["user", "add", "--db", &db, "--role", "admin", "ana"], None)).contains("already exists"));
    assert!(stderr(&carefile(&["user", "add", "--db", &db, "--role", "director", "x"], None)).contains("unknown role 'director'"));
    assert!(stderr(&carefile(&["user", "add", "--db", &db, "--role", "social-worker", "--worker", "NOBODY", "x"], None))
        .contains("no member of staff 'NOBODY'"));
    let short = carefile(&["user", "add", "--db", &db, "--role", "admin", "--password-stdin", "x"], Some("short\n"));
    assert!(stderr(&short).contains("too short"));

    // An operator's way back in when no administrator can: a second factor removed, an account enabled.
    assert!(stderr(&carefile(&["user", "remove-second-factor", "--db", &db, "root2"], None)).contains("has no second factor"));
    assert!(stderr(&carefile(&["user", "enable", "--db", &db, "root2"], None)).contains("is not disabled"));
    {
        use carefile_domain::access::{RECOVERY_CODES, UserEvent, sha256_hex};
        let mut store = carefile_store::open(&db).unwrap();
        let at = chrono::DateTime::from_timestamp(1_774_947_600, 0).unwrap();
        let recovery = (0..RECOVERY_CODES).map(|i| sha256_hex(&i.to_string())).collect();
        let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string();
        let events = [
            UserEvent::SecondFactorEnrolled { username: "root2".into(), secret, recovery },
            UserEvent::UserDisabled { username: "root2".into() },
        ];
        store.append_users(&events.map(|e| (carefile_domain::Recorded::new(at, "test", None), e))).unwrap();
    }
    assert!(stdout(&carefile(&["user", "remove-second-factor", "--db", &db, "root2"], None)).contains("Removed the second factor of root2."));
    assert!(stdout(&carefile(&["user", "enable", "--db", &db, "root2"], None)).contains("Enabled root2."));
    let root2 = carefile_store::open(&db).unwrap().accounts().unwrap().users["root2"].clone();
    assert!(root2.second_factor.is_none() && !root2.disabled);
    assert!(stderr(&carefile(&["serve", "--db", &db, "--addr", "0.0.0.0:0", "--insecure-cookies"], None)).contains("loopback"));

    // Serve on a free loopback port and sign the demo social worker in.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_carefile"))
            .args(["serve", "--db", &db, "--addr", &addr, "--as-of", "2026-03-31", "--insecure-cookies"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while TcpStream::connect(&addr).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let health = http(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(health.starts_with("HTTP/1.1 200") && health.ends_with("ok"), "{health}");
    let sign_in = |body: &str| {
        let request = format!("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        http(port, &request)
    };
    // The administrator's role needs a second factor, set up in the browser first: the password alone is refused.
    let (admin, admin_password) = *users.iter().find(|(u, _)| *u == "demo-admin").unwrap();
    let alone = sign_in(&format!("{{\"username\":\"{admin}\",\"password\":\"{admin_password}\"}}"));
    assert!(alone.starts_with("HTTP/1.1 403") && alone.contains("second factor"), "{alone}");
    let (user, password) = *users.iter().find(|(u, _)| *u == "demo-social-worker").unwrap();
    let body = format!("{{\"username\":\"{user}\",\"password\":\"{password}\"}}");
    let signed = sign_in(&body);
    assert!(signed.starts_with("HTTP/1.1 200"), "{signed}");
    assert!(signed.contains("set-cookie: carefile_session=") && !signed.contains("Secure"), "{signed}");
    let wrong = body.replace(password, "not-the-password");
    let refused = sign_in(&wrong);
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    drop(server);
}
