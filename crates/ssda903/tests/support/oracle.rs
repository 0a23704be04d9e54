//! Running the reference validator (csc-validator-be-903 0.1.17, a black-box oracle) through
//! `oracle/run_903.py`, each rule on its own copy of the tables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The oracles' Python, or `None` (with a note) where `scripts/setup-oracles.sh` has not made it.
/// In CI the venv is part of the set-up (scripts/test.sh): its absence fails there.
pub fn python() -> Option<PathBuf> {
    let python = target_dir().join("oracles-venv/bin/python");
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the oracles' venv is missing ({}): scripts/setup-oracles.sh should have made it",
        python.display()
    );
    eprintln!("oracle venv missing: run scripts/setup-oracles.sh to enable the comparison");
    None
}

/// One reference finding: (child, rule, table, row).
pub type Hit = (String, String, String, u32);

/// The reference's findings on the return in `this` (with last year's in `last`) for collection
/// year `ending` (2026 = 2025-26), and the rules it crashed on with the error.
pub fn run(
    python: &Path,
    ending: u16,
    this: &Path,
    last: &Path,
    providers: Option<&Path>,
) -> (Vec<Hit>, BTreeMap<String, String>) {
    let out = this.with_extension("ref.csv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/run_903.py");
    let mut cmd = Command::new(python);
    if let Some(p) = providers {
        cmd.env("PROVIDERS", p);
    }
    let status = cmd
        .arg(&script)
        .arg(ending.to_string())
        .arg("E10000018")
        .args([this, last, &out])
        .status()
        .expect("oracle runs");
    assert!(status.success(), "the oracle failed on {}", this.display());
    let (mut hits, mut crashed) = (Vec::new(), BTreeMap::new());
    let mut rdr = csv::Reader::from_path(&out).expect("oracle output");
    for rec in rdr.records() {
        let rec = rec.expect("oracle row");
        let (child, table, row, code, status) = (&rec[0], &rec[1], &rec[2], &rec[3], &rec[4]);
        if status.starts_with("crashed") {
            crashed.insert(code.to_string(), status.to_string());
        } else if let Ok(row) = row.parse::<f64>() {
            hits.push((child.to_string(), code.to_string(), table.to_string(), row as u32));
        }
    }
    (hits, crashed)
}

/// Every postcode the differential generator writes, real ones taken from the reference's own data.
pub const POSTCODES: &[&str] =
    &["LE1 1AA", "LE2 2BB", "LE9 6AA", "LE9 6AB", "LE18 1AA", "CF10 1AA", "KW1 4AA", "SW1A 1AA"];

/// The reference's postcode data for [`POSTCODES`], as an ONSPD-style CSV in `dir` (its path), so
/// that both validators judge postcodes with the same data.
pub fn onspd(python: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("onspd.csv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/postcodes_to_onspd.py");
    let status = Command::new(python).arg(&script).arg(&out).args(POSTCODES).status().expect("postcode export runs");
    assert!(status.success(), "the postcode export failed");
    let pc =
        carefile_ssda903::Postcodes::read("onspd.csv", std::fs::File::open(&out).expect("exported postcodes"), |_| {
            true
        })
        .expect("exported postcodes read");
    assert!(POSTCODES.iter().all(|p| pc.place(p).is_some()), "every generated postcode is in the reference's data");
    out
}
