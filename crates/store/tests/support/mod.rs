//! Runs a test against each backend: a SQLite file, and a fresh PostgreSQL
//! schema when `CAREFILE_TEST_PG_URL` names a server (so tests run in parallel).
#![allow(dead_code)] // each test binary uses its own part of this

use carefile_store::{EventStore, ImportOptions, PostgresStore};
use std::sync::atomic::{AtomicU32, Ordering};

/// One empty database for one test.
pub struct TestDb {
    /// What `carefile_store::open` and `--db` take.
    pub url: String,
    pub postgres: bool,
    _dir: Option<tempfile::TempDir>,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = dir.path().join("carefile.db").to_str().expect("a UTF-8 path").to_string();
        TestDb { url, postgres: false, _dir: Some(dir) }
    }

    /// A new schema on the test server, or `None` (saying so) when there is none;
    /// under CI a missing server is a failure, not a skip.
    pub fn postgres(test: &str) -> Option<TestDb> {
        let Ok(base) = std::env::var("CAREFILE_TEST_PG_URL") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but CAREFILE_TEST_PG_URL is not: PostgreSQL tests cannot run"
            );
            eprintln!("skipped {test} on PostgreSQL: CAREFILE_TEST_PG_URL is not set");
            return None;
        };
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        // PostgreSQL cuts names at 63 bytes: a long test name must not cut off
        // the process and counter that keep each run's schema its own.
        let test: String = test.chars().take(40).collect();
        let name = format!(
            "t_{}_{}_{n}",
            test.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
            std::process::id()
        );
        let url = PostgresStore::schema_url(&base, &name).expect("the test server accepts a new schema");
        Some(TestDb { url, postgres: true, _dir: None })
    }

    /// Another empty database on the same backend.
    pub fn fresh(&self, test: &str) -> TestDb {
        if self.postgres { TestDb::postgres(test).expect("the server is still there") } else { TestDb::sqlite() }
    }

    pub fn open(&self) -> Box<dyn EventStore> {
        carefile_store::open(&self.url).expect("the test database opens")
    }

    /// Runs SQL on a connection of its own, as someone bypassing carefile would.
    pub fn sql(&self, sql: &str) -> Result<(), String> {
        if self.postgres {
            let mut c = postgres::Client::connect(&self.url, postgres::NoTls).map_err(|e| e.to_string())?;
            c.batch_execute(sql).map_err(|e| format!("{e:?}"))
        } else {
            let c = rusqlite::Connection::open(&self.url).map_err(|e| e.to_string())?;
            c.execute_batch(sql).map_err(|e| e.to_string())
        }
    }

    /// SQL that lifts the append-only triggers, for tests that corrupt the log on purpose.
    pub fn drop_triggers_sql(&self) -> &'static str {
        if self.postgres {
            "DROP TRIGGER events_no_change ON events;"
        } else {
            "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"
        }
    }
}

/// Defines `mod $name { fn sqlite(); fn postgres(); }` running `$body` with a `TestDb`.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($db: &$crate::support::TestDb) $body
            #[test]
            fn sqlite() {
                run(&$crate::support::TestDb::sqlite());
            }
            #[test]
            fn postgres() {
                if let Some(db) = $crate::support::TestDb::postgres(stringify!($name)) {
                    run(&db);
                }
            }
        }
    };
}

/// Import options for a backup as `carefile events` writes it.
pub fn opts() -> ImportOptions {
    ImportOptions::new(chrono::DateTime::from_timestamp(1_775_000_000, 0).unwrap())
}

/// Import options for event lines without header or closing record (as an
/// older carefile wrote), so a test can alter a line and see the import's own
/// check refuse it rather than the checksum.
pub fn unverified() -> ImportOptions {
    ImportOptions { accept_unverified: true, ..opts() }
}

/// The event lines of a backup, without its header, documents and closing record.
pub fn unframed(backup: &str) -> String {
    backup.lines().filter(|l| l.starts_with("{\"seq\":")).map(|l| format!("{l}\n")).collect()
}
