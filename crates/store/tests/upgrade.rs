//! Upgrades (issue #20): every schema version has a committed fixture (a
//! database as carefile left it at that version, with data), and each, on
//! each backend, is migrated forward by today's carefile to the schema it
//! declares, then `check` finds it clean and it reads as the same events.
//! A migration without a fixture fails here: `tests/fixtures/README.md` says
//! how to add one (one command).

mod support;
use support::{TestDb, unframed};

use carefile_store::{Claim, EventStore, Replay, SCHEMA_VERSION, Stream, migration_names};
use std::path::{Path, PathBuf};

fn fixture(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-{version:04}.db"))
}

/// The fixture's events as an export writes them (its rows as they were at its version).
fn fixture_events(version: u32) -> String {
    let src =
        rusqlite::Connection::open_with_flags(fixture(version), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let hash = if version >= 2 { "hash" } else { "NULL" };
    let mut stmt = src
        .prepare(&format!(
            "SELECT seq, stream, subject, version, kind, effective, recorded_at, recorded_by, reason, payload, {hash} FROM events ORDER BY seq"
        ))
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut out = String::new();
    while let Some(r) = rows.next().unwrap() {
        let stream: String = r.get(1).unwrap();
        let line = carefile_store::ExportLine {
            seq: r.get(0).unwrap(),
            stream: stream.parse().unwrap(),
            subject: r.get(2).unwrap(),
            version: r.get(3).unwrap(),
            kind: r.get(4).unwrap(),
            effective: r.get(5).unwrap(),
            recorded_at: r.get(6).unwrap(),
            recorded_by: r.get(7).unwrap(),
            reason: r.get(8).unwrap(),
            payload: serde_json::value::RawValue::from_string(r.get(9).unwrap()).unwrap(),
            hash: if stream == "audit" { r.get(10).unwrap() } else { None },
        };
        out.push_str(&serde_json::to_string(&line).unwrap());
        out.push('\n');
    }
    out
}

#[test]
fn every_migration_has_an_upgrade_fixture() {
    let names = migration_names();
    assert_eq!(names.last().map(|m| m.0), Some(SCHEMA_VERSION));
    for (version, name) in names {
        assert!(
            fixture(version).is_file(),
            "migration {name} has no upgrade fixture: add its data to `populate` in examples/schema-fixture.rs, run \
             `cargo run -p carefile-store --example schema-fixture -- {version}` and commit tests/fixtures/schema-{version:04}.db"
        );
    }
}

/// The fixture's database at its version, on `db`'s backend.
fn at_version(db: &TestDb, version: u32) {
    if !db.postgres {
        std::fs::copy(fixture(version), &db.url).unwrap();
        return;
    }
    carefile_store::migrate_to(&db.url, version).unwrap();
    let src =
        rusqlite::Connection::open_with_flags(fixture(version), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut pg = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let tables: Vec<String> = src
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        let mut stmt = src.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let cols: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
        let insert =
            pg.prepare(&format!("INSERT INTO {t} ({}) VALUES ({})", cols.join(", "), marks.join(", "))).unwrap();
        let types = insert.params().to_vec();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<Box<dyn postgres::types::ToSql + Sync>> =
                (0..cols.len()).map(|i| pg_value(r.get_ref(i).unwrap(), &types[i])).collect();
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            pg.execute(&insert, &refs).unwrap();
        }
    }
}

/// A SQLite value as the PostgreSQL column's type wants it.
fn pg_value(v: rusqlite::types::ValueRef, ty: &postgres::types::Type) -> Box<dyn postgres::types::ToSql + Sync> {
    use postgres::types::Type;
    use rusqlite::types::ValueRef::*;
    match (v, ty) {
        (Null, &Type::INT8) => Box::new(None::<i64>),
        (Null, &Type::INT4) => Box::new(None::<i32>),
        (Null, &Type::BYTEA) => Box::new(None::<Vec<u8>>),
        (Null, _) => Box::new(None::<String>),
        (Integer(i), &Type::INT4) => Box::new(i32::try_from(i).unwrap()),
        (Integer(i), &Type::BOOL) => Box::new(i != 0),
        (Integer(i), _) => Box::new(i),
        (Text(t), _) => Box::new(String::from_utf8(t.to_vec()).unwrap()),
        (Blob(b), _) => Box::new(b.to_vec()),
        (Real(f), _) => Box::new(f),
    }
}

