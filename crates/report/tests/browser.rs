//! The HTML report in headless Chromium (e2e/report.mjs): no console errors,
//! every chart drawn, for the hand-built dashboard and a generated authority's (with its
//! demand forecast's fan charts);
//! a screenshot and PDF of each kept under target/artifacts/report/.
//! Skips with a message where the browser is not installed, except under CI.

mod common;

use std::path::{Path, PathBuf};
use carefile_report::forecast;
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn report_renders_in_chromium() {
    let root = workspace();
    if !common::browser_ready(&root) {
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out = target.join("artifacts/report");
    std::fs::create_dir_all(&out).unwrap();
    let period: carefile_indicators::Period = "2025-26-Q4".parse().unwrap();
    let (records, org) = common::authority(11);
    let config = Default::default();
    let engine = carefile_indicators::Engine::new(&records, &org, &config);
    let comparators = common::comparators(1.0);
    let dashboard = engine.dashboard(&period, &Default::default(), &comparators).unwrap();
    let mut generated = carefile_report::Report::from_dashboard(&dashboard);
    // The demand forecast's fan charts are in the screenshot too.
    for id in forecast::MEASURES {
        let monthly = engine.monthly(id, period.end, forecast::HISTORY_MONTHS, &comparators).unwrap();
        generated.forecast.push(forecast::Demand::of(&monthly));
    }
    assert!(generated.forecast.iter().all(|d| d.forecast.is_some()), "the generated authority has five years of months");
    for (name, report) in [("fixture", common::seed_dashboard()), ("generated", generated)] {
        let dir = out.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let html = dir.join("report.html");
        std::fs::write(&html, carefile_report::html::page(&report).unwrap()).unwrap();
        let run = Command::new("node")
            .arg(root.join("e2e/report.mjs"))
            .arg(&html)
            .arg(&dir)
            .current_dir(&root)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "e2e/report.mjs failed on the {name} report:\n{stdout}\n{stderr}");
        let available = report.rows.iter().filter(|r| r.unavailable.is_none()).count();
        let n = report.rows.len();
        let forecasts = report.forecast.len();
        let expected =
            format!("{} charts, {n} indicators, {n} paragraphs, {forecasts} forecasts", available + 1 + forecasts);
        assert!(stdout.contains(&expected), "{name}: expected '{expected}', got {stdout}");
        assert!(dir.join("report.png").exists() && dir.join("report.pdf").exists());
    }
}
