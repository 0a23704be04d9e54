//! Sending to a receiving server on loopback that checks every request against the DfE's OpenAPI
//! document: the small demo sent in requests of at most 100 until the server holds exactly what the
//! record says; a rerun sends nothing; injected 401, 403, 429 and 500 handled as documented; a child
//! the API refuses named, the others sent; a withdrawn placement purged from what the server holds.

#[allow(dead_code)]
#[path = "support/server.rs"]
mod server;
#[allow(dead_code)]
mod support;

use carefile_dfe_api::run::{Report, run};
use carefile_dfe_api::send::{Client, Endpoint, Policy, Waiter};
use carefile_dfe_api::{Payloads, SchemaVersion, payloads};
use carefile_domain::journey::ChildRecord;
use carefile_store::EventStore;
use chrono::{DateTime, Utc};
use server::{Inject, ReceiptShape, Server, normalised};
use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::Duration;
use support::{d, openapi, records};

/// A clock stopped at one moment, and waits recorded rather than slept.
#[derive(Default)]
struct Recorded {
    waits: RefCell<Vec<Duration>>,
}

impl Waiter for Recorded {
    fn now(&self) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-31T23:00:00Z").unwrap().with_timezone(&Utc)
    }
    fn wait(&self, d: Duration) {
        self.waits.borrow_mut().push(d);
    }
}

fn demo() -> &'static [ChildRecord] {
    static R: OnceLock<Vec<ChildRecord>> = OnceLock::new();
    R.get_or_init(|| records(carefile_synth::Scale::Small, 1))
}

struct Setup {
    server: Server,
    log: Box<dyn EventStore>,
    _dir: tempfile::TempDir,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let log = carefile_store::open(dir.path().join("carefile.db").to_str().unwrap()).unwrap();
    Setup { server: Server::start(&openapi("1.0.1")), log, _dir: dir }
}

fn client(s: &Server, supplier_key: &str) -> Client {
    let endpoint = Endpoint {
        base_url: s.base_url.clone(),
        token_url: s.token_url.clone(),
        client_id: server::CLIENT_ID.into(),
        client_secret: server::CLIENT_SECRET.into(),
        scope: "api://dfe-csc/.default".into(),
        supplier_key: supplier_key.into(),
        la_code: 855,
        timeout: Duration::from_secs(20),
    };
    Client::new(
        endpoint,
        Policy {
            max_attempts: 4,
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        },
    )
}

fn send(s: &mut Setup, p: &Payloads, run_id: &str, waiter: &Recorded) -> Report {
    run(p, s.log.as_mut(), &mut client(&s.server, server::SUPPLIER_KEY), waiter, run_id).unwrap()
}

/// The server holds exactly the record's payloads.
fn assert_server_holds(s: &Server, p: &Payloads) {
    let held = s.held();
    let expected: Vec<(String, serde_json::Value)> =
        p.children.iter().map(|c| (c.la_child_id.clone(), normalised(&serde_json::to_value(c).unwrap()))).collect();
    assert_eq!(held.len(), expected.len());
    for (id, want) in expected {
        assert_eq!(normalised(&held[&id]), want, "child {id}");
    }
}

#[test]
fn the_demo_is_sent_whole_then_nothing_then_only_what_changed() {
    let mut s = setup();
    let p = payloads(demo(), d("2026-03-31"), SchemaVersion::V1_0_1);
    let w = Recorded::default();
    let r = send(&mut s, &p, "r1", &w);
    assert!(!r.needs_attention(), "{r:?}");
    assert_eq!(r.children_accepted, p.children.len());
    assert_eq!(r.requests, p.children.len().div_ceil(100));
    assert!(s.server.seen().iter().all(|x| x.status == 200 && x.children.len() <= 100));
    assert_server_holds(&s.server, &p);
    let batches = s.log.dfe_batches(Some("r1"), 1000).unwrap();
    assert!(batches.iter().all(|b| b.status == "accepted" && b.receipts.len() == b.batch.children.len()));

    // The same date again: nothing to send.
    let again = send(&mut s, &p, "r2", &w);
    assert_eq!((again.requests, again.tally.unchanged), (0, p.children.len()));

    // A week later: only the children whose record changed, and those who left the cohort.
    let later = payloads(demo(), d("2026-04-07"), SchemaVersion::V1_0_1);
    let r = send(&mut s, &later, "r3", &w);
    assert!(!r.needs_attention(), "{r:?}");
    assert!(r.tally.updated + r.tally.left > 0 && r.tally.unchanged > r.tally.updated, "{:?}", r.tally);
    assert_server_holds(&s.server, &later);
    assert!(w.waits.borrow().is_empty());
}

