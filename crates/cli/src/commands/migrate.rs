//! `carefile migrate`: brings a database's schema up to date (opening a
//! database does the same; this says what it did), then moves today's free-text panel decisions
//! to sittings of their own (decision 007), once.

use crate::clock::Clock;
use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let db = a.db;
    let (mut store, applied) = carefile_store::open_migrating(&db)
        .with_context(|| format!("cannot migrate database '{}'", carefile_store::redacted(&db)))?;
    println!("applied {applied} migrations");
    let recorded = carefile_domain::Recorded::new(clock.now(), "carefile migrate", None);
    let moved = super::panels::move_legacy_decisions(&mut *store, &recorded)
        .context("moving the free-text panel decisions to sittings")?;
    if moved > 0 {
        println!("moved free-text panel decisions to {moved} sittings");
    }
    Ok(())
}
