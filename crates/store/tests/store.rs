//! The store's contract, on each backend: checked writes, an unchanged log
//! after any refusal, optimistic concurrency, users and a hash-chained audit
//! log, `check` finding what was tampered with, and an export that imports
//! back exactly (across backends too).

mod support;
use support::{TestDb, opts, unframed, unverified};

use carefile_domain::access::{AuditAction, AuditEntry, Role, UserEvent};
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::org::{OrgEvent, Service, StaffRole};
use carefile_domain::{ChildId, Recorded, TeamId, WorkerId};
use carefile_store::{AuditFilter, EventStore, SqliteStore, StoreError, Stream};
use chrono::{NaiveDate, NaiveDateTime, SubsecRound, TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}
fn rec(n: u32) -> Recorded {
    Recorded::new(
        Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + chrono::Duration::microseconds(i64::from(n) * 1_000_001),
        "W1",
        None,
    )
}
fn id(s: &str) -> ChildId {
    ChildId::new(s).unwrap()
}

fn registered(dob: &str) -> ChildEvent {
    ChildEvent::Registered {
        details: ChildDetails {
            forename: "Sam".into(),
            surname: "Example".into(),
            sex: Some(Sex::Male),
            dob: Some(d(dob)),
            ethnicity: Some(Ethnicity::MWBA),
            ..Default::default()
        },
    }
}

/// Fills an empty store with an authority, a team, a worker and one child at version 2.
fn populate(s: &mut dyn EventStore) {
    s.append_org(&[
        (
            rec(0),
            OrgEvent::AuthorityDefined {
                name: "Testshire".into(),
                gss: "E10000018".into(),
                dfe_number: 855,
                date: d("2020-01-01"),
            },
        ),
        (
            rec(0),
            OrgEvent::TeamFormed {
                team: TeamId::new("FR").unwrap(),
                name: "First Response".into(),
                service: Service::FirstResponse,
                locality: None,
                date: d("2020-01-01"),
            },
        ),
        (
            rec(0),
            OrgEvent::StaffJoined {
                worker: WorkerId::new("W1").unwrap(),
                name: "Pat Worker".into(),
                team: TeamId::new("FR").unwrap(),
                role: StaffRole::SocialWorker,
                fte: 1.0,
                agency: false,
                date: d("2020-01-01"),
            },
        ),
    ])
    .unwrap();
    s.append_child(
        &id("C1"),
        None,
        &[
            (rec(1), registered("2016-02-01")),
            (
                rec(2),
                ChildEvent::ReferralReceived {
                    referral: 1,
                    at: t("2025-09-01 10:00"),
                    source: ReferralSource::Police,
                    contact: None,
                    exploitation: vec![],
                },
            ),
        ],
    )
    .unwrap();
}

fn store_with_child(db: &TestDb) -> Box<dyn EventStore> {
    let mut s = db.open();
    populate(s.as_mut());
    s
}

