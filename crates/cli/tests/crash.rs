//! What damage `carefile check` finds, on each backend: a projection row and a
//! log row altered by SQL (the append-only triggers dropped first), and an
//! audit row edited so its hash chain breaks. (Killing writers at random is
//! the store's own crash test, `crates/store/tests/crash.rs`.)

use carefile_domain::access::{AuditAction, AuditEntry};
use carefile_store::{PostgresStore, SqliteStore, Stream};
use chrono::{TimeZone, Utc};
use std::process::{Command, Output};

fn carefile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs")
}

/// A small demo authority with three audit entries, in a SQLite file or
/// (imported from that file's export) a fresh PostgreSQL schema.
fn authority(dir: &std::path::Path, postgres: Option<&str>) -> String {
    let file = dir.join("demo.db").to_str().unwrap().to_string();
    assert!(carefile(&["demo", "--db", &file, "--scale", "small"]).status.success());
    let db = match postgres {
        None => file.clone(),
        Some(base) => {
            // The temporary folder's random name keeps reruns apart.
            let tag: String =
                dir.file_name().unwrap().to_string_lossy().chars().filter(char::is_ascii_alphanumeric).collect();
            let name = format!("cli_check_{}", tag.to_ascii_lowercase());
            let url = PostgresStore::schema_url(base, &name).unwrap();
            let backup = dir.join("demo.jsonl").to_str().unwrap().to_string();
            let all = "users,audit";
            assert!(carefile(&["events", "--db", &file, "--include", all, "--out", &backup]).status.success());
            let out = carefile(&["import-events", "--db", &url, &backup]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            url
        }
    };
    let mut store = carefile_store::open(&db).unwrap();
    let child = store.children().unwrap()[0].id.clone();
    for (n, action) in [AuditAction::SignIn, AuditAction::ViewChild, AuditAction::ChangeChild].into_iter().enumerate() {
        store
            .append_audit(&AuditEntry {
                at: Utc.with_ymd_and_hms(2026, 3, 2, 9, n as u32, 0).unwrap(),
                user: "pat".into(),
                action,
                child: (n > 0).then(|| child.clone()),
                children: Vec::new(),
                detail: "/children".into(),
            })
            .unwrap();
    }
    db
}

fn tamper(db: &str, sql: &str) {
    if carefile_store::is_postgres_url(db) {
        PostgresStore::open(db).unwrap().execute_sql(sql).unwrap();
    } else {
        SqliteStore::open(db).unwrap().connection().execute_batch(sql).unwrap();
    }
}

fn check_finds_each_kind_of_damage(postgres: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let db = authority(dir.path(), postgres);
    let out = carefile(&["check", "--db", &db]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success() && text.ends_with("3 audit entries: 0 inconsistencies\n"), "{text}");
    let migrated = carefile(&["migrate", "--db", &db]);
    assert_eq!(String::from_utf8_lossy(&migrated.stdout), "applied 0 migrations\n");

    // The first child's first event after registration, and its projection.
    let mut export = Vec::new();
    carefile_store::open(&db).unwrap().export(&[Stream::Child], &mut export).unwrap();
    let line: serde_json::Value = serde_json::from_slice(export.split(|b| *b == b'\n').nth(1).unwrap()).unwrap();
    let (seq, child) = (line["seq"].as_u64().unwrap(), line["subject"].as_str().unwrap().to_string());
    let drop_triggers = if postgres.is_some() {
        "DROP TRIGGER events_no_change ON events;"
    } else {
        "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"
    };
    tamper(&db, drop_triggers);
    tamper(
        &db,
        &format!(
            "UPDATE child_state SET state = replace(state, '\"forename\":\"', '\"forename\":\"X') WHERE child_id = '{child}'"
        ),
    );
    tamper(&db, &format!("UPDATE events SET kind = 'died' WHERE seq = {seq}"));
    tamper(&db, "UPDATE events SET payload = replace(payload, 'pat', 'sam') WHERE stream = 'audit' AND version = 2");

    let out = carefile(&["check", "--db", &db]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!out.status.success(), "check passed a damaged database: {text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with(&format!("child stream, subject {child}, seq {seq}: kind column 'died'")), "{text}");
    assert!(
        lines[1].starts_with("audit stream, seq ") && lines[1].contains("audit chain broken at entry 2: its hash"),
        "{text}"
    );
    assert_eq!(lines[2], format!("child stream, subject {child}: projection differs from the replay of the log"));
    assert!(lines[3].ends_with("3 inconsistencies"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("inconsistent"));
}

#[test]
fn check_finds_damage_on_sqlite() {
    check_finds_each_kind_of_damage(None);
}

#[test]
fn check_finds_damage_on_postgres() {
    match std::env::var("CAREFILE_TEST_PG_URL") {
        Ok(url) => check_finds_each_kind_of_damage(Some(&url)),
        Err(_) if std::env::var_os("CI").is_some() => panic!("CI is set but CAREFILE_TEST_PG_URL is not"),
        Err(_) => eprintln!("skipped on PostgreSQL: CAREFILE_TEST_PG_URL is not set"),
    }
}

#[test]
fn migrate_applies_every_migration_to_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let out = carefile(&["migrate", "--db", db.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("applied {} migrations\n", carefile_store::SCHEMA_VERSION));
    // Every command with --db takes the database from CAREFILE_DATABASE_URL instead.
    let run = |env: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_carefile"));
        c.arg("check").env_remove("CAREFILE_DATABASE_URL");
        if let Some(db) = env {
            c.env("CAREFILE_DATABASE_URL", db);
        }
        c.output().expect("the binary runs")
    };
    let out = run(Some(db.to_str().unwrap()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("0 inconsistencies\n"));
    let out = run(None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db"));
}
