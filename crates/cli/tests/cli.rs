//! The `carefile` binary end to end, on small demo authorities in temporary folders.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn carefile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn fails(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(!out.status.success(), "carefile {args:?} should have failed");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn demo(dir: &Path, name: &str, seed: &str) -> String {
    let db = dir.join(name).to_str().unwrap().to_string();
    ok(&["demo", "--db", &db, "--scale", "small", "--seed", seed]);
    db
}

#[test]
fn calendar_add_prints_only_the_date() {
    assert_eq!(ok(&["calendar", "add", "2025-12-15", "45"]), "2026-02-19\n");
    assert_eq!(ok(&["calendar", "between", "2025-12-15", "2026-02-19"]), "45\n");
    assert_eq!(ok(&["calendar", "is-working-day", "2025-12-25"]), "no\n");
    let err = fails(&["calendar", "add", "2025-02-30", "1"]);
    assert!(err.contains("2025-02-30"), "{err}");
}

#[test]
fn the_same_seed_makes_a_byte_identical_log_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.db", "7");
    let b = demo(dir.path(), "b.db", "7");
    let c = demo(dir.path(), "c.db", "8");
    // The record (children and organisation) is the seed's; the demo users'
    // passwords are drawn afresh each time, so only their number repeats.
    let export = |db: &str| ok(&["events", "--db", db]);
    let (ea, eb, ec) = (export(&a), export(&b), export(&c));
    assert!(ea.lines().count() > 1000, "a small demo has thousands of events");
    assert_eq!(ea, eb);
    assert_ne!(ea, ec);
    let users = |db: &str| ok(&["events", "--db", db, "--include", "users"]);
    let (ua, ub) = (users(&a), users(&b));
    assert_eq!(ua.lines().count(), ub.lines().count());
    assert_ne!(ua, ub, "each demo draws its own passwords");
}

#[test]
fn a_backup_restores_exactly_and_a_corrupt_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "a.db", "1");
    let backup = dir.path().join("backup.jsonl");
    let backup = backup.to_str().unwrap();
    ok(&["events", "--db", &db, "--out", backup]);
    let restored = dir.path().join("r.db");
    let restored = restored.to_str().unwrap();
    ok(&["import-events", "--db", restored, backup]);
    assert_eq!(ok(&["events", "--db", restored]), std::fs::read_to_string(backup).unwrap());
    assert_eq!(
        ok(&["stats", "--db", restored, "--as-of", "2026-03-31", "--format", "json"]),
        ok(&["stats", "--db", &db, "--as-of", "2026-03-31", "--format", "json"])
    );

    // Damage one line in the middle: the import names it and stores nothing.
    let text = std::fs::read_to_string(backup).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let n = lines.len() / 2;
    lines[n] = lines[n].replacen("\"payload\":{", "\"payload\":{\"type\":\"no_such_event\",", 1);
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let target = dir.path().join("t.db");
    let target = target.to_str().unwrap();
    let err = fails(&["import-events", "--db", target, bad.to_str().unwrap()]);
    assert!(err.contains(&format!("bad.jsonl line {}", n + 1)), "{err}");
    assert!(!ok(&["events", "--db", target]).contains("\"seq\":"), "nothing was imported");
}

#[test]
fn stats_due_and_chronology_read_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "a.db", "1");
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&["stats", "--db", &db, "--as-of", "2026-03-31", "--format", "json"])).unwrap();
    for key in [
        "contacts",
        "referrals",
        "assessments_completed",
        "s47_enquiries",
        "icpcs",
        "cp_plans_open",
        "cin_open",
        "looked_after",
        "care_leavers",
    ] {
        assert!(stats[key].as_u64().is_some_and(|n| n > 0), "{key}: {stats}");
    }
    let csv = ok(&["due", "--db", &db, "--as-of", "2026-03-31", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("child_id,worker,team,item,due,status"));
    let rows: Vec<&str> = lines.collect();
    assert!(rows.iter().any(|r| r.ends_with(",overdue")) && rows.iter().any(|r| r.ends_with(",due")), "{csv}");
    let first_child = rows[0].split(',').next().unwrap();
    let chron = ok(&["chronology", "--db", &db, first_child]);
    assert!(chron.starts_with("Chronology of "), "{chron}");
    assert!(chron.contains("Record opened for"));
    let err = fails(&["chronology", "--db", &db, "NOBODY"]);
    assert!(err.contains("no child with ID NOBODY"), "{err}");
    let err = fails(&["due", "--db", &db, "--as-of", "31/03/2026"]);
    assert!(err.contains("31/03/2026"), "{err}");
}

#[test]
fn a_missing_database_is_named() {
    let err = fails(&["stats", "--db", "/nonexistent/x.db"]);
    assert!(err.contains("database '/nonexistent/x.db' does not exist"), "{err}");
}

