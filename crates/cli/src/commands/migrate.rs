//! `carefile migrate`: brings a database's schema up to date (opening a
//! database does the same; this says what it did).

use super::check::database;
use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL (default: $CAREFILE_DATABASE_URL).
    #[arg(long)]
    db: Option<String>,
}

pub fn run(a: Args) -> Result<()> {
    let db = database(a.db)?;
    let (_, applied) =
        carefile_store::open_migrating(&db).with_context(|| format!("cannot migrate database '{db}'"))?;
    println!("applied {applied} migrations");
    Ok(())
}
