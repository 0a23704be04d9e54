//! The outputs for others end to end: Ofsted's Annex A from a small demo database.

use std::path::Path;
use std::process::{Command, Output};

fn carefile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn demo(dir: &Path) -> String {
    let db = dir.join("demo.db").to_str().unwrap().to_string();
    ok(&["demo", "--db", &db, "--scale", "small", "--seed", "3"]);
    db
}

#[test]
fn annex_a_is_written_as_a_workbook_or_csvs_with_its_blank_columns_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let book = dir.path().join("annex-a.xlsx");
    let counts = dir.path().join("counts.csv");
    let said = ok(&[
        "export",
        "annex-a",
        "--db",
        &db,
        "--as-of",
        "2026-03-31",
        "--out",
        book.to_str().unwrap(),
        "--counts",
        counts.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"), "an XLSX is a zip");
    assert!(said.contains("Annex A as of 31/03/2026 (6 months"), "{said}");
    assert!(said.contains("List 11: every column: the adopter journey"), "{said}");
    assert!(said.contains("List 8: \"Placement Location\", \"LA of Placement\": --postcodes"), "{said}");
    assert!(std::fs::read_to_string(&counts).unwrap().lines().count() > 10);

    let folder = dir.path().join("lists");
    ok(&[
        "export",
        "annex-a",
        "--db",
        &db,
        "--as-of",
        "2026-03-31",
        "--months",
        "3",
        "--out",
        folder.to_str().unwrap(),
    ]);
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, (1..=11).map(|n| format!("list-{n:02}.csv")).collect::<Vec<_>>());

    let bad =
        carefile(&["export", "annex-a", "--db", &db, "--as-of", "2026-03-31", "--template", "1999", "--out", "x.xlsx"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown Annex A template '1999'"));
    let bad = carefile(&["export", "annex-a", "--db", &db, "--months", "0", "--out", "x.xlsx"]);
    assert!(!bad.status.success());
}
