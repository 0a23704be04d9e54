use super::{open_store, read_store};
use anyhow::{Context, Result};
use carefile_store::Stream;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};

#[derive(clap::Args)]
pub struct ExportArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// Other streams to add to the record's events: users, audit.
    #[arg(long, value_delimiter = ',')]
    include: Vec<Stream>,
    /// Write here instead of standard output.
    #[arg(long)]
    out: Option<String>,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// SQLite database file or postgres:// URL (new or empty).
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The export to read (default: standard input).
    input: Option<String>,
}

pub fn export(a: ExportArgs) -> Result<()> {
    let store = read_store(&a.db)?;
    let mut streams = Stream::RECORD.to_vec();
    for s in a.include {
        if !streams.contains(&s) {
            streams.push(s);
        }
    }
    let mut out: Box<dyn Write> = match &a.out {
        Some(path) => Box::new(BufWriter::new(File::create(path).with_context(|| format!("cannot create '{path}'"))?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let n = store.export(&streams, &mut out)?;
    if a.out.is_some() {
        eprintln!("wrote {n} events");
    }
    Ok(())
}

pub fn import(a: ImportArgs) -> Result<()> {
    let mut store = open_store(&a.db, true)?;
    let summary = match &a.input {
        Some(path) => {
            let f = File::open(path).with_context(|| format!("cannot open '{path}'"))?;
            store.import(path, &mut BufReader::new(f))?
        }
        None => store.import("standard input", &mut std::io::stdin().lock())?,
    };
    eprintln!("imported {} events for {} children", summary.events, summary.children);
    Ok(())
}
