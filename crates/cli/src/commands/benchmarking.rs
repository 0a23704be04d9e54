//! The comparators and targets of the committee's dashboard, given the same way to `carefile
//! report` and `carefile serve`: the DfE's published benchmarks (a folder of its statistics
//! files), the statistical neighbours, and the authority's own comparator and target files.

use anyhow::{Context, Result};
use carefile_indicators::{Benchmarking, Benchmarks, Comparators};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ComparatorArgs {
    /// A folder of the DfE's published local-authority statistics (Explore Education Statistics
    /// CSVs, LAIT's long table): national quartiles, England, regional and neighbour averages.
    #[arg(long, value_name = "DIR")]
    pub benchmarks: Option<PathBuf>,
    /// Statistical neighbours by DfE number (TOML; config/neighbours.example.toml).
    #[arg(long, value_name = "FILE")]
    pub neighbours: Option<PathBuf>,
    /// The authority's DfE number for the benchmarks (default: the one the database names).
    #[arg(long, value_name = "NUMBER")]
    pub la: Option<u16>,
    /// Comparators file (TOML): England and statistical-neighbour averages, quartiles, population.
    /// Replaces the published benchmarks field by field.
    #[arg(long)]
    pub comparators: Option<PathBuf>,
    /// Local targets file (TOML), read after the comparators.
    #[arg(long)]
    pub targets: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read '{}'", path.display()))
}

/// Every CSV file below `dir`, in name order, as (name relative to `dir`, text).
fn csv_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("cannot read the folder '{}'", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
                let name = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
                out.push((name, read(&p)?));
            }
        }
    }
    out.sort();
    anyhow::ensure!(!out.is_empty(), "'{}' holds no CSV files", dir.display());
    Ok(out)
}

impl ComparatorArgs {
    pub fn load(&self) -> Result<Benchmarking> {
        let mut local = Comparators::default();
        for path in [&self.comparators, &self.targets].into_iter().flatten() {
            local.merge_toml(&read(path)?, &path.display().to_string())?;
        }
        let published = match &self.benchmarks {
            Some(dir) => Some(Benchmarks::read(&csv_files(dir)?)?),
            None => None,
        };
        let neighbours = match &self.neighbours {
            Some(path) => carefile_indicators::benchmarks::read_neighbours(&read(path)?, &path.display().to_string())?,
            None => Default::default(),
        };
        Ok(Benchmarking { published, authority: self.la, neighbours, local })
    }
}
