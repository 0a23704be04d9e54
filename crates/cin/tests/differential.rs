//! The parity gate against the public reference validator (csc-validator-be-cin 0.1.13, a
//! black-box oracle). Generated censuses (clean children, a child built to make each rule fire,
//! noisy children with random damage, and files for the header and return-level rules) are judged
//! by both validators and every (child, rule, table, row) either reports is compared. A row only
//! one side reports must be covered by an entry of `DISAGREEMENTS.toml` (its rule, side and
//! predicate, defined in `differential/predicates.rs`), else the test fails; every rule must fire
//! somewhere and be compared somewhere (or be listed in [`UNCOMPARED`] with the reason); a
//! reference crash excuses that rule in that file only. Each entry's planted census is
//! run through both validators and must show exactly its documented difference. The per-rule table
//! and the agreement figure go to `target/cin-differential.md`.
//!
//! Needs the oracle's venv (`scripts/setup-oracles.sh`); without it the test prints how to create
//! it and passes, except in CI (`CI` set), where it fails.

mod support;

#[path = "differential/predicates.rs"]
mod predicates;

use carefile_cin::Census;
use carefile_domain::CollectionYear;
use carefile_returns::parity::{self, Comparison, Disagreement, Row, Side};
use predicates::{PREDICATES, Predicate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{El, File};

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The oracle's Python, or `None` (with a note) where `scripts/setup-oracles.sh` has not made it;
/// in CI its absence fails.
fn python() -> Option<PathBuf> {
    let python = target_dir().join("oracles-venv/bin/python");
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the reference validators' venv is missing ({}): scripts/setup-oracles.sh should have made it",
        python.display()
    );
    eprintln!("SKIPPED: the reference validators' venv is missing ({}); run scripts/setup-oracles.sh", python.display());
    None
}

/// One census both validators judge: its elements (for predicates reading values as written) and
/// carefile's reading of it.
pub struct Case {
    pub name: String,
    pub file: File,
    pub census: Census,
    /// carefile's findings, once run.
    carefile_rows: std::sync::OnceLock<BTreeSet<Row>>,
}

impl Case {
    fn new(name: String, file: File) -> Case {
        let census = carefile_cin::read(file.xml().as_bytes(), CollectionYear::new(2026))
            .expect("generated XML reads")
            .census;
        Case { name, file, census, carefile_rows: std::sync::OnceLock::new() }
    }

    /// Whether carefile reports the row (else the reference does).
    pub fn ours(&self, r: &Row) -> bool {
        self.carefile_rows.get().is_some_and(|rows| rows.contains(r))
    }

    /// The `<Child>` element of the child at `ChildIdentifiers` row `i`.
    pub fn child_el(&self, i: u32) -> Option<&El> {
        self.file.children.get(i as usize)
    }

    /// The `ChildIdentifiers` row of the child whose row a finding flags (by the table and row, not
    /// the LAchildID the finding gives, which the reference may have taken from a merged child).
    pub fn owner(&self, r: &Row) -> Option<u32> {
        let c = &self.census;
        let i = r.row? as usize;
        Some(match r.table.as_str() {
            "ChildIdentifiers" => c.children.get(i)?.row,
            "ChildCharacteristics" => c.characteristics.get(i)?.child,
            "Disabilities" => c.disabilities.get(i)?.child,
            "CINdetails" => c.cin_details.get(i)?.child,
            "Assessments" => c.assessments.get(i)?.key.child,
            "CINplanDates" => c.cin_plans.get(i)?.key.child,
            "Section47" => c.section47.get(i)?.key.child,
            "ChildProtectionPlans" => c.cpps.get(i)?.key.child,
            "Reviews" => c.reviews.get(i)?.key.child,
            _ => return None,
        })
    }

    /// The `ChildIdentifiers` row of the child a finding names (the first with that LAchildID).
    pub fn child_row(&self, r: &Row) -> Option<u32> {
        (0..self.census.children.len() as u32).find(|&i| self.census.child_id(i) == r.child)
    }

    /// carefile's findings: return-level and header findings as (rule) alone, like the reference's.
    fn carefile(&self) -> BTreeSet<Row> {
        let report = carefile_cin::validate(&self.census).expect("2025-26 is supported");
        report
            .findings
            .iter()
            .map(|f| {
                let whole = f.table.is_empty() || f.table == "Header";
                Row {
                    case: self.name.clone(),
                    rule: f.rule.code.to_string(),
                    child: if whole { String::new() } else { f.child.as_deref().unwrap_or("").to_string() },
                    table: if whole { String::new() } else { f.table.to_string() },
                    row: f.row.filter(|_| !whole),
                }
            })
            .collect()
    }