fn export(s: &dyn EventStore, streams: &[Stream]) -> String {
    let mut out = Vec::new();
    s.export(streams, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn user(name: &str, role: &str) -> UserEvent {
    UserEvent::UserAdded { username: name.into(), role: Role::new(role).unwrap(), worker: None, password_hash: "$argon2id$v=19$x".into() }
}

fn audit(n: i64, user: &str, action: AuditAction, child: Option<&str>) -> AuditEntry {
    AuditEntry {
        // Nanoseconds, which the store cuts to microseconds.
        at: Utc.with_ymd_and_hms(2026, 2, 1, 8, 0, 0).unwrap() + chrono::Duration::nanoseconds(n * 60_000_123_456),
        user: user.into(),
        action,
        child: child.map(id),
        children: Vec::new(),
        detail: format!("/children/{}", child.unwrap_or("-")),
    }
}

/// A store with a child, two users, a restriction and four audit entries.
fn store_with_everything(db: &TestDb) -> Box<dyn EventStore> {
    let mut s = store_with_child(db);
    s.append_users(&[
        (rec(5), user("pat", "social-worker")),
        (rec(6), user("ann", "admin")),
        (rec(7), UserEvent::RecordRestricted { child: id("C1"), reason: "staff relative".into() }),
    ])
    .unwrap();
    s.append_audit(&audit(0, "pat", AuditAction::SignIn, None)).unwrap();
    s.append_audit(&audit(1, "pat", AuditAction::ViewChild, Some("C1"))).unwrap();
    s.append_audit(&audit(2, "ann", AuditAction::ViewChild, Some("C2"))).unwrap();
    s.append_audit(&audit(3, "pat", AuditAction::ChangeChild, Some("C1"))).unwrap();
    s
}

fn problems(s: &dyn EventStore) -> Vec<String> {
    s.check().unwrap().problems.iter().map(|p| p.to_string()).collect()
}

on_both_backends!(writes_are_checked_and_projected, |db| {
    let s = store_with_child(db);
    let (child, version) = s.child(&id("C1")).unwrap().unwrap();
    assert_eq!(version, 2);
    assert_eq!(child.referrals.len(), 1);
    assert_eq!(s.child_log(&id("C1")).unwrap().len(), 2);
    assert!(s.child(&id("C2")).unwrap().is_none());
    assert_eq!(s.organisation().unwrap().authority.unwrap().dfe_number, 855);
    assert!(s.check().unwrap().is_clean());
});

on_both_backends!(each_rejected_write_leaves_the_log_unchanged, |db| {
    let mut s = store_with_child(db);
    let before = export(s.as_ref(), Stream::ALL);
    type Attempt = (Option<u64>, Vec<(Recorded, ChildEvent)>, &'static str);
    let attempts: Vec<Attempt> = vec![
        // A good event followed by a bad one in one write: neither is kept.
        (
            Some(2),
            vec![
                (rec(3), ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2025-09-02") }),
                (
                    rec(4),
                    ChildEvent::CpPlanStarted {
                        referral: 1,
                        plan: 1,
                        date: d("2025-09-03"),
                        category: CategoryOfAbuse::Neglect,
                        transfer_in: false,
                        previous_plans: None,
                    },
                ),
            ],
            "initial child protection conference",
        ),
        (
            Some(2),
            vec![(rec(3), ChildEvent::HealthAssessment { date: d("2015-01-01") })],
            "before the child's date of birth",
        ),
        (Some(1), vec![(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })], "changed since you loaded it"),
        (Some(2), vec![(rec(3), ChildEvent::Retracted { seq: 5, also: vec![] })], "must say why"),
    ];
    for (expected, events, needle) in attempts {
        let err = s.append_child(&id("C1"), expected, &events).unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
        assert_eq!(export(s.as_ref(), Stream::ALL), before, "log changed after: {err}");
    }
    let err =
        s.append_child(&id("C9"), None, &[(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })]).unwrap_err();
    assert!(matches!(err, StoreError::UnknownChild(ref c) if c == "C9"), "{err}");
    assert_eq!(export(s.as_ref(), Stream::ALL), before);
});

on_both_backends!(the_log_is_append_only_even_to_sql, |db| {
    let _s = store_with_everything(db);
    for sql in [
        "UPDATE events SET payload = '{}' WHERE seq = 1",
        "DELETE FROM events",
        "DELETE FROM events WHERE stream = 'audit'",
    ] {
        let err = db.sql(sql).unwrap_err();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
});

on_both_backends!(corrections_are_new_events_that_say_why, |db| {
    let mut s = store_with_child(db);
    s.append_child(&id("C1"), Some(2), &[(rec(3), ChildEvent::HealthAssessment { date: d("2025-10-01") })]).unwrap();
    let target = s.child_log(&id("C1")).unwrap()[2].seq;
    let why = Recorded::new(rec(4).at, "W1", Some("date typed wrongly".into()));
    s.append_child(
        &id("C1"),
        Some(3),
        &[(
            why,
            ChildEvent::Corrected {
                seq: target,
                replacement: Box::new(ChildEvent::HealthAssessment { date: d("2025-10-11") }),
            },
        )],
    )
    .unwrap();
    let (child, v) = s.child(&id("C1")).unwrap().unwrap();
    assert_eq!(v, 4);
    assert_eq!(child.health_assessments, [d("2025-10-11")]);
    // The original is still in the log, and the projection is its replay.
    assert_eq!(s.child_log(&id("C1")).unwrap().len(), 4);
    assert!(s.check().unwrap().is_clean());
});

on_both_backends!(two_sessions_editing_one_child_lose_nothing, |db| {
    drop(store_with_child(db));
    let (mut a, mut b) = (db.open(), db.open());
    let (_, seen_a) = a.child(&id("C1")).unwrap().unwrap();
    let (_, seen_b) = b.child(&id("C1")).unwrap().unwrap();
    assert_eq!(
        a.append_child(&id("C1"), Some(seen_a), &[(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })])
            .unwrap(),
        3
    );
    let err = b
        .append_child(&id("C1"), Some(seen_b), &[(rec(4), ChildEvent::HealthAssessment { date: d("2025-10-02") })])
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { expected: Some(2), actual: 3, .. }), "{err}");
    assert!(err.to_string().contains("reload"), "{err}");
    // B reloads, sees A's change, and saves its own on top.
    let (child, v) = b.child(&id("C1")).unwrap().unwrap();
    assert_eq!(child.dental_checks, [d("2025-10-01")]);
    b.append_child(&id("C1"), Some(v), &[(rec(4), ChildEvent::HealthAssessment { date: d("2025-10-02") })]).unwrap();
    let (child, v) = a.child(&id("C1")).unwrap().unwrap();
    assert_eq!((v, child.dental_checks.len(), child.health_assessments.len()), (4, 1, 1));
});

