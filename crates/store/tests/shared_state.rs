//! The state servers share outside the log (decision 006), on each backend:
//! sessions, rotated keys, following the log, heartbeats and settings; and the
//! schema guard and read-only opening that operators rely on.

mod support;
use support::TestDb;

use carefile_domain::access::{AuditAction, AuditEntry, UserEvent};
use carefile_domain::{Recorded, access::Role};
use carefile_store::{EventStore, SCHEMA_VERSION, ServerBeat, SessionGrant, SessionRow, StoreError};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0).unwrap() + Duration::minutes(min)
}

fn session(key: &str, user: &str, at: DateTime<Utc>) -> SessionRow {
    SessionRow {
        key: key.into(),
        username: user.into(),
        csrf: format!("csrf-of-{key}"),
        created: at,
        last_seen: at,
        wrote_seq: 0,
        grants: vec![],
    }
}

fn add_user(s: &mut dyn EventStore, name: &str) {
    let e = UserEvent::UserAdded {
        username: name.into(),
        role: Role::new("social-worker").unwrap(),
        worker: None,
        password_hash: "x".into(),
    };
    s.append_users(&[(Recorded::new(t(0), "test", None), e)]).unwrap();
}

on_both_backends!(sessions_live_in_the_database_for_every_connection, |db| {
    let mut a = db.open();
    let b = db.open();
    a.session_start(&session("k1", "pat", t(0))).unwrap();
    a.session_start(&session("k2", "pat", t(1))).unwrap();
    a.session_start(&session("k3", "ann", t(2))).unwrap();
    // Seen by another connection at once, as another server would.
    let got = b.session("k1").unwrap().unwrap();
    assert_eq!((got.username.as_str(), got.csrf.as_str(), got.created), ("pat", "csrf-of-k1", t(0)));
    assert!(b.session("nope").unwrap().is_none());
    a.session_touch("k1", t(5)).unwrap();
    a.session_wrote("k1", 40).unwrap();
    a.session_wrote("k1", 30).unwrap(); // never goes back
    a.session_grant("k1", "C7", "stated_reason", t(240)).unwrap();
    a.session_grant("k1", "C7", "break_glass", t(250)).unwrap(); // a later opening replaces it
    let got = b.session("k1").unwrap().unwrap();
    let grant = SessionGrant { child: "C7".into(), kind: "break_glass".into(), until: t(250) };
    assert_eq!((got.last_seen, got.wrote_seq, got.grants.clone()), (t(5), 40, vec![grant]));
    assert_eq!(a.sessions_live(t(-30), t(-720)).unwrap(), 3);
    // Idle since before t(1): k2 (last seen t(1)) stays, only sessions seen before t(1) go.
    assert_eq!(a.sessions_sweep(t(1), t(-720), t(10)).unwrap(), 0);
    assert_eq!(a.sessions_sweep(t(2), t(-720), t(10)).unwrap(), 1, "k2 was idle");
    assert!(b.session("k2").unwrap().is_none());
    // Grants run out on their own.
    a.sessions_sweep(t(-1000), t(-1000), t(300)).unwrap();
    assert!(b.session("k1").unwrap().unwrap().grants.is_empty());
    a.session_grant("k1", "C8", "break_glass", t(400)).unwrap();
    assert_eq!(a.sessions_end_user("pat").unwrap(), 1);
    assert!(b.session("k1").unwrap().is_none());
    a.session_end("k3").unwrap();
    assert!(b.session("k3").unwrap().is_none());
    assert_eq!(a.sessions_live(t(-1000), t(-1000)).unwrap(), 0);
});

on_both_backends!(keys_rotate_once_for_all_servers, |db| {
    let mut a = db.open();
    let mut b = db.open();
    let day = Duration::hours(24);
    let k = a.server_keys("csrf", t(0), day, "aaaa").unwrap();
    assert_eq!(k.len(), 1);
    assert_eq!((k[0].id, k[0].secret.as_str()), (1, "aaaa"));
    // Another server within the day gets the same key, not its candidate.
    assert_eq!(b.server_keys("csrf", t(60), day, "bbbb").unwrap(), k);
    // A day on: one new key, the old one kept to verify what it signed.
    let k2 = b.server_keys("csrf", t(24 * 60), day, "cccc").unwrap();
    assert_eq!(k2.iter().map(|k| k.secret.as_str()).collect::<Vec<_>>(), ["cccc", "aaaa"]);
    assert_eq!(a.server_keys("csrf", t(24 * 60 + 1), day, "dddd").unwrap(), k2, "rotated once, not twice");
    // Two days further: the oldest is gone.
    let k3 = a.server_keys("csrf", t(3 * 24 * 60), day, "eeee").unwrap();
    assert_eq!(k3.iter().map(|k| k.secret.as_str()).collect::<Vec<_>>(), ["eeee", "cccc"]);
    assert!(a.server_keys("other", t(0), day, "ffff").unwrap()[0].secret == "ffff", "purposes are apart");
});