    /// The reference numbers Reviews rows by `<Reviews>` block (it reads each block's first
    /// CPPreviewDate only, and a block with none gives no row): its row `k` is carefile's row of
    /// the k-th block with a CPPreviewDate element (carefile has a row per date, and one blank row
    /// for a block with none).
    fn review_row(&self, k: u32) -> u32 {
        let mut carefile_row = 0;
        let mut dated = 0;
        for child in &self.file.children {
            for ep in child.kids.iter().filter(|e| e.name == "CINdetails") {
                for plan in ep.kids.iter().filter(|p| p.name == "ChildProtectionPlans") {
                    for block in plan.kids.iter().filter(|b| b.name == "Reviews") {
                        let dates = block.kids.iter().filter(|d| d.name == "CPPreviewDate").count() as u32;
                        if dates > 0 {
                            if dated == k {
                                return carefile_row;
                            }
                            dated += 1;
                        }
                        carefile_row += dates.max(1);
                    }
                }
            }
        }
        k
    }
}

/// Both validators on `cases` (the reference in one process; only `only(case)`'s rules when
/// that is not empty), as one [`Comparison`].
fn compare(python: &Path, dir: &Path, cases: &[Case], only: impl Fn(usize) -> Vec<String>) -> Comparison {
    let mut manifest = String::new();
    let mut outs = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let (xml, out) = (dir.join(format!("{}.xml", c.name)), dir.join(format!("{}.csv", c.name)));
        std::fs::write(&xml, c.file.xml()).expect("write the census");
        manifest += &format!("{}\t{}\t{}\n", xml.display(), out.display(), only(i).join(","));
        outs.push(out);
    }
    let list = dir.join("manifest.tsv");
    std::fs::write(&list, manifest).expect("write the manifest");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/run_reference.py");
    let out = Command::new(python).arg(script).arg("--batch").arg(&list).output().expect("the reference runs");
    assert!(out.status.success(), "the reference failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut cmp = Comparison {
        rules: carefile_cin::RULES.iter().map(|r| r.meta.code.to_string()).collect(),
        ..Default::default()
    };
    let clean = |s: &str| if matches!(s, "nan" | "<NA>" | "None") { String::new() } else { s.to_string() };
    for (case, out) in cases.iter().zip(outs) {
        let mut theirs = Vec::new();
        let mut crashed = Vec::new();
        let mut rdr = csv::Reader::from_path(&out).expect("the reference's findings");
        for rec in rdr.records() {
            let rec = rec.expect("a findings row");
            let (child, rule, table, row, status) = (clean(&rec[0]), rec[1].to_string(), clean(&rec[2]), &rec[3], &rec[4]);
            if status.starts_with("crashed") {
                crashed.push(((case.name.clone(), rule), status.to_string()));
                continue;
            }
            let whole = table.is_empty() || table == "Header";
            let row = row.parse::<f64>().ok().map(|r| r as u32).filter(|_| !whole);
            let row = if table == "Reviews" { row.map(|k| case.review_row(k)) } else { row };
            theirs.push(Row {
                case: case.name.clone(),
                rule,
                child: if whole { String::new() } else { child },
                table: if whole { String::new() } else { table },
                row,
            });
        }
        let ours = case.carefile_rows.get_or_init(|| case.carefile()).clone();
        cmp.add_case(ours, theirs, crashed);
    }
    cmp
}

// ---- Documented disagreements ----

/// A planted census: `<Child>` elements (the standard header is added) and the rows of the entry's
/// rules each side must report (`"8839 Section47 1"`, `"100 return"`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Planted {
    carefile: Vec<String>,
    reference: Vec<String>,
    children: String,
}

type Entry = Disagreement<Planted>;

fn entries() -> Vec<Entry> {
    let entries: Vec<Entry> = parity::read(include_str!("../DISAGREEMENTS.toml")).expect("DISAGREEMENTS.toml reads");
    let unknown: Vec<&str> = entries.iter().map(|e| e.covers.as_str()).filter(|c| predicate(c).is_none()).collect();
    assert!(unknown.is_empty(), "DISAGREEMENTS.toml names predicates the test does not define: {unknown:?}");
    entries
}

fn predicate(name: &str) -> Option<Predicate> {
    PREDICATES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
}

fn label(entries: &[Entry], i: usize) -> String {
    format!("{} ({})", entries[i].covers, entries[i].rules.join(" "))
}

