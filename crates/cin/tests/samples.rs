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

/// The structural pass against xmllint with LIIA's schema of the same year, on every sample read as
/// that year: each code xmllint refuses (an enumeration facet) is a code-list finding or a boolean
/// problem on the same line and element; each element xmllint did not expect is an order, place or
/// year finding on its line; each "character content" error is stray text the pass names. And the
/// other way: every code-list finding is one xmllint refuses, but for the codes where LIIA's schema
/// departs from the DfE's list on purpose (18A and 19A, kept at a client's request).
#[test]
fn the_structural_pass_agrees_with_xmllint_and_liias_schema() {
    use carefile_cin::structure::{Kind, check};
    let xsd_dir = samples().parent().unwrap().join("xsd");
    let mut compared = 0;
    for (year, xsd) in [(2025u16, "liia_CIN_schema_2025.xsd"), (2026, "liia_CIN_schema_2026.xsd")] {
        for entry in std::fs::read_dir(samples()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let y = CollectionYear::new(year);
            let r = read(&bytes, y).unwrap();
            let mine = check(&bytes, y, &r.warnings).problems;
            let out = match std::process::Command::new("xmllint").arg("--noout").arg("--schema").arg(xsd_dir.join(xsd)).arg(&path).output() {
                Ok(out) => out,
                Err(e) => {
                    assert!(std::env::var_os("CI").is_none(), "xmllint (Debian's libxml2-utils) is needed: {e}");
                    eprintln!("SKIPPED: xmllint is missing ({e})");
                    return;
                }
            };
            let said = String::from_utf8_lossy(&out.stderr).into_owned();
            let at = |p: &carefile_cin::structure::Problem| format!("{} line {} <{}>: {p}", path.display(), p.line, p.element);
            for err in said.lines().filter(|l| l.contains("Schemas validity error")) {
                // "<file>:<line>: element <name>: Schemas validity error : ..."
                let mut parts = err.splitn(4, ':');
                let (_, line, element) = (parts.next(), parts.next().unwrap().trim().parse::<usize>().unwrap(), parts.next().unwrap());
                let element = element.trim().trim_start_matches("element ").to_string();
                let here = |k: &dyn Fn(&Kind) -> bool| mine.iter().any(|p| p.line == line && p.element == element && k(&p.kind));
                let named = if err.contains("[facet 'enumeration']") {
                    here(&|k| matches!(k, Kind::NotInList { .. } | Kind::NotBoolean { .. }))
                        || mine.iter().any(|p| p.element == element && matches!(p.kind, Kind::LiiaBoolean { .. }))
                } else if err.contains("This element is not expected") {
                    here(&|k| matches!(k, Kind::OutOfOrder { .. } | Kind::Misplaced | Kind::WrongYear { .. } | Kind::Reader(_)))
                } else if err.contains("Character content other than whitespace") {
                    mine.iter().any(|p| p.element == element && matches!(&p.kind, Kind::Reader(carefile_cin::Warning::StrayText { .. })))
                } else {
                    // Missing elements, dates and patterns are the rules' to judge.
                    continue;
                };
                assert!(named, "year {year}: xmllint's '{err}' is not among the structural problems: {:?}", mine.iter().map(at).collect::<Vec<_>>());
                compared += 1;
            }
            for p in mine.iter().filter(|p| matches!(p.kind, Kind::NotInList { .. })) {
                let liia_keeps = matches!(&p.kind, Kind::NotInList { value, .. } if value == "18A" || value == "19A");
                let refused = said.lines().any(|l| l.contains(&format!(":{}: element {}:", p.line, p.element)) && l.contains("enumeration"));
                assert!(refused || liia_keeps, "year {year}: {} is not an error xmllint finds", at(p));
            }
        }
    }
    assert!(compared >= 30, "compared {compared} of xmllint's errors");
    // The d2i 2026 sample's unknown assessment factor, with its line.
    let bytes = std::fs::read(samples().join("d2i_CIN_Census_2026.xml")).unwrap();
    let y = CollectionYear::new(2026);
    let shape = check(&bytes, y, &read(&bytes, y).unwrap().warnings);
    assert!(shape.problems.iter().any(|p| p.line == 46 && p.to_string() == "<AssessmentFactors> 'RB' is not in this year's assessment factor code list"), "{:?}", shape.problems);
}
