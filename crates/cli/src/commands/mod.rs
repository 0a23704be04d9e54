//! One module per subcommand.

mod annex_a;
mod annual;
mod backup;
mod benchmarking;
mod calendar;
mod check;
mod chronology;
mod demo;
mod dfe_api;
mod due;
mod events;
mod export;
mod report;
mod serve;
mod import;
mod maintenance;
mod migrate;
mod panels;
mod regional;
mod stats;
mod user;
mod validate;
mod workforce;

use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_store::EventStore;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

/// carefile: the child's journey, its statutory timescales, returns and performance.
#[derive(Parser)]
#[command(name = "carefile", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify the event log, the projections and the audit chain; exit non-zero on any inconsistency.
    Check(check::Args),
    /// Bring a database's schema up to date.
    Migrate(migrate::Args),
    /// Close every server for maintenance with a message, open them again, or say which.
    Maintenance(maintenance::Args),
    /// Build a demo database: a synthetic authority generated from a seed.
    Demo(demo::Args),
    /// Print headline counts of the record on a date (flows over the 12 months to it).
    Stats(stats::Args),
    /// Write the event log as JSON lines (also the backup format).
    Events(events::ExportArgs),
    /// Read an event log written by `carefile events` into an empty database (resuming an interrupted one).
    ImportEvents(events::ImportArgs),
    /// Back a database up while it is in use (a SQLite copy, or an event backup), and check the copy.
    Backup(backup::BackupArgs),
    /// Restore a backup into a new database, bring its schema up to date and check it.
    Restore(backup::RestoreArgs),
    /// Working-day arithmetic on the England and Wales calendar.
    Calendar(calendar::Args),
    /// List what is due and overdue, by child, worker and team.
    Due(due::Args),
    /// Print a child's journey in date order.
    Chronology(chronology::Args),
    /// Validate a statutory return (SSDA903 or CIN census) against the DfE's rules.
    Validate(validate::Args),
    /// Produce a statutory return from the record.
    Export(export::Args),
    /// The committee's performance report (HTML, XLSX, CSV, JSON), or the children behind one figure (--explain).
    Report(report::Args),
    /// The fostering, adoption and panel annual reports' figures for a financial year, with their reconciliation checks.
    Annual(annual::Args),
    /// Serve the web application and its JSON API.
    Serve(serve::Args),
    /// Manage the users of the web application.
    User(user::Args),
    /// Build children's journeys from existing returns (SSDA903, CIN census) into a database.
    Import(import::Args),
    /// The DfE's children's social care API: build the daily feed (a dry run), send it, or show the send log.
    DfeApi(dfe_api::Args),
    /// The children's social work workforce census figures on a date (turnover, vacancies, agency), by team.
    Workforce(workforce::Args),
}

/// Output formats shared by reporting commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Json,
}

pub fn run(cli: Cli, clock: &dyn Clock) -> Result<()> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Migrate(a) => migrate::run(a, clock),
        Command::Maintenance(a) => maintenance::run(a, clock),
        Command::Demo(a) => demo::run(a, clock),
        Command::Stats(a) => stats::run(a, clock),
        Command::Events(a) => events::export(a),
        Command::ImportEvents(a) => events::import(a, clock),
        Command::Backup(a) => backup::backup(a),
        Command::Restore(a) => backup::restore(a, clock),
        Command::Calendar(a) => calendar::run(a),
        Command::Due(a) => due::run(a, clock),
        Command::Chronology(a) => chronology::run(a),
        Command::Validate(a) => validate::run(a, clock),
        Command::Export(a) => export::run(a, clock),
        Command::Report(a) => report::run(a, clock),
        Command::Annual(a) => annual::run(a),
        Command::Serve(a) => serve::run(a),
        Command::User(a) => user::run(a, clock),
        Command::Import(a) => import::run(a, clock),
        Command::DfeApi(a) => dfe_api::run(a, clock),
        Command::Workforce(a) => workforce::run(a, clock),
    }
}

/// Opens the database named by `--db`, which must already exist unless `create`.
pub fn open_store(db: &str, create: bool) -> Result<Box<dyn EventStore>> {
    must_exist(db, create)?;
    carefile_store::open(db).with_context(|| format!("cannot open database '{}'", carefile_store::redacted(db)))
}

/// Opens the database named by `--db` only to read it: no migration and no
/// write lock, so it never waits for a writer and a read-only copy opens.
pub fn read_store(db: &str) -> Result<Box<dyn EventStore>> {
    must_exist(db, false)?;
    carefile_store::open_read_only(db).with_context(|| format!("cannot read database '{}'", carefile_store::redacted(db)))
}

fn must_exist(db: &str, create: bool) -> Result<()> {
    let is_file = !db.contains("://");
    if is_file && !create && !std::path::Path::new(db).exists() {
        anyhow::bail!("database '{db}' does not exist (make one with `carefile demo --db {db}`)");
    }
    Ok(())
}

/// The access policy the database last adopted (a server adopts its policy on start), else the default.
pub fn adopted_policy(store: &dyn EventStore) -> Result<carefile_domain::access::Policy> {
    use carefile_domain::access::Policy;
    Ok(match store.accounts()?.policy {
        Some(p) => Policy::from_toml(&p.text)?,
        None => Policy::default(),
    })
}

/// Refuses a run of an export that sends children's data out of the authority unless `user` is an
/// active account whose role holds `key` (decision 001: `dfe_api.export`, `regional.export`).
pub fn require_exporter(store: &dyn EventStore, user: &str, key: &str, what: &str) -> Result<()> {
    let policy = adopted_policy(store)?;
    let accounts = store.accounts()?;
    match accounts.users.get(user) {
        None => anyhow::bail!("no user '{user}' (add one with `carefile user add`)"),
        Some(u) if u.disabled => anyhow::bail!("user '{user}' is disabled"),
        Some(u) if !policy.permits(&u.role, key) => {
            let role = policy.role(&u.role).map_or(u.role.code(), |r| r.label.as_str());
            anyhow::bail!("user '{user}' is a {}: only a role holding {key} may {what}", role.to_lowercase())
        }
        Some(_) => Ok(()),
    }
}

/// Audits an export by `user`: one entry for the run, and one per child whose data it carries.
pub fn audit_export(
    store: &mut dyn EventStore,
    user: &str,
    at: chrono::DateTime<chrono::Utc>,
    children: impl IntoIterator<Item = carefile_domain::ids::ChildId>,
    detail: &str,
) -> Result<()> {
    use carefile_domain::access::{AuditAction, AuditEntry};
    let entry = |action, child: Option<carefile_domain::ids::ChildId>| AuditEntry::new(at, user, action, child.as_ref(), detail.to_string());
    let mut entries = vec![entry(AuditAction::ViewAggregate, None)];
    entries.extend(children.into_iter().map(|c| entry(AuditAction::ViewChild, Some(c))));
    store.append_audits(&entries)?;
    Ok(())
}

/// `--as-of`, or today by the clock.
pub fn as_of_or_today(as_of: Option<NaiveDate>, clock: &dyn Clock) -> NaiveDate {
    as_of.unwrap_or_else(|| clock.today())
}
