//! `carefile import ssda903|cin`: build children's journeys from existing returns (crates/ingest).

use super::open_store;
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_domain::CollectionYear;
use carefile_domain::org::Authority;
use carefile_ingest::{BATCH_BYTES, CinError, Importer, Journaled, Outcome, cin_batches, write_in_parts};
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
        /// Read the returns a part of the children at a time, one part per this many MB of
        /// input (default 16): lower it where memory is short.
        #[arg(long, value_name = "MB", value_parser = positive)]
        part_mb: Option<f64>,
    },
    /// Import CIN census XML files (any number of years); the year is each file's ReferenceDate.
    Cin {
        /// SQLite database file or postgres:// URL.
        #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
        db: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Read the census a part of the children at a time, one part per this many MB of
        /// input (default 16): lower it where memory is short.
        #[arg(long, value_name = "MB", value_parser = positive)]
        part_mb: Option<f64>,
    },
}

fn names(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let (db, kind, inputs, part_mb): (_, _, Vec<PathBuf>, _) = match &a.which {
        Which::Ssda903 { db, previous, input, part_mb, .. } => {
            (db.clone(), "ssda903", previous.iter().chain(input).cloned().collect(), *part_mb)
        }
        Which::Cin { db, files, part_mb } => (db.clone(), "cin", files.clone(), *part_mb),
    };
    // Read a part of the children at a time, so memory holds one part whatever the input's size.
    let part_bytes = part_mb.map_or(carefile_ingest::PART_BYTES, |mb| (mb * 1_048_576.0) as u64);
    let parts = carefile_ingest::parts_for(size(&inputs)?, part_bytes);
    // A census is read in batches no larger than a part.
    let batch = usize::try_from(part_bytes).unwrap_or(usize::MAX).min(BATCH_BYTES);
    let in_part = |part: u32| move |child: &str| carefile_ingest::part_of(child, parts) == part;
    type Read<'a> = Box<dyn FnMut(u32) -> Result<(Importer, Option<(Authority, NaiveDate)>)> + 'a>;
    let (source, id, mut read): (String, String, Read) = match &a.which {
        Which::Ssda903 { year, la, previous, input, .. } => {
            let year = *year;
            let id = identity(&["ssda903", &year.to_string(), la], previous.iter().chain(input))?;
            let found = carefile_ssda903::find_local_authority(la)
                .with_context(|| format!("--la {la}: not a local authority's DfE number, GSS code or name"))?;
            let authority = Authority { name: found.name, gss: found.gss_code, dfe_number: found.dfe_number };
            // Each year's tables, keeping the part's children; a return's dates must belong to
            // the year it is imported as (judged on every row, kept or not).
            let tables = move |paths: &[PathBuf], y: CollectionYear, part: u32| -> Result<carefile_ssda903::Tables> {
                let mut check = carefile_ssda903::YearCheck::new(y);
                let keep = in_part(part);
                let t = carefile_ssda903::load_kept(paths, &mut |child, row| {
                    if let Some(e) = row.downcast_ref::<carefile_ssda903::Episode>() {
                        check.add(e);
                    }
                    keep(child)
                })?;
                match check.verdict() {
                    Some(why) => Err(anyhow::anyhow!("{}: {why}", names(paths))),
                    None => Ok(t),
                }
            };
            let source = names(input);
            let (previous, input) = (previous.clone(), input.clone());
            let read = move |part: u32| {
                let mut imp = Importer::default();
                let mut earlier = year;
                for p in &previous {
                    earlier = earlier.previous();
                    let t = tables(std::slice::from_ref(p), earlier, part)?;
                    imp.add_ssda903_year(&t, earlier, &p.display().to_string());
                }
                imp.add_ssda903_year(&tables(&input, year, part)?, year, &names(&input));
                Ok((imp, Some((authority.clone(), earlier.start()))))
            };
            (source, id, Box::new(read))
        }
        Which::Cin { files, .. } => {
            let id = identity(&["cin"], files.iter())?;
            let source = names(files);
            let files = files.clone();
            let read = move |part: u32| {
                let mut imp = Importer::default();
                let mut authority: Option<(Authority, NaiveDate)> = None;
                let keep = in_part(part);
                for f in &files {
                    let name = f.display().to_string();
                    let mut before = carefile_ingest::RowsBefore::default();
                    // The year only chooses the rule set, which an import does not run: the
                    // census's own ReferenceDate sets its period.
                    let read = cin_batches(f, CollectionYear::new(2026), batch, &mut |census| {
                        if census.reference_date().is_none() {
                            anyhow::bail!(
                                "{name}: the header has no valid ReferenceDate, so the census's year is not known"
                            );
                        }
                        let lea =
                            census.header.as_ref().and_then(|h| h.lea.value().and_then(|l| l.parse::<u16>().ok()));
                        if let Some(la) = lea.and_then(carefile_cin::la::by_number) {
                            let start = census.period.start;
                            if authority.as_ref().is_none_or(|(_, s)| start < *s) {
                                let a = Authority {
                                    name: la.name.clone(),
                                    gss: la.gss_code.clone(),
                                    dfe_number: la.number,
                                };
                                authority = Some((a, start));
                            }
                        }
                        imp.add_cin_kept(census, &name, &before, &keep);
                        before.count(census);
                        Ok(())
                    });
                    read.map_err(|e| match e.downcast::<CinError>() {
                        Ok(CinError::Census(c)) => anyhow::anyhow!("{name}, line {}: {}", c.line, c.kind),
                        Ok(CinError::Io(io)) => anyhow::anyhow!("cannot read '{name}': {io}"),
                        Err(e) => e,
                    })?;
                }
                Ok((imp, authority))
            };
            (source, id, Box::new(read))
        }
    };
    let mut store = open_store(&db, true)?;
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("importing: {pos} children written [{elapsed}]").expect("valid template"),
    );
    // Committed in chunks with a journal: killed, the same command run again finishes the import.
    let journal = Journaled { id: &id, kind, source: &source, now: clock.now() };
    let outcome =
        write_in_parts(&mut *store, parts, &journal, &mut read, &mut |n| bar.set_position(n)).map_err(|e| {
            if e.is::<carefile_ingest::WriteError>() || e.is::<carefile_store::StoreError>() {
                e.context(format!("importing into '{}'", carefile_store::redacted(&db)))
            } else {
                e
            }
        })?;
    bar.finish_and_clear();
    print(&outcome)
}

/// A size in MB above nothing.
fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(mb) if mb > 0.0 && mb.is_finite() => Ok(mb),
        _ => Err(format!("'{s}' is not a size in MB above 0 (e.g. 16, or 0.5)")),
    }
}

/// The bytes of the inputs (a folder's files), which set how many parts an import reads them in.
fn size(inputs: &[PathBuf]) -> Result<u64> {
    let mut total = 0;
    for input in inputs {
        let files: Vec<PathBuf> = if input.is_dir() {
            std::fs::read_dir(input)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?
        } else {
            vec![input.clone()]
        };
        for f in files {
            total += std::fs::metadata(&f).with_context(|| format!("cannot read '{}'", f.display()))?.len();
        }
    }
    Ok(total)
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