on_both_backends!(followers_see_every_change_but_audit_in_order, |db| {
    let mut s = db.open();
    assert_eq!(s.last_seq().unwrap(), 0);
    add_user(s.as_mut(), "pat");
    let entry =
        AuditEntry { at: t(1), user: "pat".into(), action: AuditAction::SignIn, child: None, children: Vec::new(), detail: String::new() };
    s.append_audit(&entry).unwrap();
    add_user(s.as_mut(), "ann");
    add_user(s.as_mut(), "sam");
    let last = s.last_seq().unwrap();
    assert_eq!(last, 4);
    let all = s.changes_after(0, last, 100).unwrap();
    assert_eq!(all.through, 4);
    assert_eq!(all.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 3, 4]);
    assert!(all.changes.iter().all(|c| c.stream == "users" && c.kind == "user_added"));
    assert!(all.changes[1].payload.contains("\"ann\""));
    // A full batch reaches only as far as its last row.
    let first = s.changes_after(0, last, 2).unwrap();
    assert_eq!((first.changes.len(), first.through), (2, 3));
    let rest = s.changes_after(first.through, last, 2).unwrap();
    assert_eq!((rest.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), rest.through), (vec![4], 4));
    assert_eq!(s.changes_after(4, 4, 2).unwrap().changes, vec![]);
});

on_both_backends!(heartbeats_and_settings_are_shared, |db| {
    let mut a = db.open();
    let b = db.open();
    let beat = |id: &str, at, seq| ServerBeat {
        id: id.into(),
        host: "web1".into(),
        pid: 42,
        version: "0.1.0".into(),
        started: t(0),
        last_seen: at,
        applied_seq: seq,
    };
    a.server_beat(&beat("s1", t(1), 10)).unwrap();
    a.server_beat(&beat("s2", t(2), 7)).unwrap();
    a.server_beat(&beat("s1", t(3), 12)).unwrap();
    let seen = b.servers().unwrap();
    assert_eq!(seen.iter().map(|s| (s.id.as_str(), s.applied_seq)).collect::<Vec<_>>(), [("s1", 12), ("s2", 7)]);
    assert_eq!(a.servers_forget(t(3)).unwrap(), 1);
    assert!(b.setting("maintenance").unwrap().is_none());
    a.set_setting("maintenance", Some("Upgrading until 19:00"), t(4), "ops").unwrap();
    let m = b.setting("maintenance").unwrap().unwrap();
    assert_eq!((m.value.as_str(), m.set_at, m.set_by.as_str()), ("Upgrading until 19:00", t(4), "ops"));
    a.set_setting("maintenance", None, t(5), "ops").unwrap();
    assert!(b.setting("maintenance").unwrap().is_none());
});

on_both_backends!(a_schema_newer_than_this_build_is_refused, |db| {
    drop(db.open());
    db.sql(&format!("INSERT INTO schema_migrations (version) VALUES ({})", SCHEMA_VERSION + 1)).unwrap();
    for err in [carefile_store::open(&db.url).err(), carefile_store::open_read_only(&db.url).err()] {
        let err = err.expect("refused");
        assert!(matches!(err, StoreError::SchemaTooNew { found, .. } if found == SCHEMA_VERSION + 1), "{err}");
        assert!(err.to_string().contains("newer carefile"), "{err}");
    }
});

on_both_backends!(read_only_opening_migrates_nothing_and_writes_nothing, |db| {
    // An empty database has no schema: a reader says to migrate, and makes nothing.
    if db.postgres {
        let err = carefile_store::open_read_only(&db.url).err().expect("refused");
        assert!(matches!(err, StoreError::SchemaTooOld { found: 0, .. }), "{err}");
    }
    let mut w = db.open();
    add_user(w.as_mut(), "pat");
    let mut r = carefile_store::open_read_only(&db.url).unwrap();
    assert_eq!(r.accounts().unwrap().users.len(), 1);
    let err = r.append_users(&[]).and_then(|_| {
        let e = UserEvent::UserDisabled { username: "pat".into() };
        r.append_users(&[(Recorded::new(t(1), "test", None), e)])
    });
    assert!(err.is_err(), "a read-only store refused the write");
    assert_eq!(w.accounts().unwrap().users.len(), 1);
});

