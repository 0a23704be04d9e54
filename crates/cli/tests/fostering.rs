//! The fostering and adoption services end to end (decision 007): the demo holds carers, adopters
//! and panel sittings whose annual figures reconcile and whose report sections drill down, the
//! database checks clean; and `carefile migrate` moves a live database's free-text panel
//! decisions to sittings once.

use carefile_domain::ChildEvent;
use carefile_domain::panels::Sitting;
use carefile_store::Subjects;
use std::collections::BTreeSet;
use std::process::Command;

fn ok(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs");
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_demo_has_carers_adopters_and_panels_whose_reports_reconcile() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").to_str().unwrap().to_string();
    let made = ok(&["demo", "--db", &db, "--scale", "small", "--seed", "3"]);
    assert!(made.contains("Free-text panel decisions moved to "), "{made}");
    // Every reconciliation check holds (the command fails otherwise) and the services are there.
    let json: serde_json::Value = serde_json::from_str(&ok(&["annual", "--db", &db, "--year", "2025", "--format", "json"])).unwrap();
    let enquiries = json["fostering"]["cohort"]["stages"][0]["members"].as_array().unwrap().len();
    let approved = json["fostering"]["households"]["at_end"]["members"].as_array().unwrap().len();
    assert!(enquiries > 5 && approved > 2, "{enquiries} enquiries, {approved} approved households");
    assert!(json["panels"].as_array().unwrap().iter().any(|p| p["held"]["members"].as_array().unwrap().len() > 5));
    let check = ok(&["check", "--db", &db]);
    assert!(check.ends_with(" 0 inconsistencies\n"), "{check}");
    // Moved once: the demo did it, so migrate finds nothing left to move.
    assert_eq!(ok(&["migrate", "--db", &db]), "applied 0 migrations\n");

    let html = dir.path().join("report.html");
    ok(&["report", "--db", &db, "--period", "2025-26", "--out", html.to_str().unwrap()]);
    let page = std::fs::read_to_string(&html).unwrap();
    for part in [r#"id="fostering""#, r#"id="adoption""#, r#"id="panels""#, r#"<details class="drill">"#, "Commentary on the services 2025-26"] {
        assert!(page.contains(part), "{part}");
    }
    assert!(!page.contains("Does not reconcile"));
    // A quarter's report is not an annual report: no services' sections.
    ok(&["report", "--db", &db, "--period", "2025-26-Q4", "--out", html.to_str().unwrap()]);
    assert!(!std::fs::read_to_string(&html).unwrap().contains(r#"id="fostering""#));
}

#[test]
fn migrate_moves_free_text_panel_decisions_to_sittings_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db").to_str().unwrap().to_string();
    let opts = carefile_synth::Options {
        seed: 5,
        scale: carefile_synth::Scale::Small,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
    };
    let a = carefile_synth::generate(&opts);
    // The panels and days of the free-text decisions: one sitting each.
    let days: BTreeSet<(String, chrono::NaiveDate)> = a
        .children
        .iter()
        .flat_map(|c| &c.events)
        .filter_map(|(_, e)| match e {
            ChildEvent::PanelDecision { date, panel, .. } => Some((format!("{panel:?}"), *date)),
            _ => None,
        })
        .collect();
    assert!(days.len() > 5);
    {
        let mut store = carefile_store::open(&db).unwrap();
        let mut children = a.children.into_iter().map(|c| (c.id, c.events));
        store.bulk_load(&a.org, &mut children, &mut |_| {}).unwrap();
    }
    let out = ok(&["migrate", "--db", &db]);
    assert_eq!(out, format!("applied 0 migrations\nmoved free-text panel decisions to {} sittings\n", days.len()));
    assert_eq!(ok(&["migrate", "--db", &db]), "applied 0 migrations\n", "run again, it moves none");
    let store = carefile_store::open(&db).unwrap();
    let sittings: Vec<Sitting> = store.subjects::<Sitting>(None).unwrap().into_iter().map(|s| s.0).collect();
    assert_eq!(sittings.len(), days.len());
    assert!(sittings.iter().all(|s| s.is_legacy() && !s.cases.is_empty()));
    let check = ok(&["check", "--db", &db]);
    assert!(check.ends_with(" 0 inconsistencies\n"), "{check}");
}
