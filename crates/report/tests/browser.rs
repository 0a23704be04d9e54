//! The HTML report in headless Chromium (e2e/report.mjs): no console errors,
//! every chart drawn, a screenshot and PDF kept under target/artifacts/.
//! Skips with a message where the browser is not installed, except under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn report_renders_in_chromium() {
    let root = workspace();
    let missing: Vec<&str> = [("/usr/bin/chromium", Path::new("/usr/bin/chromium").to_path_buf()), ("e2e/node_modules/playwright-core", root.join("e2e/node_modules/playwright-core"))]
        .iter()
        .filter(|(_, p)| !p.exists())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        let message = format!("browser test skipped: {} missing (run scripts/setup-browser.sh)", missing.join(" and "));
        assert!(std::env::var_os("CI").is_none(), "{message}, and CI is set");
        eprintln!("{message}");
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out = target.join("artifacts/report");
    std::fs::create_dir_all(&out).unwrap();
    let html = out.join("report.html");
    std::fs::write(&html, carefile_report::html::page(&common::seed_dashboard()).unwrap()).unwrap();
    let run = Command::new("node").arg(root.join("e2e/report.mjs")).arg(&html).arg(&out).current_dir(&root).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "e2e/report.mjs failed:\n{stdout}\n{stderr}");
    // The hand-built dashboard: 6 trend charts and the funnel, 7 indicators.
    assert!(stdout.contains("7 charts, 7 indicators, 7 paragraphs"), "{stdout}");
    assert!(out.join("report.png").exists());
}
