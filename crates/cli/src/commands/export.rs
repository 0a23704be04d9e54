use super::read_store;
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_domain::{Calendar, CollectionYear};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Produce the SSDA903 return for a collection year from the record: the CSV tables in a folder,
    /// or with --xml the DfE XML plus the CSVs the XML cannot carry (social-worker episodes, DoLOs).
    Ssda903 {
        /// SQLite database file or postgres:// URL.
        #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
        db: String,
        /// Collection year, by the year it ends: 2026 = 1 April 2025 – 31 March 2026.
        #[arg(long)]
        year: CollectionYear,
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Write ssda903.xml instead of the CSVs, with the CSVs of the tables it cannot carry beside it.
        #[arg(long)]
        xml: bool,
    },
    /// Produce Ofsted's Annex A lists 1-11 (a workbook or one CSV per list) from the record.
    AnnexA(super::annex_a::Args),
    /// A pseudonymised extract for a regional pool (the SSDA903 tables, the CIN census and Annex A as
    /// its profile shares them), as CSV and Parquet with its governance in metadata.json.
    Regional(super::regional::Args),
    /// Produce the CIN census XML for a collection year from the record.
    Cin {
        /// SQLite database file or postgres:// URL.
        #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
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
        Which::AnnexA(a) => super::annex_a::run(a, clock),
        Which::Regional(a) => super::regional::run(a, clock),
        Which::Ssda903 { db, year, out, xml } => {
            let store = read_store(&db)?;
            let authority = store.organisation()?.authority.context("the database does not say which authority it serves")?;
            let children = store.children()?;
            // Every file under a temporary name first, renamed into OUT once all are written.
            let written = crate::atomic::folder_of_files(&out, |tmp| {
                let write = if xml { carefile_ssda903::export::write_xml_folder } else { carefile_ssda903::export::write_csvs };
                Ok(write(tmp, &children, year, &authority)?)
            })?;
            if xml {
                let path = out.join("ssda903.xml");
                eprintln!(
                    "wrote {}: the XML schema carries neither social-worker episodes nor DoLOs, so sw_episodes.csv{} beside it carry them",
                    path.display(),
                    if year.ending() >= 2027 { " and DoLo.csv" } else { "" }
                );
            }
            eprintln!("wrote {}: {} children, {} episodes ({year})", out.display(), written.children, written.episodes);
            let gaps = carefile_ssda903::export::gaps(&children, year);
            if !gaps.is_empty() {
                eprintln!(
                    "{} episodes left blank where the record holds no value the return needs (never invented): \
                     `carefile validate record --year {}` lists each with the form that records it",
                    gaps.len(),
                    year.ending()
                );
            }
            Ok(())
        }
        Which::Cin { db, year, out } => {
            let store = read_store(&db)?;
            let org = store.organisation()?;
            let authority = org.authority.context("the database does not say which authority it serves")?;
            let children = store.children()?;
            let source = carefile_cin::export::Source { authority: &authority, generated_at: clock.now().naive_utc() };
            let mut file = crate::atomic::AtomicFile::create(&out)?;
            let written =
                carefile_cin::export::write_census(&mut file, &children, year, &source, &Calendar::england_and_wales())?;
            file.commit()?;
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
