//! `carefile import ssda903` and `carefile import cin` end to end: the small demo's returns,
//! exported by `carefile export`, imported into a new database.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

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

/// A database's events as `carefile events` writes them, each import's time of recording left
/// out (an import killed and run again records at its first run's time, not the other database's).
fn events_apart_from_when(db: &str) -> Vec<serde_json::Value> {
    ok(&["events", "--db", db])
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            if let Some(line) = v.as_object_mut() {
                line.remove("recorded_at");
            }
            // The closing record's checksum covers those times.
            if let Some(end) = v.get_mut("end").and_then(|e| e.as_object_mut()) {
                end.remove("sha256");
            }
            v
        })
        .collect()
}

/// Runs `args` again and again, each run killed with SIGKILL at a random moment (up to 1.3 times
/// `whole`, an uninterrupted run's time, so some runs may finish by themselves) until one
/// finishes or `kills` runs have been killed; then runs it to the end. Returns the kills made
/// and the last run's output.
fn killed_at_random(args: &[&str], whole: Duration, kills: usize, seed: &mut u64) -> (Vec<Duration>, String) {
    let mut made = Vec::new();
    while made.len() < kills {
        // xorshift: the same seed, the same moments (the seed is printed when the test fails).
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let at = whole.mul_f64((*seed % 1300) as f64 / 1000.0);
        let mut run = Command::new(env!("CARGO_BIN_EXE_carefile"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        if run.try_wait().unwrap().is_some() {
            break;
        }
        run.kill().unwrap();
        run.wait().unwrap();
        made.push(at);
    }
    (made, ok(args))
}

fn strs(a: &[String]) -> Vec<&str> {
    a.iter().map(String::as_str).collect()
}

/// An import killed at random moments (reading, planning, between and inside the chunks of a
/// bulk load into an empty database and of appends into one with data), then run again, ends
/// with the same events as an uninterrupted import of the same returns: nothing twice, nothing
/// missing.
#[test]
fn an_import_killed_at_random_moments_resumes_to_the_same_end() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let demo = p("demo.db");
    ok(&["demo", "--db", &demo, "--scale", "small", "--seed", "5"]);
    ok(&["export", "ssda903", "--db", &demo, "--year", "2026", "--out", &p("903")]);
    ok(&["export", "cin", "--db", &demo, "--year", "2026", "--out", &p("cin.xml")]);
    // Read in parts (the 903's 9 KB in parts of 2 KB, the census's 430 KB in parts and batches of
    // 50 KB): some parts are written while others are still to be read when a kill comes.
    let ssda903 = |db: &str| {
        ["import", "ssda903", "--db", db, "--year", "2026", "--la", "855", "--part-mb", "0.002", &p("903")]
            .map(String::from)
    };
    let cin = |db: &str| ["import", "cin", "--db", db, "--part-mb", "0.05", &p("cin.xml")].map(String::from);

    let (whole, killed) = (p("whole.db"), p("killed.db"));
    let started = Instant::now();
    let whole_903 = ok(&strs(&ssda903(&whole)));
    let took_903 = started.elapsed();
    let started = Instant::now();
    let whole_cin = ok(&strs(&cin(&whole)));
    let took_cin = started.elapsed();

    let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(std::process::id());
    let first = seed;
    let (kills_903, out_903) = killed_at_random(&strs(&ssda903(&killed)), took_903, 4, &mut seed);
    let (kills_cin, out_cin) = killed_at_random(&strs(&cin(&killed)), took_cin, 4, &mut seed);
    let said = format!("seed {first:#x}, kills at {kills_903:?} and {kills_cin:?}");
    let imported = |out: &str| out.lines().last().unwrap_or_default().to_string();
    for out in [&whole_903, &whole_cin, &out_903, &out_cin] {
        assert!(imported(out).starts_with("imported "), "{said}: {out}");
    }
    assert_eq!(events_apart_from_when(&killed), events_apart_from_when(&whole), "{said}");
    let check = ok(&["check", "--db", &killed]);
    assert!(check.ends_with(" 0 inconsistencies\n"), "{said}: {check}");
    let again = ok(&strs(&cin(&killed)));
    assert!(again.contains("imported 0 children (0 events)"), "{said}: {again}");
    eprintln!("{said}; uninterrupted: {took_903:?} and {took_cin:?}; {out_cin}");
}
