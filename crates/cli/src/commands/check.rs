//! `carefile check`: verifies the log, the projections and the audit chain.

use super::read_store;
use anyhow::{Result, bail};
use carefile_domain::journey::ORDER_RULES_FROM;

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
    // Entries kept from before the journey's order rules that break one: data quality to put
    // right through a correction, not damage, so they never fail the check.
    for f in &report.findings {
        println!("finding: {f}");
    }
    if !report.findings.is_empty() {
        println!(
            "{} findings: entries recorded before the journey's order rules ({}) that break one; put each right \
             through a correction",
            report.findings.len(),
            ORDER_RULES_FROM.date_naive()
        );
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
