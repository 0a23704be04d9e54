//! `carefile check`: verifies the log, the projections and the audit chain.

use super::open_store;
use anyhow::{Result, bail};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL (default: $CAREFILE_DATABASE_URL).
    #[arg(long)]
    db: Option<String>,
}

/// `--db`, or the database named by CAREFILE_DATABASE_URL.
pub fn database(db: Option<String>) -> Result<String> {
    match db.or_else(|| std::env::var("CAREFILE_DATABASE_URL").ok()) {
        Some(db) => Ok(db),
        None => bail!("say which database: --db FILE_OR_URL, or set CAREFILE_DATABASE_URL"),
    }
}

pub fn run(a: Args) -> Result<()> {
    let store = open_store(&database(a.db)?, false)?;
    let report = store.check()?;
    // Each line names a stream, a child ID and a seq, never a child's details.
    for p in &report.problems {
        println!("{p}");
    }
    println!(
        "checked {} events, {} children, {} audit entries: {} inconsistencies",
        report.events,
        report.children,
        report.audit_entries,
        report.problems.len()
    );
    if !report.is_clean() {
        bail!("the database is inconsistent ({} problems listed above)", report.problems.len());
    }
    Ok(())
}