on_both_backends!(users_fold_into_accounts_and_bad_batches_store_nothing, |db| {
    let mut s = store_with_everything(db);
    let a = s.accounts().unwrap();
    assert_eq!(a.users.keys().collect::<Vec<_>>(), ["ann", "pat"]);
    assert_eq!(a.users["ann"].role.code(), "admin");
    assert!(a.restricted.contains_key(&id("C1")));
    let before = export(s.as_ref(), Stream::ALL);
    // A good grant followed by a duplicate user: neither is kept.
    let err = s
        .append_users(&[
            (rec(8), UserEvent::AccessGranted { username: "pat".into(), child: id("C1"), reason: "allocated".into() }),
            (rec(9), user("ann", "councillor")),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("'ann' already exists"), "{err}");
    assert_eq!(export(s.as_ref(), Stream::ALL), before);
    assert_eq!(s.accounts().unwrap(), a);
    s.append_users(&[(rec(8), UserEvent::UserDisabled { username: "pat".into() })]).unwrap();
    assert!(s.accounts().unwrap().users["pat"].disabled);
});

on_both_backends!(audit_entries_are_chained_and_searchable, |db| {
    use sha2::{Digest, Sha256};
    let mut s = store_with_everything(db);
    let all = s.audit_log(&AuditFilter::default()).unwrap();
    assert_eq!(all.iter().map(|r| r.seq).collect::<Vec<_>>(), [4, 3, 2, 1], "newest first");
    assert_eq!(all[3].prev_hash, "0".repeat(64));
    for pair in all.windows(2) {
        assert_eq!(pair[1].hash, pair[0].prev_hash);
    }
    // The hash is SHA-256 over the previous hash and the stored payload text.
    let mut out = Vec::new();
    s.export(&[Stream::Audit], &mut out).unwrap();
    #[derive(serde::Deserialize)]
    struct Line<'a> {
        #[serde(borrow)]
        payload: &'a serde_json::value::RawValue,
        hash: String,
    }
    // The line after the backup's header.
    let first: Line = serde_json::from_slice(out.split(|b| *b == b'\n').nth(1).unwrap()).unwrap();
    let payload = first.payload.get();
    let expected = format!("{:x}", Sha256::digest(format!("{}{payload}", "0".repeat(64))));
    assert_eq!(all[3].hash, expected);
    assert_eq!(first.hash, expected);
    // Times are kept to the microsecond.
    assert_eq!(all[3].entry.at.timestamp_subsec_nanos() % 1000, 0);
    assert_eq!(all[2].entry.at, audit(1, "", AuditAction::SignIn, None).at.trunc_subsecs(6));

    let seqs = |f: AuditFilter| s.audit_log(&f).unwrap().iter().map(|r| r.seq).collect::<Vec<_>>();
    assert_eq!(seqs(AuditFilter { user: Some("pat".into()), ..Default::default() }), [4, 2, 1]);
    assert_eq!(seqs(AuditFilter { child: Some(id("C1")), ..Default::default() }), [4, 2]);
    assert_eq!(seqs(AuditFilter { action: Some(AuditAction::ViewChild), ..Default::default() }), [3, 2]);
    assert_eq!(seqs(AuditFilter { limit: Some(1), ..Default::default() }), [4]);
    let (from, to) = (all[2].entry.at, all[0].entry.at);
    assert_eq!(
        seqs(AuditFilter { from: Some(from), to: Some(to), ..Default::default() }),
        [3, 2],
        "from inclusive, to exclusive"
    );
    assert_eq!(
        seqs(AuditFilter { user: Some("pat".into()), child: Some(id("C1")), limit: Some(1), ..Default::default() }),
        [4]
    );
    let r = s.append_audit(&audit(9, "ann", AuditAction::SearchAudit, None)).unwrap();
    assert_eq!((r.seq, r.prev_hash.as_str()), (5, all[0].hash.as_str()));
    // A list view names its children: found by the child only when asked for lists too.
    let list = AuditEntry { children: vec![id("C2"), id("C1")], ..audit(10, "ann", AuditAction::ViewList, None) };
    s.append_audit(&list).unwrap();
    let seqs = |f: AuditFilter| s.audit_log(&f).unwrap().iter().map(|r| r.seq).collect::<Vec<_>>();
    assert_eq!(seqs(AuditFilter { child: Some(id("C1")), ..Default::default() }), [4, 2]);
    assert_eq!(seqs(AuditFilter { child: Some(id("C1")), listed: true, ..Default::default() }), [6, 4, 2]);
    assert!(seqs(AuditFilter { child: Some(id("C3")), listed: true, ..Default::default() }).is_empty());
    assert!(s.check().unwrap().is_clean());
});