on_both_backends!(every_fixture_migrates_forward_and_checks_clean, |db| {
    for (version, name) in migration_names() {
        let target = db.fresh("upgrade");
        at_version(&target, version);
        let (mut store, applied) = carefile_store::open_migrating(&target.url).unwrap();
        assert_eq!(applied as u32, SCHEMA_VERSION - version, "{name}: every later migration applied");
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "{name}");
        let report = store.check().unwrap();
        assert!(report.is_clean(), "{name}: {:#?}", report.problems);
        assert!(report.children > 0, "{name}: the fixture holds children");
        let mut out = Vec::new();
        store.export(Stream::ALL, &mut out).unwrap();
        assert_eq!(
            unframed(&String::from_utf8(out).unwrap()),
            fixture_events(version),
            "{name}: the events read as they did"
        );
        if version >= 5 {
            let session = store.session(&"0".repeat(64)).unwrap().expect("the session survived the upgrade");
            // Grants made before 0009 were all break glass; 0009's fixture adds a stated reason.
            let kinds: Vec<&str> = session.grants.iter().map(|g| g.kind.as_str()).collect();
            let expected: &[&str] = if version >= 9 { &["break_glass", "stated_reason"] } else { &["break_glass"] };
            assert_eq!((session.username.as_str(), kinds.as_slice()), ("pat", expected), "{name}");
            assert!(store.setting("maintenance").unwrap().is_some(), "{name}");
        }
        if version >= 10 {
            assert_eq!(store.throttle("u:pat").unwrap().map(|r| r.failures), Some(1), "{name}: the throttle survived");
        }
        if version >= 8 {
            assert_eq!(store.drafts_of("pat").unwrap().len(), 1, "{name}: the draft survived");
        }
        if version >= 11 {
            // Claimed again with another request: the first answer comes back (kept a day, so
            // "now" is the fixture's own day here).
            let day = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap();
            let long_ago = day - chrono::Duration::days(3650);
            let kept = store.replay_claim("pat", "key-1", &"7".repeat(64), day, long_ago, long_ago).unwrap();
            assert!(
                matches!(kept, Claim::Answered(Replay { status: 201, .. })),
                "{name}: the API's answer survived: {kept:?}"
            );
        }
        if version >= 6 {
            assert!(store.journal(&"3".repeat(64)).unwrap().and_then(|e| e.finished_at).is_some(), "{name}");
        }
        if version >= 7 {
            assert_eq!(store.dfe_held().unwrap().len(), 1, "{name}: what the DfE holds survived the upgrade");
            let statuses: Vec<String> = store.dfe_batches(None, 10).unwrap().into_iter().map(|b| b.status).collect();
            assert_eq!(statuses, ["prepared", "accepted"], "{name}");
        }
        drop(store);
        check_still_writes(&target);
    }
});

/// A migrated database takes writes like a new one: a user added and read back.
fn check_still_writes(db: &TestDb) {
    let mut s: Box<dyn EventStore> = db.open();
    let e = carefile_domain::access::UserEvent::UserAdded {
        username: "after-upgrade".into(),
        role: carefile_domain::access::Role::new("analyst").unwrap(),
        worker: None,
        password_hash: "x".into(),
    };
    let at = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap();
    s.append_users(&[(carefile_domain::Recorded::new(at, "test", None), e)]).unwrap();
    assert!(s.accounts().unwrap().users.contains_key("after-upgrade"));
    assert!(s.check().unwrap().is_clean());
}