/// The censuses of the gate.
fn cases() -> Vec<Case> {
    let codes: Vec<&str> = carefile_cin::RULES.iter().map(|r| r.meta.code).collect();
    let mut rng = support::Rng::new(99);
    let mut cases = Vec::new();
    let faults: Vec<&str> = codes.iter().chain(support::EDGE_CASES).copied().collect();
    for seed in [1u64, 2] {
        cases.push(Case::new(format!("varied-{seed}"), support::varied_census(seed, 300, 1, &faults).0));
    }
    // The reference crashes on 8816 wherever a child has no LAchildID (8500's fault): a census
    // without one compares it.
    let with_ids: Vec<&str> = faults.iter().copied().filter(|c| *c != "8500").collect();
    cases.push(Case::new("varied-3-all-ids".to_string(), support::varied_census(3, 100, 1, &with_ids).0));
    for seed in [5u64, 6] {
        cases.push(Case::new(format!("noisy-{seed}"), support::noisy_census(seed, 400)));
    }
    for (rules, file) in support::return_level_files(&mut rng) {
        cases.push(Case::new(format!("return-{}", rules.split(' ').next().unwrap_or("x")), file));
    }
    cases
}

/// Rules compared nowhere because the reference crashes wherever they fire, and why.
const UNCOMPARED: &[(&str, &str)] = &[
    ("8614", "the reference crashes on every census read from XML (it hashes each assessment's list of factors)"),
    ("8898", "the reference crashes on every census read from XML (it hashes each assessment's list of factors)"),
];

#[test]
fn the_parity_gate_holds() {
    let Some(python) = python() else { return };
    let entries = entries();
    let dir = target_dir().join("cin-differential");
    std::fs::create_dir_all(&dir).expect("the kept censuses' folder");
    let cases = cases();
    let cmp = compare(&python, &dir, &cases, |_| Vec::new());
    let verdict = cmp.judge(&entries, |e, r| {
        let case = cases.iter().find(|c| c.name == r.case).expect("a case of the run");
        predicate(&e.covers).is_some_and(|p| p(case, r))
    });
    let title = format!(
        "# CIN census: carefile against csc-validator-be-cin 0.1.13\n\nFiles: {}. Rows are compared as (file, rule, \
         LAchildID, table, row); return-level and header findings as (file, rule). The reference's Reviews rows \
         (one per <Reviews> block) are mapped to carefile's (one per CPPreviewDate).",
        cases.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
    );
    let md = verdict.markdown(&title, UNCOMPARED, |i| label(&entries, i));
    let out = target_dir().join("cin-differential.md");
    std::fs::write(&out, &md).expect("write the table");
    println!("{md}");
    assert!(!cmp.ours.is_empty() && !cmp.theirs.is_empty(), "both validators report findings on faulty data");
    let mut failures: Vec<String> = verdict
        .uncovered
        .iter()
        .map(|(side, row)| format!("{} only: {row}", if *side == Side::Carefile { "carefile" } else { "reference" }))
        .collect();
    failures.extend(verdict.unexplained(UNCOMPARED));
    assert!(failures.is_empty(), "the parity gate fails (see {}):\n{}", out.display(), failures.join("\n"));
}

#[test]
fn each_documented_disagreement_shows_on_its_planted_case() {
    let Some(python) = python() else { return };
    let entries = entries();
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: Vec<Case> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let children = support::parse_children(&e.planted.children).unwrap_or_else(|err| panic!("entry {i}: {err}"));
            Case::new(format!("planted-{i}"), File { header: support::header(), children })
        })
        .collect();
    // An entry about every rule runs them all (an empty list asks the runner for every rule).
    let cmp = compare(&python, dir.path(), &cases, |i| entries[i].rules.iter().filter(|r| *r != "*").cloned().collect());
    let mut failures = Vec::new();
    for (i, (e, case)) in entries.iter().zip(&cases).enumerate() {
        // An entry about every rule is about children's rows: return-level findings are left out,
        // and a reference crash excuses that rule, as in the gate; an entry naming the rule fails.
        let any_rule = e.rules.iter().any(|r| r == "*");
        let crashed_on = |rule: &str| cmp.crashed.contains_key(&(case.name.clone(), rule.to_string()));
        let relevant = |r: &Row| e.is_about(&r.rule) && !(any_rule && (r.table.is_empty() || crashed_on(&r.rule)));
        let p = predicate(&e.covers).expect("checked by entries()");
        let found = cmp.planted_failures(
            e,
            &case.name,
            (&e.planted.carefile, &e.planted.reference),
            relevant,
            |rule| e.rules.iter().any(|r| r == rule),
            |r| p(case, r),
        );
        failures.extend(found.into_iter().map(|f| format!("entry {i} ({}): {f}", label(&entries, i))));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