on_both_backends!(a_batch_of_audit_entries_chains_as_if_written_one_by_one, |db| {
    let entries: Vec<_> = (0..5).map(|n| audit(n, "pat", AuditAction::ViewChild, Some("C1"))).collect();
    let mut one_by_one = store_with_child(db);
    let singly: Vec<_> = entries.iter().map(|e| one_by_one.append_audit(e).unwrap()).collect();
    let batched_db = db.fresh("audit_batch");
    let mut batched = store_with_child(&batched_db);
    assert!(batched.append_audits(&[]).unwrap().is_empty());
    let first = batched.append_audits(&entries[..2]).unwrap();
    let rest = batched.append_audits(&entries[2..]).unwrap();
    assert_eq!([first, rest].concat(), singly);
    assert!(batched.check().unwrap().is_clean());
});

on_both_backends!(check_reports_a_corrupted_projection_and_log_row, |db| {
    let s = store_with_everything(db);
    assert!(s.check().unwrap().is_clean(), "{:?}", problems(s.as_ref()));
    db.sql(db.drop_triggers_sql()).unwrap();
    db.sql("UPDATE child_state SET state = replace(state, '\"Sam\"', '\"Samuel\"') WHERE child_id = 'C1'").unwrap();
    db.sql("UPDATE events SET effective = '2025-09-09' WHERE seq = 5").unwrap();
    let found = problems(s.as_ref());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0],
        "child stream, subject C1, seq 5: effective column Some(\"2025-09-09\") does not match the payload's Some(\"2025-09-01\")"
    );
    assert_eq!(found[1], "child stream, subject C1: projection differs from the replay of the log");
});

on_both_backends!(check_reports_a_gap_and_a_missing_projection, |db| {
    let s = store_with_child(db);
    db.sql(db.drop_triggers_sql()).unwrap();
    db.sql("DELETE FROM events WHERE seq = 4; DELETE FROM child_state").unwrap();
    let found = problems(s.as_ref());
    assert_eq!(
        found,
        [
            "child stream, subject C1, seq 5: version 2 follows version 0",
            "child stream, subject C1: events with no projection"
        ]
    );
});

on_both_backends!(an_audit_row_edited_by_sql_breaks_the_chain, |db| {
    let s = store_with_everything(db);
    db.sql(db.drop_triggers_sql()).unwrap();
    // Someone rewrites what pat looked at.
    db.sql("UPDATE events SET payload = replace(payload, 'C1', 'C7') WHERE stream = 'audit' AND version = 2").unwrap();
    let found = problems(s.as_ref());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("audit chain broken at entry 2: its hash does not match its content"), "{found:#?}");
    // Removing a row breaks the chain at the entry after it.
    let fresh = db.fresh("audit_rehash");
    let s = store_with_everything(&fresh);
    fresh.sql(fresh.drop_triggers_sql()).unwrap();
    fresh.sql("DELETE FROM events WHERE stream = 'audit' AND version = 2").unwrap();
    let found = problems(s.as_ref());
    assert!(found.iter().any(|p| p.contains("audit stream, seq 11: version 3 follows version 1")), "{found:#?}");
    assert!(found.iter().any(|p| p.contains("audit chain broken at entry 3: prev_hash does not match")), "{found:#?}");
    // Changing a column the payload also states is caught as well.
    let third = db.fresh("audit_column");
    let s = store_with_everything(&third);
    third.sql(third.drop_triggers_sql()).unwrap();
    third.sql("UPDATE events SET recorded_by = 'ann' WHERE stream = 'audit' AND version = 1").unwrap();
    let found = problems(s.as_ref());
    assert!(found.len() == 1 && found[0].contains("do not match the payload"), "{found:#?}");
});

