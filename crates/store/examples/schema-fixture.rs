//! Writes the upgrade fixture for a schema version: a SQLite database exactly
//! as carefile left it at that version, with data (see `tests/fixtures/README.md`).
//!
//! ```text
//! cargo run -p carefile-store --example schema-fixture            # the newest version
//! cargo run -p carefile-store --example schema-fixture -- 3       # one version
//! cargo run -p carefile-store --example schema-fixture -- all     # every version
//! ```
//!
//! The data is written through today's store into a database at today's
//! schema, then copied, table by table and column by column, into a database
//! brought to the fixture's version and no further: only what existed at that
//! version is written ([`populate`] says what came with which version).

use carefile_domain::access::{AuditAction, AuditEntry, Role, UserEvent};
use carefile_domain::documents::{Document, DocumentEvent, DocumentKind, DocumentMeta, FileInfo, MediaType};
use carefile_domain::notes::{Note, NoteContent, NoteEvent, NoteKind};
use carefile_domain::people::{Household, HouseholdEvent, HouseholdKind, Person, PersonDetails, PersonEvent};
use carefile_domain::{ChildId, Recorded};
use carefile_store::{Batch, EventStore, HeldChild, JournalEntry, SCHEMA_VERSION, ServerBeat, SessionRow, Subjects, TxSubjects};
use carefile_synth::{Options, Scale};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use std::path::{Path, PathBuf};

/// Children of the synthetic authority the fixtures hold.
const CHILDREN: usize = 24;

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn rec(minutes: i64) -> Recorded {
    Recorded::new(at(minutes), "fixture", None)
}

/// What a database at schema `version` held, written through today's store.
/// A new migration's data goes at the end, under `if version >= N`.
fn populate(s: &mut dyn EventStore, version: u32) {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let authority = carefile_synth::generate(&Options { seed: 20, scale: Scale::Small, as_of });
    // 1: the log (children, organisation, users) and the children's projections.
    // Children with short logs, so a fixture stays small.
    let mut children =
        authority.children.into_iter().filter(|c| c.events.len() <= 40).take(CHILDREN).map(|c| (c.id, c.events));
    s.bulk_load(&authority.org, &mut children, &mut |_| {}).expect("the synthetic authority loads");
    let child = s.children().unwrap()[0].id.clone();
    let user = |name: &str, role: &str| UserEvent::UserAdded {
        username: name.into(),
        role: Role::new(role).expect("a role code"),
        worker: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
    };
    s.append_users(&[
        (rec(0), user("pat", "social-worker")),
        (rec(1), user("ann", "admin")),
        (rec(2), UserEvent::RecordRestricted { child: child.clone(), reason: "staff relative".into() }),
    ])
    .unwrap();
    if version >= 2 {
        // The audit stream, hash-chained.
        let entries: Vec<AuditEntry> = [AuditAction::SignIn, AuditAction::ViewChild, AuditAction::ChangeChild]
            .into_iter()
            .enumerate()
            .map(|(i, action)| AuditEntry {
                at: at(10 + i as i64),
                user: "pat".into(),
                action,
                child: (i > 0).then(|| child.clone()),
                children: Vec::new(),
                detail: "GET /children/{id}".into(),
            })
            .collect();
        s.append_audits(&entries).unwrap();
    }
    if version >= 3 {
        // Streams beside the child's: people and households.
        let details =
            PersonDetails { forename: "Jo".into(), surname: "Bloggs".into(), dob: None, ..Default::default() };
        s.create::<Person>(&[(rec(20), PersonEvent::Registered { details })]).unwrap();
        let formed = HouseholdEvent::Formed {
            kind: HouseholdKind::Family,
            name: "Bloggs family".into(),
            address: None,
            date: as_of,
        };
        s.create::<Household>(&[(rec(21), formed)]).unwrap();
    }
    if version >= 4 {
        // Case notes, and documents with their bytes.
        note(s, &child);
        document(s, &child);
    }
    if version >= 5 {
        // State the servers share.
        let session = SessionRow {
            key: "0".repeat(64),
            username: "pat".into(),
            csrf: "1".repeat(64),
            created: at(30),
            last_seen: at(31),
            wrote_seq: 3,
            grants: vec![],
        };
        s.session_start(&session).unwrap();
        s.session_grant(&session.key, child.as_str(), "break_glass", at(240)).unwrap();
        s.server_keys("signin-csrf", at(30), Duration::hours(24), &"2".repeat(64)).unwrap();
        s.server_beat(&ServerBeat {
            id: "fixture".into(),
            host: "web1".into(),
            pid: 1,
            version: "0.1.0".into(),
            started: at(30),
            last_seen: at(31),
            applied_seq: 3,
        })
        .unwrap();
        s.set_setting("maintenance", Some("Upgrading"), at(32), "ops").unwrap();
    }
    if version >= 6 {
        // The import journal.
        let e = JournalEntry {
            id: "3".repeat(64),
            kind: "events".into(),
            source: "backup.jsonl".into(),
            started_at: at(40),
            recorded_at: None,
            position: 0,
            total: 10,
            finished_at: None,
        };
        s.journal_start(&e).unwrap();
        s.journal_finish(&e.id, at(41)).unwrap();
    }
    if version >= 7 {
        // The DfE API's send log: one accepted request, one left prepared by a killed run.
        let batch = |id: &str, minutes: i64| Batch {
            batch_id: id.into(),
            run_id: "run-1".into(),
            as_of: "2026-03-31".into(),
            schema: "1.0.1".into(),
            created_at: at(minutes).to_rfc3339(),
            children: vec![child.to_string()],
            body_sha256: "4".repeat(64),
        };
        s.dfe_prepare(&batch("run-1-0001", 50)).unwrap();
        let held = HeldChild { child: child.to_string(), held: Some("{\"hash\":\"5\"}".into()), receipt: Some("r-1".into()) };
        s.dfe_accepted("run-1-0001", 200, &["r-1".into()], &[held], &at(51).to_rfc3339()).unwrap();
        s.dfe_prepare(&batch("run-1-0002", 52)).unwrap();
    }
    if version >= 8 {
        // A draft of a form, half typed.
        let d = carefile_store::Draft {
            author: "pat".into(),
            key: format!("/children/{child}/notes/new"),
            title: "Case note".into(),
            child: Some(child.to_string()),
            base: None,
            fields: vec![("title".into(), "Home visit".into()), ("text".into(), "Saw the child at ho".into())],
            saved_at: at(60),
        };
        s.draft_save(&d).unwrap();
    }
    if version >= 9 {
        // How a session opened a record: a stated reason beside the break glass above.
        let other = s.children().unwrap()[1].id.clone();
        s.session_grant(&"0".repeat(64), other.as_str(), "stated_reason", at(250)).unwrap();
    }
    if version >= 10 {
        // Sign-in failures counted for an account and an address.
        s.throttle_failed("u:pat", at(70), at(0)).unwrap();
        s.throttle_failed("a:192.0.2.1", at(70), at(0)).unwrap();
    }
    if version >= 11 {
        // An API write's answer kept under its idempotency key.
        let hash = "6".repeat(64);
        s.replay_claim("pat", "key-1", &hash, at(80), at(0), at(0)).unwrap();
        let body = format!("{{\"child\":\"{child}\",\"seq\":3,\"kind\":\"visited\",\"version\":2}}");
        let answer = carefile_store::Replay { request: hash, status: 201, etag: Some("\"2\"".into()), body };
        s.replay_answer("pat", "key-1", &answer).unwrap();
    }
}