#[test]
fn a_missing_sqlite_file_is_not_created_by_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.db");
    assert!(carefile_store::open_read_only(path.to_str().unwrap()).is_err());
    assert!(!path.exists());
}

/// A reader opens and reads at once while another process holds SQLite's
/// write lock (the backup that waited 30 s and failed).
#[test]
fn readers_do_not_wait_for_a_writer_on_sqlite() {
    let db = TestDb::sqlite();
    let mut w = db.open();
    add_user(w.as_mut(), "pat");
    let holder = rusqlite::Connection::open(&db.url).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings VALUES ('x', 'y', 'z', 'w');").unwrap();
    let started = std::time::Instant::now();
    let r = carefile_store::open_read_only(&db.url).unwrap();
    assert_eq!(r.accounts().unwrap().users.len(), 1);
    assert!(r.check().unwrap().is_clean());
    // Not a timing assertion on speed: the busy timeout is 30 s, so a wait would be unmistakable.
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "the reader waited for the write lock");
    holder.execute_batch("ROLLBACK").unwrap();
}

/// A copy on read-only media: no -wal or -shm can be made beside it. As root
/// (who ignores permission bits) the copy goes on a tmpfs remounted read-only.
#[test]
fn a_read_only_copy_opens_for_reading() {
    let db = TestDb::sqlite();
    let mut w = db.open();
    add_user(w.as_mut(), "pat");
    drop(w);
    let media = ReadOnlyMedia::with_file(std::path::Path::new(&db.url));
    let copy = media.file.to_str().unwrap();
    assert!(std::fs::OpenOptions::new().append(true).open(copy).is_err(), "the copy is really read-only");
    let r = carefile_store::open_read_only(copy).unwrap();
    assert_eq!(r.accounts().unwrap().users.len(), 1);
    assert!(r.check().unwrap().is_clean());
    assert!(carefile_store::open(copy).is_err(), "and cannot be opened for writing");
}

/// A folder holding one file that nobody (root included) can write.
struct ReadOnlyMedia {
    dir: tempfile::TempDir,
    file: std::path::PathBuf,
    mounted: bool,
}