/// Children the demo being built in `partial` has committed (0 before its journal exists).
fn committed(partial: &std::path::Path) -> u64 {
    let Ok(store) = carefile_store::open_read_only(partial.to_str().unwrap()) else { return 0 };
    store.journal_unfinished().ok().and_then(|u| u.first().map(|e| e.position)).unwrap_or(0)
}

/// `carefile demo` killed with SIGKILL once it has committed part of its load: the same command
/// run again resumes after what was committed and makes the same log as an uninterrupted run.
/// (Imports killed part way: the ingest crate's `tests/resume.rs`, the store's `bulk.rs` and `backup.rs`.)
#[test]
fn a_demo_killed_part_way_resumes_to_the_same_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let demo = |name: &str| ["demo", "--db", &db(name), "--scale", "small", "--seed", "4"].map(String::from);

    let mut run = Command::new(env!("CARGO_BIN_EXE_carefile"))
        .args(demo("killed.db"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let partial = dir.path().join(".killed.db.demo-partial");
    let deadline = Instant::now() + Duration::from_secs(300);
    while committed(&partial) == 0 {
        assert!(run.try_wait().unwrap().is_none(), "the demo finished before a kill could interrupt it");
        assert!(Instant::now() < deadline, "no chunk committed in 300 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    run.kill().unwrap();
    run.wait().unwrap();
    assert!(!dir.path().join("killed.db").exists(), "a killed demo leaves no database under its name");

    let again = demo("killed.db");
    let out = ok(&again.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.starts_with("Resumed the interrupted load after the "), "{out}");
    let whole = demo("whole.db");
    ok(&whole.iter().map(String::as_str).collect::<Vec<_>>());
    let export = |name: &str| ok(&["events", "--db", &db(name)]);
    assert_eq!(export("killed.db"), export("whole.db"));
    let check = ok(&["check", "--db", &db("killed.db")]);
    assert!(check.ends_with(" 0 inconsistencies\n"), "{check}");
    assert!(!partial.exists());
}

/// The maintenance switch, as an operator turns it on before an upgrade and off after (what every
/// server then shows: crates/web/tests/ops.rs).
#[test]
fn maintenance_is_switched_on_and_off_for_every_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db").to_str().unwrap().to_string();
    ok(&["migrate", "--db", &db]);
    assert_eq!(ok(&["maintenance", "--db", &db, "status"]), "off\n");
    assert!(fails(&["maintenance", "--db", &db, "on", " "]).contains("when carefile will be back"));
    let on = ok(&["maintenance", "--db", &db, "on", "upgrading until 19:00", "--by", "pat"]);
    assert!(on.starts_with("maintenance on"), "{on}");
    let status = ok(&["maintenance", "--db", &db, "status"]);
    assert!(status.starts_with("on since ") && status.ends_with(" (by pat): upgrading until 19:00\n"), "{status}");
    ok(&["maintenance", "--db", &db, "off"]);
    assert_eq!(ok(&["maintenance", "--db", &db, "status"]), "off\n");
}

/// A log from before the journey's order rules (#12): its strategy discussion, then recorded an
/// hour before its referral, imports, and `carefile check` lists it as a finding without failing.
#[test]
fn check_lists_entries_from_before_the_order_rules_as_findings() {
    let dir = tempfile::tempdir().unwrap();
    let line = |seq: u32, kind: &str, effective: &str, payload: &str| {
        format!(
            "{{\"seq\":{seq},\"stream\":\"child\",\"subject\":\"C1\",\"version\":{seq},\"kind\":\"{kind}\",\"effective\":{effective},\
             \"recorded_at\":\"2026-11-02T09:00:00.000000Z\",\"recorded_by\":\"sw\",\"reason\":null,\"payload\":{payload}}}\n"
        )
    };
    let log = [
        line(1, "registered", "null", r#"{"type":"registered","details":{"forename":"Old","surname":"Log","dob":"2015-01-01"}}"#),
        line(2, "referral_received", "\"2025-05-02\"", r#"{"type":"referral_received","referral":1,"at":"2025-05-02T10:00:00","source":"6"}"#),
        line(3, "strategy_discussion_held", "\"2025-05-02\"", r#"{"type":"strategy_discussion_held","referral":1,"discussion":1,"at":"2025-05-02T09:00:00","s47":true}"#),
    ]
    .concat();
    let file = dir.path().join("old.jsonl");
    std::fs::write(&file, log).unwrap();
    let db = dir.path().join("old.db");
    let db = db.to_str().unwrap();
    ok(&["import-events", "--db", db, "--accept-unverified", file.to_str().unwrap()]);
    let out = ok(&["check", "--db", db]);
    assert!(
        out.contains(
            "finding: child C1 entry 3 (strategy_discussion_held): rule strategy-discussion-after-referral: the strategy \
             discussion at 2025-05-02 09:00:00 is before referral 1 was received at 2025-05-02 10:00:00\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("3 events, 1 children, 0 audit entries: 0 inconsistencies\n"), "{out}");
}