on_both_backends!(export_imports_back_byte_for_byte, |db| {
    let mut s = store_with_everything(db);
    s.append_child(&id("C1"), Some(2), &[(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })]).unwrap();
    let text = export(s.as_ref(), Stream::ALL);
    assert_eq!(unframed(&text).lines().count(), 13);
    assert_eq!(text.lines().count(), 15, "a header and a closing record around the events");
    let target = db.fresh("export_copy");
    let mut copy = target.open();
    let summary = copy.import("backup.jsonl", &mut text.as_bytes(), &opts()).unwrap();
    assert_eq!((summary.children, summary.events), (1, 13));
    assert_eq!(export(copy.as_ref(), Stream::ALL), text);
    assert_eq!(copy.child(&id("C1")).unwrap(), s.child(&id("C1")).unwrap());
    assert_eq!(copy.accounts().unwrap(), s.accounts().unwrap());
    assert_eq!(copy.audit_log(&AuditFilter::default()).unwrap(), s.audit_log(&AuditFilter::default()).unwrap());
    assert!(copy.check().unwrap().is_clean());
    // Only the record's streams by default.
    assert!(
        unframed(&export(s.as_ref(), Stream::RECORD))
            .lines()
            .all(|l| l.contains("\"stream\":\"child\"") || l.contains("\"stream\":\"org\""))
    );
});

on_both_backends!(a_corrupt_import_names_the_line_and_stores_nothing, |db| {
    let s = store_with_everything(db);
    // Lines as an older carefile wrote them: no checksum, so the import's own checks are what refuse.
    let good = unframed(&export(s.as_ref(), Stream::ALL));
    let lines: Vec<&str> = good.lines().collect();
    let cases: Vec<(String, u64, &str)> = vec![
        (format!("{}\n{{not json\n", lines[0]), 2, "not an event line"),
        (good.replace("\"source\":\"6\"", "\"source\":\"Z9\""), 5, "'Z9' is not a referral source code"),
        (
            good.replace(
                "\"version\":2,\"kind\":\"referral_received\"",
                "\"version\":3,\"kind\":\"referral_received\"",
            ),
            5,
            "should be 2",
        ),
        (lines[4].to_string(), 1, "no child with ID C1"),
        (good.replace("2026-01-05T09:00:01.000001Z", "2026-01-05 09:00"), 4, "not a UTC timestamp"),
        (good.replace("\"kind\":\"registered\"", "\"kind\":\"died\""), 4, "does not match"),
        (
            good.replace("\"username\":\"ann\",\"role\":\"admin\"", "\"username\":\"pat\",\"role\":\"admin\""),
            7,
            "'pat' already exists",
        ),
        // An audit entry altered in the backup no longer matches its hash.
        (good.replace("/children/C2", "/children/C3"), 11, "audit hash does not match"),
        (good.replace("\"user\":\"ann\"", "\"user\":\"pat\""), 11, "do not match the audit entry"),
    ];
    for (text, line, needle) in cases {
        let fresh_db = db.fresh("corrupt_import");
        let mut fresh = fresh_db.open();
        let err = fresh.import("bad.jsonl", &mut text.as_bytes(), &unverified()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("bad.jsonl line {line}: ")), "{msg}");
        assert!(msg.contains(needle), "{msg}");
        assert_eq!(unframed(&export(fresh.as_ref(), Stream::ALL)), "", "a failed import left events behind");
    }
    // Importing into a database that already holds events is refused.
    let mut s2 = store_with_child(&db.fresh("import_again"));
    let err = s2.import("again.jsonl", &mut good.as_bytes(), &unverified()).unwrap_err().to_string();
    assert!(err.contains("empty database"), "{err}");
});

