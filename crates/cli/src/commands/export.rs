use super::open_store;
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_domain::{Calendar, CollectionYear};
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Produce the CIN census XML for a collection year from the record.
    Cin {
        #[arg(long)]
        db: String,
        /// Collection year, by the year it ends: 2026 = 1 April 2025 – 31 March 2026.
        #[arg(long)]
        year: CollectionYear,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    match a.which {
        Which::Cin { db, year, out } => {
            let store = open_store(&db, false)?;
            let org = store.organisation()?;
            let authority = org.authority.context("the database does not say which authority it serves")?;
            let children = store.children()?;
            let source = carefile_cin::export::Source { authority: &authority, generated_at: clock.now().naive_utc() };
            let file = File::create(&out).with_context(|| format!("cannot create '{}'", out.display()))?;
            let written = carefile_cin::export::write_census(
                BufWriter::new(file),
                &children,
                year,
                &source,
                &Calendar::england_and_wales(),
            )?;
            eprintln!(
                "wrote {}: {} children, {} CIN episodes ({})",
                out.display(),
                written.children,
                written.episodes,
                year
            );
            Ok(())
        }
    }
}
