//! `carefile check`: verifies the log, the projections and the audit chain.

use super::read_store;
use anyhow::{Result, bail};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
}

pub fn run(a: Args) -> Result<()> {
    let store = read_store(&a.db)?;
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
