//! `carefile dfe-api send` killed half way through a run, against a receiving server on loopback
//! that checks every request with the DfE's OpenAPI document (the dfe-api crate's test server): the
//! next run resumes, the server ends holding exactly what the record says, the requests accepted
//! before the kill are not sent again, and at most the request in flight goes twice (which the API
//! replaces by ID).

#[allow(dead_code)]
#[path = "../../dfe-api/tests/support/server.rs"]
mod server;
#[allow(dead_code)]
#[path = "../../dfe-api/tests/support/mod.rs"]
mod support;

use carefile_dfe_api::{SchemaVersion, payloads};
use server::{Inject, Server, normalised};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn send(db: &str, s: &Server) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carefile"));
    c.args(["dfe-api", "send", "--db", db, "--as", "demo-analyst", "--as-of", "2026-03-31"])
        .args(["--base-url", &s.base_url, "--token-url", &s.token_url, "--client-id", server::CLIENT_ID])
        .args(["--scope", "api://dfe-csc/.default", "--backoff-ms", "10"])
        .env("CAREFILE_DFE_CLIENT_SECRET", server::CLIENT_SECRET)
        .env("CAREFILE_DFE_SUPPLIER_KEY", server::SUPPLIER_KEY);
    c
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool, context: impl Fn() -> String) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(120), "waited two minutes for {what}: {}", context());
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_sender_killed_mid_run_resumes_and_the_dfe_ends_holding_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").to_str().unwrap().to_string();
    let made = Command::new(env!("CARGO_BIN_EXE_carefile")).args(["demo", "--db", &db, "--scale", "small", "--seed", "3"]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let s = Server::start(&support::openapi("1.0.1"));

    // Two requests answered at once; the third held long enough for the sender to be killed with it in flight.
    s.inject([Inject::Slow(Duration::ZERO), Inject::Slow(Duration::ZERO), Inject::Slow(Duration::from_secs(3))]);
    let log = dir.path().join("first.log");
    let mut first = send(&db, &s).stdout(Stdio::null()).stderr(std::fs::File::create(&log).unwrap()).spawn().unwrap();
    wait_for("the third request", || {
        let ended = first.try_wait().unwrap();
        assert!(ended.is_none(), "the sender ended before the third request: {}", std::fs::read_to_string(&log).unwrap());
        s.state.lock().unwrap().script.is_empty()
    }, || format!("{:?} {}", s.seen(), std::fs::read_to_string(&log).unwrap()));
    first.kill().unwrap();
    first.wait().unwrap();
    // The request in flight dies with its connection (the server drops it unanswered); whether or not
    // the DfE took it, the send log says it was never accepted.
    assert!(s.seen().len() == 2 && s.seen().iter().all(|x| x.status == 200));

    let second = send(&db, &s).output().unwrap();
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));

    let store = carefile_store::open_read_only(&db).unwrap();
    let p = payloads(&store.children().unwrap(), support::d("2026-03-31"), SchemaVersion::V1_0_1);
    let held = s.held();
    assert_eq!(held.len(), p.children.len());
    for c in &p.children {
        assert_eq!(normalised(&held[&c.la_child_id]), normalised(&serde_json::to_value(c).unwrap()), "{}", c.la_child_id);
    }
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    for seen in s.seen().iter().filter(|x| x.status == 200) {
        for c in &seen.children {
            *times.entry(c.clone()).or_default() += 1;
        }
    }
    let twice: Vec<&String> = times.iter().filter(|(_, n)| **n > 1).map(|(c, _)| c).collect();
    assert!(times.values().all(|n| *n <= 2), "a child sent three times");
    assert!(twice.len() <= 100, "{} children sent twice: only the batch in flight may be", twice.len());
    // The two requests accepted before the kill were not sent again.
    let seen = s.seen();
    assert!(seen[..2].iter().flat_map(|x| &x.children).all(|c| times[c] == 1));

    // And a third run has nothing left to send.
    let third = send(&db, &s).output().unwrap();
    assert!(third.status.success());
    assert_eq!(s.seen().iter().filter(|x| x.status == 200).count(), s.seen().len());
    let status = Command::new(env!("CARGO_BIN_EXE_carefile")).args(["dfe-api", "status", "--db", &db]).output().unwrap();
    assert!(String::from_utf8_lossy(&status.stdout).contains(&format!("the DfE holds {} children", p.children.len())));
}