impl ReadOnlyMedia {
    fn with_file(src: &std::path::Path) -> ReadOnlyMedia {
        use std::os::unix::fs::PermissionsExt;
        use std::process::Command;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("copy.db");
        let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
        let run = |args: &[&str]| Command::new(args[0]).args(&args[1..]).status().is_ok_and(|s| s.success());
        let d = dir.path().to_str().unwrap();
        if root {
            assert!(run(&["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", d]), "root can mount a tmpfs");
            std::fs::copy(src, &file).unwrap();
            assert!(run(&["mount", "-o", "remount,ro", d]), "and remount it read-only");
        } else {
            std::fs::copy(src, &file).unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        ReadOnlyMedia { dir, file, mounted: root }
    }
}

impl Drop for ReadOnlyMedia {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let d = self.dir.path();
        if self.mounted {
            let _ = std::process::Command::new("umount").arg(d).status();
        } else {
            let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// A write on one connection wakes a listener on another at once.
#[test]
fn postgres_writes_wake_listeners() {
    let Some(db) = TestDb::postgres("listen") else { return };
    let mut w = db.open();
    let mut l = carefile_store::Listener::connect(&db.url).unwrap();
    assert!(!l.wait(std::time::Duration::from_millis(50)).unwrap(), "nothing written yet");
    add_user(w.as_mut(), "pat");
    assert!(l.wait(std::time::Duration::from_secs(10)).unwrap(), "woken by the write");
    // Session rows are not the log: they wake no one.
    w.session_start(&session("k", "pat", t(0))).unwrap();
    assert!(!l.wait(std::time::Duration::from_millis(200)).unwrap());
}

on_both_backends!(sign_in_throttles_are_counted_in_the_database_for_every_server, |db| {
    let mut a = db.open();
    let mut b = db.open();
    assert!(a.throttle("u:pat").unwrap().is_none());
    assert_eq!(a.throttle_refused("u:pat").unwrap(), 0, "nothing counted, nothing refused");
    // Two servers count failures of one account into one row.
    assert_eq!(a.throttle_failed("u:pat", t(0), t(-15)).unwrap().failures, 1);
    assert_eq!(b.throttle_failed("u:pat", t(1), t(-14)).unwrap().failures, 2);
    assert_eq!(a.throttle_refused("u:pat").unwrap(), 1);
    let row = b.throttle("u:pat").unwrap().unwrap();
    assert_eq!((row.failures, row.first_at, row.last_at, row.refused), (2, t(0), t(1), 1));
    // A window that began after the first failure starts the count again, refusals too.
    let row = a.throttle_failed("u:pat", t(20), t(5)).unwrap();
    assert_eq!((row.failures, row.first_at, row.last_at, row.refused), (1, t(20), t(20), 0));
    b.throttle_failed("a:10.0.0.1", t(21), t(6)).unwrap();
    b.throttle_clear("u:pat").unwrap();
    assert!(a.throttle("u:pat").unwrap().is_none());
    assert_eq!(a.throttle_sweep(t(21)).unwrap(), 0);
    assert_eq!(a.throttle_sweep(t(22)).unwrap(), 1);
    assert!(b.throttle("a:10.0.0.1").unwrap().is_none());
});

on_both_backends!(idempotency_keys_are_claimed_once_and_answered_for_every_connection, |db| {
    use carefile_store::{Claim, Replay};
    let (mut a, mut b) = (db.open(), db.open());
    let (h1, h2) = ("1".repeat(64), "2".repeat(64));
    let claim = |s: &mut Box<dyn EventStore>, key: &str, h: &str, at: i64| {
        // Kept a day; a claim never answered is given up after two minutes.
        s.replay_claim("pat", key, h, t(at), t(at) - Duration::days(1), t(at) - Duration::minutes(2)).unwrap()
    };
    assert_eq!(claim(&mut a, "k", &h1, 0), Claim::Claimed);
    // Another server sees the first request still running, whatever it asks.
    assert_eq!(claim(&mut b, "k", &h1, 0), Claim::Running { request: h1.clone() });
    assert_eq!(claim(&mut b, "k", &h2, 0), Claim::Running { request: h1.clone() });
    // Another user's key of the same name is theirs.
    assert_eq!(b.replay_claim("ann", "k", &h1, t(0), t(-1440), t(-2)).unwrap(), Claim::Claimed);
    let answer = Replay { request: h1.clone(), status: 201, etag: Some("\"4\"".into()), body: "{\"seq\":9}".into() };
    a.replay_answer("pat", "k", &answer).unwrap();
    // A retry anywhere gets the answer (the caller compares the request), until a day has passed.
    assert_eq!(claim(&mut b, "k", &h1, 60), Claim::Answered(answer.clone()));
    assert_eq!(claim(&mut b, "k", &h2, 60), Claim::Answered(answer.clone()));
    b.replay_release("pat", "k").unwrap(); // an answered key is not released
    assert_eq!(claim(&mut a, "k", &h1, 1439), Claim::Answered(answer));
    assert_eq!(claim(&mut a, "k", &h2, 1441), Claim::Claimed, "expired after a day");
    // A request that failed before answering releases its key; one whose server died is given up.
    assert_eq!(claim(&mut a, "r", &h1, 0), Claim::Claimed);
    a.replay_release("pat", "r").unwrap();
    assert_eq!(claim(&mut b, "r", &h1, 0), Claim::Claimed);
    assert_eq!(claim(&mut a, "r", &h1, 1), Claim::Running { request: h1.clone() });
    assert_eq!(claim(&mut a, "r", &h1, 3), Claim::Claimed, "abandoned after two minutes");
    assert_eq!(a.replays_purge(t(1441)).unwrap(), 2, "ann's and r's claims; k's (t(1441)) stays");
    assert_eq!(claim(&mut b, "k", &h1, 1441), Claim::Running { request: h2 });
});

on_both_backends!(racing_claims_on_one_key_are_won_once, |db| {
    use carefile_store::Claim;
    // Eight connections claim the same keys at once, as retries reaching eight servers would.
    let won: Vec<Vec<bool>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let mut s = db.open();
                scope.spawn(move || {
                    (0..20)
                        .map(|k| {
                            let c = s.replay_claim("pat", &format!("key-{k}"), "h", t(0), t(-1440), t(-2)).unwrap();
                            c == Claim::Claimed
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for k in 0..20 {
        assert_eq!(won.iter().filter(|w| w[k]).count(), 1, "key-{k} claimed by exactly one");
    }
});