#[test]
fn a_refused_token_is_refreshed_once_and_a_second_refusal_stops_the_run() {
    let mut s = setup();
    let p = payloads(&demo()[..400], d("2026-03-31"), SchemaVersion::V1_0_1);
    let w = Recorded::default();
    // An injected 401: the token is fetched again and the request made once more.
    s.server.inject([Inject::Status(401)]);
    let r = send(&mut s, &p, "r1", &w);
    assert!(!r.needs_attention(), "{r:?}");
    assert_eq!(s.server.state.lock().unwrap().tokens_issued, 2);
    let first =
        &s.log.dfe_batches(Some("r1"), 100).unwrap().into_iter().find(|b| b.batch.batch_id == "r1-0001").unwrap();
    assert_eq!((first.status.as_str(), first.attempts), ("accepted", 2));

    // Two in a row: the run stops, the batch is left to the next run.
    let mut s = setup();
    s.server.inject([Inject::Status(401), Inject::Status(401)]);
    let r = send(&mut s, &p, "r1", &w);
    assert!(r.stopped.as_deref().is_some_and(|m| m.contains("401")), "{r:?}");
    assert_eq!(r.children_accepted, 0);
    assert!(r.children_pending > 0);
    let r = send(&mut s, &p, "r2", &w);
    assert!(!r.needs_attention());
    assert_server_holds(&s.server, &p);
}

#[test]
fn too_many_requests_waits_as_told_and_server_errors_back_off() {
    let mut s = setup();
    let p = payloads(&demo()[..300], d("2026-03-31"), SchemaVersion::V1_0_1);
    let w = Recorded::default();
    s.server.inject([Inject::TooMany(7), Inject::Status(500), Inject::Status(503)]);
    let r = send(&mut s, &p, "r1", &w);
    assert!(!r.needs_attention(), "{r:?}");
    // Retry-After's 7 s, then the back-off, which doubles at each retry from 2 s and stops at 5 s.
    assert_eq!(*w.waits.borrow(), [Duration::from_secs(7), Duration::from_secs(4), Duration::from_secs(5)]);
    assert_server_holds(&s.server, &p);

    // Errors past the policy's attempts stop the run; the next run resumes where it stopped.
    let mut s = setup();
    s.server.inject([Inject::Status(500), Inject::Status(500), Inject::Status(500), Inject::Status(500)]);
    let w = Recorded::default();
    let r = send(&mut s, &p, "r1", &w);
    assert!(r.stopped.as_deref().is_some_and(|m| m.contains("gave up after 4 attempts")), "{r:?}");
    assert_eq!(r.children_pending, p.children.len());
    let failed = s.log.dfe_batches(Some("r1"), 100).unwrap();
    assert_eq!(failed.len(), 1, "the run stopped at its first request");
    assert_eq!((failed[0].status.as_str(), failed[0].attempts, failed[0].http_status), ("failed", 4, Some(500)));
    let r = send(&mut s, &p, "r2", &w);
    assert!(!r.needs_attention(), "{r:?}");
    assert_server_holds(&s.server, &p);
}

