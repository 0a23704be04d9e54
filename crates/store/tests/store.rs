//! The store's contract: checked writes, an unchanged log after any refusal,
//! optimistic concurrency, and an export that imports back exactly.

use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::org::{OrgEvent, Service, StaffRole};
use carefile_domain::{ChildId, Recorded, TeamId, WorkerId};
use carefile_store::{EventStore, SqliteStore, StoreError, Stream};
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};

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

fn store_with_child() -> SqliteStore {
    let mut s = SqliteStore::open_in_memory().unwrap();
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
    s
}

fn export(s: &SqliteStore, streams: &[Stream]) -> String {
    let mut out = Vec::new();
    s.export(streams, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn writes_are_checked_and_projected() {
    let s = store_with_child();
    let (child, version) = s.child(&id("C1")).unwrap().unwrap();
    assert_eq!(version, 2);
    assert_eq!(child.referrals.len(), 1);
    assert_eq!(s.child_log(&id("C1")).unwrap().len(), 2);
    assert!(s.child(&id("C2")).unwrap().is_none());
    assert_eq!(s.organisation().unwrap().authority.unwrap().dfe_number, 855);
}

#[test]
fn each_rejected_write_leaves_the_log_unchanged() {
    let mut s = store_with_child();
    let before = export(&s, &Stream::ALL);
    let attempts: Vec<(Option<u64>, Vec<(Recorded, ChildEvent)>, &str)> = vec![
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
        (Some(2), vec![(rec(3), ChildEvent::Retracted { seq: 5 })], "must say why"),
    ];
    for (expected, events, needle) in attempts {
        let err = s.append_child(&id("C1"), expected, &events).unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
        assert_eq!(export(&s, &Stream::ALL), before, "log changed after: {err}");
    }
    let err =
        s.append_child(&id("C9"), None, &[(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })]).unwrap_err();
    assert!(matches!(err, StoreError::UnknownChild(ref c) if c == "C9"), "{err}");
    assert_eq!(export(&s, &Stream::ALL), before);
}

#[test]
fn the_log_is_append_only_even_to_sql() {
    let s = store_with_child();
    let err = s.connection().execute("UPDATE events SET payload = '{}' WHERE seq = 1", []).unwrap_err();
    assert!(err.to_string().contains("append-only"));
    let err = s.connection().execute("DELETE FROM events", []).unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

#[test]
fn corrections_are_new_events_that_say_why() {
    let mut s = store_with_child();
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
    // The original is still in the log.
    assert_eq!(s.child_log(&id("C1")).unwrap().len(), 4);
}

#[test]
fn export_imports_back_byte_for_byte() {
    let mut s = store_with_child();
    s.append_child(&id("C1"), Some(2), &[(rec(3), ChildEvent::DentalCheck { date: d("2025-10-01") })]).unwrap();
    let text = export(&s, &Stream::ALL);
    assert_eq!(text.lines().count(), 6);
    let mut copy = SqliteStore::open_in_memory().unwrap();
    let summary = copy.import("backup.jsonl", &mut text.as_bytes()).unwrap();
    assert_eq!((summary.children, summary.events), (1, 6));
    assert_eq!(export(&copy, &Stream::ALL), text);
    assert_eq!(copy.child(&id("C1")).unwrap(), s.child(&id("C1")).unwrap());
    // Only the record's streams by default.
    assert!(
        export(&s, &Stream::RECORD)
            .lines()
            .all(|l| l.contains("\"stream\":\"child\"") || l.contains("\"stream\":\"org\""))
    );
}

#[test]
fn a_corrupt_import_names_the_line_and_stores_nothing() {
    let s = store_with_child();
    let good = export(&s, &Stream::ALL);
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
    ];
    for (text, line, needle) in cases {
        let mut fresh = SqliteStore::open_in_memory().unwrap();
        let err = fresh.import("bad.jsonl", &mut text.as_bytes()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("bad.jsonl line {line}: ")), "{msg}");
        assert!(msg.contains(needle), "{msg}");
        assert_eq!(export(&fresh, &Stream::ALL), "", "a failed import left events behind");
    }
    // Importing into a database that already holds events is refused.
    let mut s2 = store_with_child();
    assert!(s2.import("again.jsonl", &mut good.as_bytes()).unwrap_err().to_string().contains("empty database"));
}

#[test]
fn the_database_file_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let path = path.to_str().unwrap();
    {
        let mut s = SqliteStore::open(path).unwrap();
        s.append_child(&id("C1"), None, &[(rec(1), registered("2016-02-01"))]).unwrap();
    }
    let mut s = SqliteStore::open(path).unwrap();
    assert_eq!(s.migrate().unwrap(), 0);
    assert_eq!(s.child(&id("C1")).unwrap().unwrap().1, 1);
}

mod fuzzish {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Junk never panics the importer, and a refused import leaves nothing behind.
        #[test]
        fn junk_is_refused_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut fresh = SqliteStore::open_in_memory().unwrap();
            match fresh.import("junk.jsonl", &mut bytes.as_slice()) {
                Ok(s) => prop_assert_eq!(s.events, 0, "junk imported events"),
                Err(e) => {
                    prop_assert!(e.to_string().starts_with("junk.jsonl line "), "{}", e);
                    prop_assert_eq!(export(&fresh, &Stream::ALL), "");
                }
            }
        }

        /// A good export with one byte changed either imports or is refused whole.
        #[test]
        fn a_changed_byte_imports_whole_or_not_at_all(pos in 0usize..2000, byte in any::<u8>()) {
            let good = export(&store_with_child(), &Stream::ALL).into_bytes();
            let mut bad = good.clone();
            let i = pos % bad.len();
            bad[i] = byte;
            let mut fresh = SqliteStore::open_in_memory().unwrap();
            let lines = bad.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count() as u64;
            match fresh.import("x.jsonl", &mut bad.as_slice()) {
                Ok(s) => prop_assert_eq!(s.events, lines),
                Err(_) => prop_assert_eq!(export(&fresh, &Stream::ALL), ""),
            }
        }
    }
}
