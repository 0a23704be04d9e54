//! `carefile events` (a backup of the log, format 2) and `carefile import-events`.

use super::{open_store, read_store};
use crate::atomic::AtomicFile;
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_store::{EventStore, FileSource, ImportOptions, RestoreSummary, Source, Spooled, Stream};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ExportArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// Other streams to add to the record's events: users, audit.
    #[arg(long, value_delimiter = ',')]
    include: Vec<Stream>,
    /// Write here (whole or not at all) instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// SQLite database file or postgres:// URL (new or empty, or holding an interrupted import of INPUT).
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// Import a file without the header and closing record that prove a backup whole (one written by
    /// carefile before backup format 2).
    #[arg(long)]
    accept_unverified: bool,
    /// The backup to read (default: standard input).
    input: Option<PathBuf>,
}

pub fn export(a: ExportArgs) -> Result<()> {
    let store = read_store(&a.db)?;
    let mut streams = Stream::RECORD.to_vec();
    for s in a.include {
        if !streams.contains(&s) {
            streams.push(s);
        }
    }
    match &a.out {
        Some(path) => {
            let n = write_backup(store.as_ref(), &streams, path)?;
            eprintln!("wrote {n} events to {}", path.display());
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            store.export(&streams, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Writes a backup of `streams` to `path`, whole or not at all; returns the events written.
pub fn write_backup(store: &dyn EventStore, streams: &[Stream], path: &Path) -> Result<u64> {
    let mut file = AtomicFile::create(path)?;
    let n = store.export(streams, &mut file).with_context(|| format!("writing '{}'", path.display()))?;
    file.commit()?;
    Ok(n)
}

pub fn import(a: ImportArgs, clock: &dyn Clock) -> Result<()> {
    let mut store = open_store(&a.db, true)?;
    let options = ImportOptions { accept_unverified: a.accept_unverified, ..ImportOptions::new(clock.now()) };
    let summary = match &a.input {
        Some(path) => restore_events(store.as_mut(), path, &options)?,
        None => {
            let spooled = Spooled::new("standard input", &mut std::io::stdin().lock())?;
            run(store.as_mut(), &spooled, &options)?
        }
    };
    if summary.resumed_after > 0 {
        eprintln!("resumed an interrupted import after line {}", summary.resumed_after);
    }
    eprintln!("imported {} events for {} children", summary.loaded.events, summary.loaded.children);
    Ok(())
}

/// Imports the backup at `path` (see `EventStore::restore`), with a progress bar.
pub fn restore_events(store: &mut dyn EventStore, path: &Path, options: &ImportOptions) -> Result<RestoreSummary> {
    let source = FileSource(path.to_path_buf(), path.display().to_string());
    run(store, &source, options)
}

fn run(store: &mut dyn EventStore, source: &dyn Source, options: &ImportOptions) -> Result<RestoreSummary> {
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} importing: line {pos} committed [{elapsed}]").expect("valid template"),
    );
    let summary = store.restore(source, options, &mut |line| bar.set_position(line));
    bar.finish_and_clear();
    Ok(summary?)
}
