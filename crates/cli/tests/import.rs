//! `carefile import ssda903` and `carefile import cin` end to end: the small demo's returns,
//! exported by `carefile export`, imported into a new database.

use std::process::{Command, Output};

fn carefile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The number after `label` in `carefile stats` text output.
fn stat(text: &str, label: &str) -> u64 {
    let line =
        text.lines().find(|l| l.to_lowercase().contains(label)).unwrap_or_else(|| panic!("no {label} in {text}"));
    line.split_whitespace().filter_map(|w| w.parse().ok()).next_back().unwrap_or_else(|| panic!("no number in {line}"))
}

#[test]
fn returns_exported_from_one_database_import_into_another() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (demo, imported) = (p("demo.db"), p("imported.db"));
    ok(&["demo", "--db", &demo, "--scale", "small", "--seed", "3"]);
    for y in ["2024", "2025", "2026"] {
        ok(&["export", "ssda903", "--db", &demo, "--year", y, "--out", &p(&format!("903-{y}"))]);
        ok(&["export", "cin", "--db", &demo, "--year", y, "--out", &p(&format!("cin-{y}.xml"))]);
    }
    let out = ok(&[
        "import",
        "ssda903",
        "--db",
        &imported,
        "--year",
        "2026",
        "--la",
        "855",
        "--previous",
        &p("903-2025"),
        &p("903-2026"),
        "--previous",
        &p("903-2024"),
    ]);
    assert!(out.contains("skipped 0 children (0 events)"), "{out}");
    // Every input's tables are counted, the earliest year's included.
    for table in ["903-2024 Episodes", "903-2025 Episodes", "903-2026 Episodes", "903-2026 OC3"] {
        assert!(out.lines().any(|l| l.contains(table)), "{table}: {out}");
    }
    let total = out.lines().find(|l| l.starts_with("total")).unwrap_or_else(|| panic!("{out}"));
    let n: Vec<u64> = total.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    assert_eq!(n[0], n[1..].iter().sum::<u64>(), "rows = recorded + held + merged + not recorded + skipped: {total}");
    let out = ok(&["import", "cin", "--db", &imported, &p("cin-2025.xml"), &p("cin-2026.xml")]);
    assert!(out.contains("skipped 0 children"), "{out}");
    assert!(out.contains(" already up to date;"), "{out}");

    let stats = |db: &str| ok(&["stats", "--db", db, "--as-of", "2026-03-31"]);
    let (a, b) = (stats(&demo), stats(&imported));
    assert_eq!(stat(&b, "looked_after"), stat(&a, "looked_after"), "{a}\n{b}");
    assert_eq!(stat(&b, "cp_plans_open"), stat(&a, "cp_plans_open"), "{a}\n{b}");
    assert!(stat(&a, "contacts") > 0 && stat(&b, "contacts") == 0, "contacts are not in the returns");

    // The same census again: nothing new.
    let again = ok(&["import", "cin", "--db", &imported, &p("cin-2026.xml")]);
    assert!(again.contains("imported 0 children (0 events)"), "{again}");

    // The imported database names its authority, so it can make the return again.
    ok(&["export", "ssda903", "--db", &imported, "--year", "2026", "--out", &p("again")]);
    let episodes = |d: &str| std::fs::read_to_string(dir.path().join(d).join("episodes.csv")).unwrap().lines().count();
    assert_eq!(episodes("again"), episodes("903-2026"));
}

#[test]
fn bad_input_is_named_and_a_bad_child_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let db = db.to_str().unwrap();
    let csv = dir.path().join("episodes.csv");
    std::fs::write(
        &csv,
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
         A1,01/05/2025,S,C2,N1,U4,PR1,,,,,,\n\
         B2,01/05/2025,S,C2,N1,U4,PR1,31/02/2026,E11,,,,\n",
    )
    .unwrap();
    let header = dir.path().join("header.csv");
    std::fs::write(
        &header,
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,M,01/01/2015,WBRI,UN1,,\nB2,F,01/01/2014,WBRI,UN1,,\n",
    )
    .unwrap();
    let out = ok(&[
        "import",
        "ssda903",
        "--db",
        db,
        "--year",
        "2026",
        "--la",
        "855",
        csv.to_str().unwrap(),
        header.to_str().unwrap(),
    ]);
    assert!(
        out.contains("skipped B2:") && out.contains("Episodes row 1, DEC: '31/02/2026' is not a valid value"),
        "{out}"
    );
    assert!(out.contains("imported 1 children"), "{out}");

    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<Message><Header>\n<CollectionDetails>\n</Message>").unwrap();
    let o = carefile(&["import", "cin", "--db", db, bad.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.xml, line 3"), "{err}");
}
