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
    assert!(said.contains("List 11: \"Disability\": an adult's disability on the person record"), "{said}");
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

#[test]
fn dfe_api_build_is_a_dry_run_for_analysts_only_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("feed");
    let build = |user: &str| carefile(&["dfe-api", "build", "--db", &db, "--as-of", "2026-03-31", "--as", user, "--out", out.to_str().unwrap()]);

    for (user, why) in [("demo-social-worker", "only a role holding dfe_api.export may"), ("nobody", "no user 'nobody'")] {
        let refused = build(user);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains(why), "{}", String::from_utf8_lossy(&refused.stderr));
    }
    assert!(!out.exists(), "a refused run writes nothing");

    let said = build("demo-analyst");
    let said_text = String::from_utf8_lossy(&said.stderr);
    assert!(said.status.success(), "{said_text}");
    assert!(said_text.contains("nothing was sent"), "{said_text}");
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let cohort = summary["cohort"].as_u64().unwrap() as usize;
    assert!(cohort > 50, "a small demo's cohort: {summary}");
    // Nothing is held yet: every cohort child is new, in requests of at most 100.
    assert_eq!(summary["tally"]["new"].as_u64().unwrap() as usize, cohort);
    let mut sent = Vec::new();
    for i in 1..=summary["requests"].as_u64().unwrap() {
        let body: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(out.join(format!("request-{i:04}.json"))).unwrap()).unwrap();
        assert!(!body.is_empty() && body.len() <= 100);
        sent.extend(body.into_iter().map(|c| c["la_child_id"].as_str().unwrap().to_string()));
    }
    assert_eq!(sent.len(), cohort);

    // The run is audited (once, and once per child), and never carries a payload.
    let audit = ok_stdout(&["events", "--db", &db, "--include", "audit"]);
    let entries: Vec<&str> = audit.lines().filter(|l| l.contains("dfe-api build as of 2026-03-31")).collect();
    assert_eq!(entries.len(), cohort + 1);
    assert!(entries.iter().all(|l| l.contains("demo-analyst") && !l.contains("date_of_birth")));
}

fn ok_stdout(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_regional_extract_is_made_by_an_analyst_with_a_key_and_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let key = dir.path().join("pan.key");
    std::fs::write(&key, format!("id = \"pan-2026-1\"\nsecret = \"{}\"\n", "5e".repeat(32))).unwrap();
    let out = dir.path().join("extract");
    let extract = |user: &str, key: &Path| {
        carefile(&[
            "export", "regional", "--db", &db, "--as", user, "--profile", "PAN", "--key-file", key.to_str().unwrap(),
            "--agreement", "DSA-2026-07", "--signed", "no", "--year", "2026", "--format", "csv", "--out", out.to_str().unwrap(),
        ])
    };
    let refused = extract("demo-team-manager", &key);
    assert!(!refused.status.success() && !out.exists());
    let short = dir.path().join("short.key");
    std::fs::write(&short, "id = \"k\"\nsecret = \"abcd\"\n").unwrap();
    let bad = extract("demo-analyst", &short);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("at least 32 are needed"), "{}", String::from_utf8_lossy(&bad.stderr));

    let made = extract("demo-analyst", &key);
    let said = String::from_utf8_lossy(&made.stderr);
    assert!(made.status.success(), "{said}");
    assert!(said.contains("is not signed for this use") && said.contains("still personal data"), "{said}");
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("metadata.json")).unwrap()).unwrap();
    let g = &meta["governance"];
    assert_eq!((g["use"].as_str(), g["key_id"].as_str(), g["agreement"]["signed"].as_bool()), (Some("PAN"), Some("pan-2026-1"), Some(false)));
    let files: Vec<&str> = meta["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    for f in ["ssda903/header.csv", "ssda903/episodes.csv", "cin/child_identifiers.csv", "annex_a/list_8.csv"] {
        assert!(files.contains(&f) && out.join(f).exists(), "{f} in {files:?}");
    }
    assert!(!files.iter().any(|f| f.contains("ad1") || f.ends_with(".parquet")));
    let audit = ok_stdout(&["events", "--db", &db, "--include", "audit"]);
    assert!(audit.lines().filter(|l| l.contains("regional extract PAN under agreement DSA-2026-07")).count() > 100);
}