fn note(s: &mut dyn EventStore, child: &ChildId) {
    let content = NoteContent {
        kind: NoteKind::PhoneCall,
        date: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
        time: None,
        title: "Call from school".into(),
        text: "Attendance has improved.".into(),
        seen: vec![],
        others_present: String::new(),
        child_seen: None,
        child_seen_alone: None,
        child_views: String::new(),
        significant: false,
        step: None,
    };
    s.create::<Note>(&[(rec(22), NoteEvent::Written { child: child.clone(), content })]).unwrap();
}

fn document(s: &mut dyn EventStore, child: &ChildId) {
    let pdf = b"%PDF-1.7\nan interim care order\n%%EOF".to_vec();
    s.transaction(&mut |tx| {
        let sha256 = tx.put_blob(&pdf)?;
        let file = FileInfo { filename: "ico.pdf".into(), media_type: MediaType::Pdf, size: pdf.len() as u64, sha256 };
        let meta = DocumentMeta {
            kind: DocumentKind::CourtOrder,
            title: "Interim care order".into(),
            date: None,
            description: String::new(),
            note: None,
        };
        tx.create::<Document>(&[(rec(23), DocumentEvent::Attached { child: child.clone(), meta, file })])?;
        Ok(())
    })
    .unwrap();
}

/// Where the fixtures live.
fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Writes `schema-NNNN.db` for `version`.
fn write(version: u32) {
    let work = tempfile::tempdir().unwrap();
    let full = work.path().join("full.db");
    let mut s = carefile_store::open(full.to_str().unwrap()).unwrap();
    populate(s.as_mut(), version);
    drop(s);
    let at_version = work.path().join("fixture.db");
    let conn = rusqlite::Connection::open(&at_version).unwrap();
    // Small pages keep a fixture small; the rollback journal keeps it one file.
    conn.execute_batch("PRAGMA page_size = 1024; PRAGMA journal_mode = DELETE;").unwrap();
    drop(conn);
    carefile_store::migrate_to(at_version.to_str().unwrap(), version).unwrap();
    let conn = rusqlite::Connection::open(&at_version).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS src", [full.to_str().unwrap()]).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let cols = columns.join(", ");
        conn.execute(&format!("INSERT INTO main.{t} ({cols}) SELECT {cols} FROM src.{t}"), []).unwrap();
    }
    conn.execute_batch("DETACH DATABASE src; VACUUM;").unwrap();
    drop(conn);
    let name = format!("schema-{version:04}");
    std::fs::copy(&at_version, folder().join(format!("{name}.db"))).unwrap();
    println!("wrote tests/fixtures/{name}.db");
}

fn main() {
    let arg = std::env::args().nth(1);
    let versions: Vec<u32> = match arg.as_deref() {
        None => vec![SCHEMA_VERSION],
        Some("all") => (1..=SCHEMA_VERSION).collect(),
        Some(v) => vec![v.parse().expect("a schema version, or 'all'")],
    };
    std::fs::create_dir_all(folder()).unwrap();
    for v in versions {
        assert!((1..=SCHEMA_VERSION).contains(&v), "schema versions run from 1 to {SCHEMA_VERSION}");
        write(v);
    }
}
