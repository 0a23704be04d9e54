//! Crash test, on each backend: four writer processes append to the store
//! (children's events and audit entries), each printing a line for every write
//! once the store has acknowledged it; the test kills them with SIGKILL at
//! random moments, over and over, then checks that every acknowledged write is
//! there and that `check` finds nothing half-written or inconsistent.
//!
//! This binary is also the writer: run with CAREFILE_CRASH_WRITER=<db>,<writer>,<round>.

mod support;

use carefile_domain::access::{AuditAction, AuditEntry};
use carefile_domain::journey::{ChildDetails, ChildEvent};
use carefile_domain::{ChildId, Recorded};
use carefile_store::AuditFilter;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use support::TestDb;

const WRITERS: usize = 4;
/// Rounds per backend; every round kills all writers.
const ROUNDS: usize = 60;

fn child_id(writer: usize, round: usize, n: u64) -> ChildId {
    ChildId::new(&format!("W{writer}R{round}N{n}")).expect("a valid ID")
}

fn recorded(n: u64) -> Recorded {
    Recorded::new(Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::milliseconds(n as i64), "W1", None)
}

/// Writes until killed: per child a registration, then a visit, then an audit
/// entry; a line goes to stdout (one write, flushed) after each acknowledgement.
fn writer(db: &str, writer: usize, round: usize) {
    let mut store = carefile_store::open(db).expect("the writer opens the store");
    let mut out = std::io::stdout().lock();
    let mut ack = |line: String| {
        out.write_all(line.as_bytes()).and_then(|_| out.flush()).expect("the test reads the writer's output");
    };
    let dob = NaiveDate::from_ymd_opt(2015, 6, 1).unwrap();
    for n in 0.. {
        let id = child_id(writer, round, n);
        let details = ChildDetails { forename: "A".into(), surname: "B".into(), dob: Some(dob), ..Default::default() };
        let v = store.append_child(&id, None, &[(recorded(n), ChildEvent::Registered { details })]).expect("registers");
        ack(format!("child {id} {v}\n"));
        let visit = ChildEvent::Visited { date: dob + Duration::days(n as i64 + 1), seen: true, seen_alone: false };
        let v = store.append_child(&id, Some(v), &[(recorded(n), visit)]).expect("appends");
        ack(format!("child {id} {v}\n"));
        let entry = AuditEntry {
            at: recorded(n).at,
            user: format!("writer{writer}"),
            action: AuditAction::ChangeChild,
            child: Some(id),
            children: Vec::new(),
            detail: "crash test".into(),
        };
        let r = store.append_audit(&entry).expect("audits");
        ack(format!("audit {} {}\n", r.seq, r.hash));
    }
}

/// What the writers were told was saved.
#[derive(Default)]
struct Acked {
    children: BTreeMap<String, u64>,
    audit: BTreeMap<u64, String>,
    events: u64,
}

impl Acked {
    fn read(&mut self, output: &str) {
        // Only whole lines: a kill can come between writes, never inside one.
        for line in output.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["child", id, v] => {
                    self.children.insert(id.to_string(), v.parse().expect("a version"));
                }
                ["audit", seq, hash] => {
                    self.audit.insert(seq.parse().expect("a seq"), hash.to_string());
                }
                other => panic!("the writer printed {other:?}"),
            }
            self.events += 1;
        }
    }
}

fn run(db: &TestDb, name: &str) {
    drop(db.open()); // the schema exists before the writers race to open it
    let exe = std::env::current_exe().expect("this test's path");
    // The kill times vary with the seed; the scheduler varies the rest.
    let seed = std::env::var("CAREFILE_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut acked = Acked::default();
    let mut kills = 0;
    let started = std::time::Instant::now();
    for round in 0..ROUNDS {
        let mut children: Vec<_> = (0..WRITERS)
            .map(|w| {
                Command::new(&exe)
                    .env("CAREFILE_CRASH_WRITER", format!("{},{w},{round}", db.url))
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("a writer starts")
            })
            .collect();
        // Kill each writer at its own random moment: during start-up, mid-write, or mid-commit.
        for child in &mut children {
            std::thread::sleep(std::time::Duration::from_millis(rng.gen_range(5..120)));
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        for mut child in children {
            let status = child.wait().expect("the writer is reaped");
            assert!(status.code().is_none(), "a writer exited by itself ({status}) instead of being killed");
            let mut text = String::new();
            child.stdout.take().expect("piped").read_to_string(&mut text).expect("the output is text");
            acked.read(&text);
        }
    }
    let store = db.open();
    for (id, version) in &acked.children {
        let id = ChildId::new(id).unwrap();
        let (_, stored) =
            store.child(&id).unwrap().unwrap_or_else(|| panic!("{name}: acknowledged child {id} is missing"));
        assert!(stored >= *version, "{name}: child {id} is at version {stored}, {version} was acknowledged");
    }
    let audit: BTreeMap<u64, String> =
        store.audit_log(&AuditFilter::default()).unwrap().into_iter().map(|r| (r.seq, r.hash)).collect();
    for (seq, hash) in &acked.audit {
        assert_eq!(audit.get(seq), Some(hash), "{name}: acknowledged audit entry {seq} is missing or changed");
    }
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{name}: check found {:#?}", report.problems);
    println!(
        "crash test on {name}: {kills} kills of {WRITERS} concurrent writers in {ROUNDS} rounds, {} writes acknowledged, \
         all present; {} events and {} audit entries stored, check clean ({:.0?})",
        acked.events,
        report.events,
        report.audit_entries,
        started.elapsed()
    );
    assert!(kills >= 200 && acked.events > 0, "{name}: too few kills ({kills}) or no writes acknowledged");
}

fn main() {
    if let Ok(spec) = std::env::var("CAREFILE_CRASH_WRITER") {
        let mut parts = spec.rsplitn(3, ',');
        let (round, w, db) = (parts.next(), parts.next(), parts.next());
        let (Some(round), Some(w), Some(db)) = (round, w, db) else { panic!("bad CAREFILE_CRASH_WRITER '{spec}'") };
        writer(db, w.parse().expect("a writer number"), round.parse().expect("a round number"));
        return;
    }
    run(&TestDb::sqlite(), "SQLite");
    if let Some(db) = TestDb::postgres("crash") {
        run(&db, "PostgreSQL");
    }
}