on_both_backends!(the_database_survives_reopening, |db| {
    {
        let mut s = db.open();
        s.append_child(&id("C1"), None, &[(rec(1), registered("2016-02-01"))]).unwrap();
    }
    let mut s = db.open();
    assert_eq!(s.migrate().unwrap(), 0);
    assert_eq!(s.child(&id("C1")).unwrap().unwrap().1, 1);
});

/// A whole authority moves SQLite → PostgreSQL → export, byte for byte.
#[test]
fn backup_moves_between_backends_exactly() {
    let Some(pg) = TestDb::postgres("cross_backend") else { return };
    let lite = TestDb::sqlite();
    let mut s = store_with_everything(&lite);
    s.append_child(&id("C1"), Some(2), &[(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })]).unwrap();
    let text = export(s.as_ref(), Stream::ALL);
    let mut p = pg.open();
    p.import("sqlite.jsonl", &mut text.as_bytes(), &opts()).unwrap();
    let back = export(p.as_ref(), Stream::ALL);
    assert_eq!(back, text);
    assert!(p.check().unwrap().is_clean());
    let again = TestDb::sqlite();
    again.open().import("postgres.jsonl", &mut back.as_bytes(), &opts()).unwrap();
    assert_eq!(export(again.open().as_ref(), Stream::ALL), text);
}

/// The import's parsing is shared by both backends, so the generated cases run on SQLite in memory.
mod fuzzish {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Junk never panics the importer, and a refused import leaves nothing behind.
        #[test]
        fn junk_is_refused_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut fresh = SqliteStore::open_in_memory().unwrap();
            match fresh.import("junk.jsonl", &mut bytes.as_slice(), &support::opts()) {
                Ok(s) => prop_assert_eq!(s.events, 0, "junk imported events"),
                Err(e) => {
                    prop_assert!(e.to_string().starts_with("junk.jsonl line "), "{}", e);
                    prop_assert_eq!(support::unframed(&export(&fresh, Stream::ALL)), "");
                }
            }
        }

        /// A good export with one byte changed either imports or is refused whole.
        #[test]
        fn a_changed_byte_imports_whole_or_not_at_all(pos in 0usize..2000, byte in any::<u8>()) {
            let mut s = SqliteStore::open_in_memory().unwrap();
            populate(&mut s);
            let good = export(&s, Stream::ALL).into_bytes();
            let mut bad = good.clone();
            let i = pos % bad.len();
            bad[i] = byte;
            let mut fresh = SqliteStore::open_in_memory().unwrap();
            let events = bad.split(|b| *b == b'\n').filter(|l| l.starts_with(b"{\"seq\":")).count() as u64;
            match fresh.import("x.jsonl", &mut bad.as_slice(), &support::opts()) {
                Ok(s) => {
                    prop_assert_eq!(&bad, &good, "a changed backup was accepted");
                    prop_assert_eq!(s.events, events);
                }
                Err(_) => prop_assert_eq!(support::unframed(&export(&fresh, Stream::ALL)), ""),
            }
        }
    }
}

on_both_backends!(racing_writers_on_one_child_lose_no_update, |db| {
    drop(store_with_child(db));
    let (writers, each) = (4, 10);
    let conflicts: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                scope.spawn(move || {
                    let mut s = db.open();
                    let mut conflicts = 0;
                    let mut saved = 0;
                    while saved < each {
                        let (_, v) = s.child(&id("C1")).unwrap().unwrap();
                        let date = d("2025-01-01") + chrono::Duration::days(w * 80 + saved);
                        match s.append_child(
                            &id("C1"),
                            Some(v),
                            &[(rec(3), ChildEvent::Visited { date, seen: true, seen_alone: false })],
                        ) {
                            Ok(_) => saved += 1,
                            Err(StoreError::Conflict { .. }) => conflicts += 1,
                            Err(e) => panic!("writer {w}: {e}"),
                        }
                    }
                    conflicts
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let s = db.open();
    let (child, v) = s.child(&id("C1")).unwrap().unwrap();
    // Every save that was acknowledged is in the record; refused ones were retried.
    assert_eq!(v, 2 + (writers * each) as u64, "{conflicts} conflicts");
    assert_eq!(child.visits.len(), (writers * each) as usize);
    assert!(s.check().unwrap().is_clean());
});
