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

/// What the reference validator reports on the demo's return, each rule with its reason
/// (crates/ssda903/EXPORT.md): its defects of returns.md §5 and its reference-data rules, which
/// judge the demo's invented postcodes against the real ONS directory and have no provider list.
pub const REFERENCE_ON_THE_DEMO: &[(&str, &str)] = &[
    ("1001", "returns.md §5: flags care leavers aged 20+ and drops rows by duplicated labels"),
    ("1002", "returns.md §5: flags care leavers whose care ended before last year"),
    ("SW12STG2", "returns.md §5: compares open episodes' blank end dates (NaT)"),
    ("SW11bSTG2", "DISAGREEMENTS.toml: for an episode ending in the last five days of the year, the reference flags the next row even when it starts the day the ended one ends"),
    ("231", "returns.md §5: always crashes (KeyError UASC_STATUS)"),
    ("233", "returns.md §5: always crashes (KeyError DATE_EPISODE_CEASED)"),
];

/// The reference's postcode and Ofsted-provider rules (returns.md §5): the demo's postcodes are
/// invented, so they are not in the ONS directory the reference carries, and there is no provider list.
pub const REFERENCE_DATA_RULES: &[&str] = &[
    "1015", "164", "169", "179", "218", "241", "243", "387", "392a", "392c", "406", "411", "420", "452", "453", "454",
    "503G", "503H", "503J", "1008", "219", "221", "224", "227", "228", "229",
];

/// One reference finding: (child, rule, table, row).
pub type Hit = (String, String, String, u32);

/// What the reference found on one return, and the rules it crashed on with the error.
pub type Found = (Vec<Hit>, BTreeMap<String, String>);

/// The reference's findings on the return in `this` (with last year's in `last`) for collection
/// year `ending` (2026 = 2025-26).
pub fn run(python: &Path, ending: u16, this: &Path, last: &Path, providers: Option<&Path>) -> Found {
    run_many(python, &[(ending, this.to_path_buf(), Some(last.to_path_buf()), Vec::new())], providers).remove(0)
}

/// One return for [`run_many`]: its year, this year's folder, last year's, and the rules to run
/// (all when empty).
pub type Return = (u16, PathBuf, Option<PathBuf>, Vec<String>);

/// [`run`] for several returns in one process.
pub fn run_many(python: &Path, returns: &[Return], providers: Option<&Path>) -> Vec<Found> {
    let outs: Vec<PathBuf> = returns.iter().map(|(_, this, _, _)| this.with_extension("ref.csv")).collect();
    let manifest: String = returns
        .iter()
        .zip(&outs)
        .map(|((year, this, last, rules), out)| {
            let last = last.as_ref().map_or("-".to_string(), |l| l.display().to_string());
            format!("{year}\tE10000018\t{}\t{last}\t{}\t{}\n", this.display(), out.display(), rules.join(","))
        })
        .collect();
    let list = outs[0].with_extension("manifest");
    // DIFF_REUSE=1 (with DIFF_KEEP=1 on an earlier run) reads the reference's kept findings
    // instead of running it again, to iterate on carefile's side quickly.
    let kept = std::env::var_os("DIFF_REUSE").is_some()
        && std::fs::read_to_string(&list).is_ok_and(|old| old == manifest)
        && outs.iter().all(|o| o.exists());
    if !kept {
        std::fs::write(&list, &manifest).expect("write the manifest");
        // From this crate's folder, so that another crate's tests may include this file too.
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ssda903/tests/oracle/run_903.py");
        let mut cmd = Command::new(python);
        if let Some(p) = providers {
            cmd.env("PROVIDERS", p);
        }
        let status = cmd.arg(&script).arg("--batch").arg(&list).status().expect("oracle runs");
        assert!(status.success(), "the oracle failed on {}", list.display());
    }
    outs.iter().map(|out| read_found(out)).collect()
}

fn read_found(out: &Path) -> Found {
    let (mut hits, mut crashed) = (Vec::new(), BTreeMap::new());
    let mut rdr = csv::Reader::from_path(out).expect("oracle output");
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