#[test]
fn forbidden_stops_the_run_and_says_why() {
    let mut s = setup();
    let p = payloads(&demo()[..50], d("2026-03-31"), SchemaVersion::V1_0_1);
    let w = Recorded::default();
    let r = run(&p, s.log.as_mut(), &mut client(&s.server, "wrong-key"), &w, "r1").unwrap();
    let stopped = r.stopped.unwrap();
    assert!(stopped.contains("403") && stopped.contains("supplier key"), "{stopped}");
    assert!(s.server.held().is_empty());
    assert!(s.log.dfe_held().unwrap().is_empty());
}

#[test]
fn a_child_the_api_refuses_is_named_and_the_others_are_sent() {
    let mut s = setup();
    let mut p = payloads(&demo()[..150], d("2026-03-31"), SchemaVersion::V1_0_1);
    // A value the schema refuses (sex is one character), as a faulty record might produce.
    let bad = p.children[5].la_child_id.clone();
    p.children[5].child_details.as_mut().unwrap().sex = Some("Female".into());
    s.server.state.lock().unwrap().receipts = Some(ReceiptShape::One);
    let w = Recorded::default();
    let r = send(&mut s, &p, "r1", &w);
    assert_eq!(r.refused.len(), 1, "{r:?}");
    assert_eq!((r.refused[0].child.as_str(), r.refused[0].status), (bad.as_str(), 400));
    assert!(r.refused[0].detail.contains("[5]"), "{}", r.refused[0].detail);
    assert_eq!(r.children_accepted, p.children.len() - 1);
    let held = s.server.held();
    assert!(!held.contains_key(&bad) && held.len() == p.children.len() - 1);
    let statuses: Vec<_> = s
        .log
        .dfe_batches(Some("r1"), 10)
        .unwrap()
        .into_iter()
        .map(|b| (b.batch.batch_id, b.status, b.receipts.len()))
        .collect();
    assert!(statuses.contains(&("r1-0001".into(), "refused".into(), 0)), "{statuses:?}");
    assert!(statuses.contains(&("r1-0001r".into(), "accepted".into(), 1)), "one receipt for the request: {statuses:?}");
}

#[test]
fn a_withdrawn_placement_is_purged_from_what_the_server_holds() {
    use carefile_domain::journey::ChildEvent;
    let mut s = setup();
    // A looked-after child of the demo with more than one placement.
    let a = carefile_synth::generate(&carefile_synth::Options {
        seed: 1,
        scale: carefile_synth::Scale::Small,
        as_of: d("2026-03-31"),
    });
    let c = a
        .children
        .iter()
        .find(|c| {
            c.events
                .iter()
                .filter(|(_, e)| matches!(e, ChildEvent::PlacementChanged { date, .. } if *date > d("2025-06-01")))
                .count()
                == 1
        })
        .expect("a child moved once in the last year");
    let mut log: Vec<(u64, ChildEvent)> =
        c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
    let before = ChildRecord::replay(&c.id, &log).unwrap();
    let w = Recorded::default();
    let p = payloads(std::slice::from_ref(&before), d("2026-03-31"), SchemaVersion::V1_0_1);
    assert_eq!(p.children.len(), 1);
    send(&mut s, &p, "r1", &w);
    let moved = log
        .iter()
        .find(|(_, e)| matches!(e, ChildEvent::PlacementChanged { date, .. } if *date > d("2025-06-01")))
        .unwrap()
        .0;
    // Withdrawn with what rests on it (the placement's plan), as the record's page requires.
    let also = ChildRecord::dependants(&c.id, &log, &[moved]).unwrap();
    log.push((log.len() as u64 + 1, ChildEvent::Retracted { seq: moved, also }));
    let after = ChildRecord::replay(&c.id, &log).unwrap();
    let p2 = payloads(&[after], d("2026-03-31"), SchemaVersion::V1_0_1);
    let r = send(&mut s, &p2, "r2", &w);
    assert_eq!((r.tally.updated, r.tally.items_purged), (1, 1), "{r:?}");
    assert_eq!(s.server.seen().last().unwrap().purges, 1);
    assert_server_holds(&s.server, &p2);
}
