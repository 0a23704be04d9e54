//! carefile against the reference validator (csc-validator-be-cin 0.1.13) on the
//! same generated census of 10,000 children, in one run each, and carefile
//! alone at national volume. Prints times and the ratio.
//!
//! `cargo bench -p carefile-cin` (the reference needs `scripts/setup-oracles.sh`);
//! `-- national` adds the 400,000-child run; `CAREFILE_BENCH_CHILDREN` changes 10,000.

#[path = "../tests/support/mod.rs"]
#[allow(dead_code)]
mod support;

use carefile_domain::CollectionYear;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Reads and validates `xml`, returning (seconds, findings).
fn carefile(xml: &[u8]) -> (f64, usize) {
    let started = Instant::now();
    let read = carefile_cin::read(xml, CollectionYear::new(2026)).expect("the generated census reads");
    let report = carefile_cin::validate(&read.census).expect("2025-26 is supported");
    (started.elapsed().as_secs_f64(), report.findings.len())
}

fn median_of(runs: usize, xml: &[u8]) -> (f64, usize) {
    let mut times: Vec<(f64, usize)> = (0..runs).map(|_| carefile(xml)).collect();
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    times[runs / 2]
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

fn main() {
    let n: usize = std::env::var("CAREFILE_BENCH_CHILDREN").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let xml = support::clean_census(1, n);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("census.xml");
    std::fs::write(&file, &xml).expect("the census is written");
    let (ours, findings) = median_of(5, xml.as_bytes());
    println!(
        "cin/carefile: {n} children ({:.1} MB): {ours:.3} s (median of 5), {findings} findings",
        xml.len() as f64 / 1e6
    );

    let python = target_dir().join("oracles-venv/bin/python");
    if python.exists() {
        let out = dir.path().join("reference");
        std::fs::create_dir_all(&out).expect("output folder");
        let started = Instant::now();
        let status = Command::new(&python)
            .args(["-m", "cin_validator", "run"])
            .arg(&file)
            .args(["-r", "cin2025_26", "-o"])
            .current_dir(&out)
            .output()
            .expect("the reference runs");
        let theirs = started.elapsed().as_secs_f64();
        let note = if status.status.success() { "" } else { " (it exited with an error)" };
        println!("cin/reference: {n} children: {theirs:.1} s{note}");
        println!("cin/ratio: carefile is {:.0}x faster", theirs / ours);
    } else {
        println!("cin/reference: not run ({} missing: run scripts/setup-oracles.sh)", python.display());
    }

    if std::env::args().any(|a| a == "national") {
        let big = support::clean_census(2, 400_000);
        let (t, f) = carefile(big.as_bytes());
        println!("cin/carefile national: 400000 children ({:.0} MB): {t:.2} s, {f} findings", big.len() as f64 / 1e6);
    }
}
