//! Every published CIN sample (d2i's and LIIA's, `shared/outside/cin/samples`, beside the repository
//! or where `CAREFILE_OUTSIDE` says) is read; what the reader passes over is warned about with its line.

use carefile_cin::{Warning, read};
use carefile_domain::CollectionYear;
use std::path::PathBuf;

fn samples() -> PathBuf {
    let from_env = std::env::var_os("CAREFILE_OUTSIDE").map(PathBuf::from);
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(|a| a.join("shared/outside")).find(|p| p.is_dir());
    let dir = from_env.or(beside).unwrap_or_else(|| "/work/shared/outside".into()).join("cin/samples");
    assert!(dir.is_dir(), "{} is missing: set CAREFILE_OUTSIDE to the folder holding shared/outside", dir.display());
    dir
}

#[test]
fn every_sample_reads_and_its_structural_problems_are_named_with_lines() {
    let mut read_any = 0;
    for entry in std::fs::read_dir(samples()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let r = read(&bytes, CollectionYear::new(2026)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!r.census.children.is_empty(), "{}", path.display());
        for w in &r.warnings {
            if matches!(w, Warning::StrayText { .. } | Warning::UnknownElement { .. }) {
                assert!(w.to_string().starts_with("line "), "{w}");
            }
        }
        read_any += 1;
    }
    assert!(read_any >= 9, "the samples: {read_any}");
    // d2i's 2026 sample has a field name typed into ChildIdentifiers, and the 2026-27 module.
    let bytes = std::fs::read(samples().join("d2i_CIN_Census_2026.xml")).unwrap();
    let r = read(&bytes, CollectionYear::new(2027)).unwrap();
    let stray: Vec<String> =
        r.warnings.iter().filter(|w| matches!(w, Warning::StrayText { .. })).map(|w| w.to_string()).collect();
    assert!(
        stray.iter().any(|w| w.contains("the text \"PersonBirthDate\" inside <ChildIdentifiers> belongs to no field")),
        "{stray:?}"
    );
    assert!(!r.census.pre_proceedings.is_empty(), "the PreProceedingsandFGDM module is read");
}
