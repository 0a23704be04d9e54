//! `carefile backup` and `carefile restore`.
//!
//! A SQLite database is copied whole with SQLite's online backup while it is
//! in use (`--format sqlite`, the default for a SQLite file); any database can
//! be written as a verifiable event backup (`--format events`, the default for
//! PostgreSQL, whose full backups are `pg_dump` or a base backup with WAL
//! archiving: see docs/operations.md). A restore refuses a target that holds
//! anything, brings the copy's schema up to date, and runs `check` on it before
//! it is put in place; it says how long it took.

use super::events::{restore_events, write_backup};
use super::{open_store, read_store};
use crate::clock::Clock;
use anyhow::{Context, Result, bail};
use carefile_store::{ImportOptions, SqliteStore, Stream, is_postgres_url, is_sqlite_file, redacted};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BackupFormat {
    /// A copy of the SQLite file (SQLite databases only).
    Sqlite,
    /// Every stream as a backup file of events (format 2), with its closing record.
    Events,
}

#[derive(clap::Args)]
pub struct BackupArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The backup file to write (it must not exist).
    #[arg(long)]
    out: PathBuf,
    /// Default: sqlite for a SQLite database, events for PostgreSQL.
    #[arg(long, value_enum)]
    format: Option<BackupFormat>,
    /// Do not run `check` on the copy afterwards.
    #[arg(long)]
    no_check: bool,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The database to restore into: a SQLite file that does not exist yet (or, with --replace,
    /// one to move aside), or an empty postgres:// database.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// Move an existing SQLite file (and its -wal and -shm) aside to FILE.replaced-TIME first.
    /// Stop every server using it before.
    #[arg(long)]
    replace: bool,
    /// A backup written by `carefile backup` (a SQLite copy, or an event backup).
    from: PathBuf,
}

pub fn backup(a: BackupArgs) -> Result<()> {
    let started = Instant::now();
    let format = a.format.unwrap_or(if is_postgres_url(&a.db) { BackupFormat::Events } else { BackupFormat::Sqlite });
    if a.out.exists() {
        bail!("'{}' exists already: a backup never overwrites one", a.out.display());
    }
    match format {
        BackupFormat::Sqlite => {
            if is_postgres_url(&a.db) {
                bail!("--format sqlite copies a SQLite file; for PostgreSQL use --format events or pg_dump");
            }
            let store = SqliteStore::open_read_only(&a.db).with_context(|| format!("cannot read '{}'", a.db))?;
            let dir = a.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let tmp = tempfile::Builder::new().prefix(".carefile-backup.").suffix(".partial").tempdir_in(dir)?;
            let copy = tmp.path().join("copy.db");
            store.backup_to(&copy).with_context(|| format!("copying '{}'", a.db))?;
            std::fs::rename(&copy, &a.out).with_context(|| format!("cannot write '{}'", a.out.display()))?;
        }
        BackupFormat::Events => {
            let store = read_store(&a.db)?;
            write_backup(store.as_ref(), Stream::ALL, &a.out)?;
        }
    }
    let copied = started.elapsed();
    eprintln!("backed up {} to {} in {:.1} s", redacted(&a.db), a.out.display(), copied.as_secs_f64());
    if !a.no_check {
        check_backup(&a.out, format)?;
    }
    Ok(())
}

/// Checks a backup: a SQLite copy with `check`, an event backup by importing it into a scratch database.
fn check_backup(path: &Path, format: BackupFormat) -> Result<()> {
    let started = Instant::now();
    match format {
        BackupFormat::Sqlite => {
            let copy = SqliteStore::open_read_only(&path.to_string_lossy())?;
            let report = carefile_store::EventStore::check(&copy)?;
            if !report.is_clean() {
                bail!(
                    "the copy is inconsistent ({} problems): run `carefile check --db {}`",
                    report.problems.len(),
                    path.display()
                );
            }
            eprintln!(
                "checked the copy: {} events, {} children, clean ({:.1} s)",
                report.events,
                report.children,
                started.elapsed().as_secs_f64()
            );
        }
        BackupFormat::Events => {
            eprintln!("the backup ends with its closing record (import-events and restore verify it)")
        }
    }
    Ok(())
}

pub fn restore(a: RestoreArgs, clock: &dyn Clock) -> Result<()> {
    let started = Instant::now();
    if is_sqlite_file(&a.from) {
        if is_postgres_url(&a.db) {
            bail!(
                "'{}' is a SQLite copy: restore it to a SQLite file, then move it with `carefile events` and `import-events`",
                a.from.display()
            );
        }
        restore_sqlite_copy(&a, clock)?;
    } else {
        if a.replace {
            move_aside(Path::new(&a.db), clock)?;
        }
        let mut store = open_store(&a.db, true)?;
        let summary = restore_events(store.as_mut(), &a.from, &ImportOptions::new(clock.now()))
            .with_context(|| format!("restoring into '{}'", redacted(&a.db)))?;
        eprintln!("imported {} events for {} children", summary.loaded.events, summary.loaded.children);
    }
    let restored = started.elapsed();
    let store = read_store(&a.db)?;
    let report = store.check()?;
    if !report.is_clean() {
        bail!("the restored database is inconsistent ({} problems): see `carefile check`", report.problems.len());
    }
    eprintln!(
        "restored {} into {} in {:.1} s, then checked: {} events, {} children, clean ({:.1} s in all)",
        a.from.display(),
        redacted(&a.db),
        restored.as_secs_f64(),
        report.events,
        report.children,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A SQLite copy put in place: copied beside the target, its schema brought
/// up to date, then renamed over the (absent or moved aside) target.
fn restore_sqlite_copy(a: &RestoreArgs, clock: &dyn Clock) -> Result<()> {
    let target = Path::new(&a.db);
    if target.exists() {
        if !a.replace {
            bail!("'{}' exists: restore into a new file, or stop its servers and give --replace", target.display());
        }
        move_aside(target, clock)?;
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new().prefix(".carefile-restore.").suffix(".partial").tempdir_in(dir)?;
    let copy = tmp.path().join("restored.db");
    std::fs::copy(&a.from, &copy).with_context(|| format!("copying '{}'", a.from.display()))?;
    // Opening it brings the schema up to date (a backup from an older carefile) and turns WAL on.
    let applied = SqliteStore::open_migrating(&copy.to_string_lossy())?.1;
    if applied > 0 {
        eprintln!("brought the copy's schema up to date ({applied} migrations)");
    }
    std::fs::File::open(&copy)?.sync_all()?;
    std::fs::rename(&copy, target).with_context(|| format!("cannot write '{}'", target.display()))?;
    Ok(())
}

/// Moves a SQLite file and its -wal and -shm aside, so nothing of it is mixed with what replaces it.
fn move_aside(target: &Path, clock: &dyn Clock) -> Result<()> {
    if !target.exists() {
        return Ok(());
    }
    let stamp = clock.now().format("%Y%m%dT%H%M%SZ");
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", target.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}.replaced-{stamp}{suffix}", target.display()));
            std::fs::rename(&from, &to).with_context(|| format!("moving '{}' aside", from.display()))?;
            eprintln!("moved {} aside to {}", from.display(), to.display());
        }
    }
    Ok(())
}
