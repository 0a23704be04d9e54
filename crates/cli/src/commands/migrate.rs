//! `carefile migrate`: brings a database's schema up to date (opening a
//! database does the same; this says what it did).

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
}

pub fn run(a: Args) -> Result<()> {
    let db = a.db;
    let (_, applied) = carefile_store::open_migrating(&db)
        .with_context(|| format!("cannot migrate database '{}'", carefile_store::redacted(&db)))?;
    println!("applied {applied} migrations");
    Ok(())
}
