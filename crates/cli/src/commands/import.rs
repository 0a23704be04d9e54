//! `carefile import ssda903|cin`: build children's journeys from existing returns (crates/ingest).

use super::open_store;
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_domain::CollectionYear;
use carefile_domain::org::Authority;
use carefile_ingest::{Importer, Journaled, Outcome, write_journaled};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Import an SSDA903 return (a folder of CSVs, CSV files or one XML file) and, with --previous,
    /// earlier years. Children already in the database gain only what is new; the facts it holds
    /// count as history (a care leaver's care imported from an earlier year's return).
    Ssda903 {
        /// SQLite database file or postgres:// URL.
        #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
        db: String,
        /// Collection year of INPUT, by the year it ends: 2026 = 1 April 2025 – 31 March 2026.
        #[arg(long)]
        year: CollectionYear,
        /// The authority whose return it is (DfE number, GSS code or name).
        #[arg(long)]
        la: String,
        /// An earlier year's return (a folder of CSVs or one XML file); repeatable, most recent
        /// first: the first is the year before --year, the next the year before that.
        #[arg(long, value_name = "DIR")]
        previous: Vec<PathBuf>,
        #[arg(required = true)]
        input: Vec<PathBuf>,
    },
    /// Import CIN census XML files (any number of years); the year is each file's ReferenceDate.
    Cin {
        /// SQLite database file or postgres:// URL.
        #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
        db: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn names(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let mut imp = Importer::default();
    let (db, authority, kind, source, id) = match a.which {
        Which::Ssda903 { db, year, la, previous, input } => {
            let id = identity(&["ssda903", &year.to_string(), &la], previous.iter().chain(&input))?;
            let found = carefile_ssda903::find_local_authority(&la)
                .with_context(|| format!("--la {la}: not a local authority's DfE number, GSS code or name"))?;
            // A return's dates must belong to the year it is imported as.
            let of_year = |t: &carefile_ssda903::Tables, y: CollectionYear, name: &str| match t.not_of_year(y) {
                Some(why) => Err(anyhow::anyhow!("{name}: {why}")),
                None => Ok(()),
            };
            let mut earlier = year;
            for p in &previous {
                earlier = earlier.previous();
                let ret = carefile_ssda903::load(std::slice::from_ref(p), &[])?;
                of_year(&ret.this, earlier, &p.display().to_string())?;
                imp.add_ssda903_year(&ret.this, earlier, &p.display().to_string());
            }
            let ret = carefile_ssda903::load(&input, &[])?;
            of_year(&ret.this, year, &names(&input))?;
            imp.add_ssda903_year(&ret.this, year, &names(&input));
            let start = earlier.start();
            let authority = Authority { name: found.name, gss: found.gss_code, dfe_number: found.dfe_number };
            (db, Some((authority, start)), "ssda903", names(&input), id)
        }
        Which::Cin { db, files } => {
            let id = identity(&["cin"], files.iter())?;
            let mut authority: Option<(Authority, NaiveDate)> = None;
            for f in &files {
                let name = f.display().to_string();
                let bytes = std::fs::read(f).with_context(|| format!("cannot read '{name}'"))?;
                // The year only chooses the rule set, which an import does not run: the census's
                // own ReferenceDate sets its period.
                let read = carefile_cin::read(&bytes, CollectionYear::new(2026))
                    .map_err(|e| anyhow::anyhow!("{name}, line {}: {}", e.line, e.kind))?;
                let census = read.census;
                if census.reference_date().is_none() {
                    anyhow::bail!("{name}: the header has no valid ReferenceDate, so the census's year is not known");
                }
                let lea = census.header.as_ref().and_then(|h| h.lea.value().and_then(|l| l.parse::<u16>().ok()));
                if let Some(la) = lea.and_then(carefile_cin::la::by_number) {
                    let start = census.period.start;
                    if authority.as_ref().is_none_or(|(_, s)| start < *s) {
                        let a = Authority { name: la.name.clone(), gss: la.gss_code.clone(), dfe_number: la.number };
                        authority = Some((a, start));
                    }
                }
                imp.add_cin(&census, &name);
            }
            (db, authority, "cin", names(&files), id)
        }
    };
    let mut store = open_store(&db, true)?;
    let plan = imp.build_on(&*store).with_context(|| format!("reading '{db}'"))?;
    let bar = if plan.children.len() > 500 {
        ProgressBar::new(plan.children.len() as u64).with_style(
            ProgressStyle::with_template("importing {bar:40} {pos}/{len} children [{elapsed}<{eta}]")
                .expect("valid template"),
        )
    } else {
        ProgressBar::hidden()
    };
    // Committed in chunks with a journal: killed, the same command run again finishes the import.
    let journal = Journaled { id: &id, kind, source: &source, now: clock.now() };
    let outcome = write_journaled(&mut *store, plan, &journal, authority, &mut |n| bar.set_position(n))
        .with_context(|| format!("importing into '{}'", carefile_store::redacted(&db)))?;
    bar.finish_and_clear();
    print(&outcome)
}

/// The import's identity for its journal: SHA-256 of its options and of every input file's
/// name and bytes (a folder's files in name order).
fn identity<'a>(options: &[&str], inputs: impl Iterator<Item = &'a PathBuf>) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for o in options {
        h.update(o.as_bytes());
        h.update([0]);
    }
    for input in inputs {
        let mut files = if input.is_dir() {
            std::fs::read_dir(input)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<Vec<_>>>()?
        } else {
            vec![input.clone()]
        };
        files.sort();
        for f in files.iter().filter(|f| f.is_file()) {
            h.update(f.to_string_lossy().as_bytes());
            h.update([0]);
            let mut file = std::fs::File::open(f).with_context(|| format!("cannot read '{}'", f.display()))?;
            std::io::copy(&mut file, &mut h)?;
        }
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn print(o: &Outcome) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for s in &o.skipped {
        for r in &s.reasons {
            writeln!(out, "skipped {}: {r}", s.child)?;
        }
    }
    for (child, why) in &o.notes {
        writeln!(out, "not recorded for {child}: {why}")?;
    }
    // Every row read, once: what became of it, by input and table.
    let width = o.summary.tables.keys().map(|(f, t)| f.len() + t.len() + 1).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{:width$}  {:>8}  {:>8}  {:>8}  {:>8}  {:>12}  {:>8}",
        "table", "rows", "recorded", "held", "merged", "not recorded", "skipped"
    )?;
    let total = o.summary.total();
    let named = o.summary.tables.iter().map(|((f, t), c)| (format!("{f} {t}"), *c));
    for (name, c) in named.chain([("total".to_string(), total)]) {
        writeln!(
            out,
            "{name:width$}  {:>8}  {:>8}  {:>8}  {:>8}  {:>12}  {:>8}",
            c.rows, c.recorded, c.held, c.merged, c.not_recorded, c.skipped
        )?;
    }
    for (why, n) in &o.summary.not_recorded {
        writeln!(out, "not recorded ({n} rows): {why}")?;
    }
    writeln!(
        out,
        "imported {} children ({} events); {} already up to date; skipped {} children ({} events); {} rows not recorded",
        o.children,
        o.events,
        o.unchanged,
        o.skipped.len(),
        o.skipped_events(),
        total.not_recorded
    )?;
    Ok(())
}
