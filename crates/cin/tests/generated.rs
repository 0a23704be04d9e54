//! The generator's clean censuses pass every rule, and national volume is fast.

mod support;

use carefile_domain::CollectionYear;
use std::time::Instant;

fn findings_summary(report: &carefile_returns::Report) -> Vec<String> {
    report.findings.iter().take(20).map(|f| format!("{} {:?} {} {:?}", f.rule.code, f.child, f.table, f.row)).collect()
}

#[test]
fn clean_children_break_no_rule() {
    let xml = support::clean_census(7, 3000);
    let read = carefile_cin::read(xml.as_bytes(), CollectionYear::new(2026)).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.census.children.len(), 3000);
    let report = carefile_cin::validate(&read.census).unwrap();
    assert_eq!(report.ran.len(), 109);
    assert!(report.findings.is_empty(), "{} findings, e.g. {:#?}", report.findings.len(), findings_summary(&report));
}

/// CPU time of this process (user + system, all threads), so a busy shared
/// machine can be told apart from slow code; 0 where /proc is not available.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// National volume: 400,000 children read and judged in under 10 s on 2 cores
/// (release build: `cargo test -p carefile-cin --release --test generated -- --ignored`).
#[test]
#[ignore = "volume test: run in release with --ignored"]
fn national_volume_in_under_ten_seconds() {
    let xml = support::clean_census(11, 400_000);
    let (t, cpu0) = (Instant::now(), cpu_seconds());
    let read = carefile_cin::read(xml.as_bytes(), CollectionYear::new(2026)).unwrap();
    let (read_time, cpu1) = (t.elapsed(), cpu_seconds());
    let report = carefile_cin::validate(&read.census).unwrap();
    let (total, cpu2) = (t.elapsed(), cpu_seconds());
    eprintln!(
        "{} MB, {} children: read {read_time:?} ({:.2} s CPU), read+validate {total:?} ({:.2} s CPU), {} findings",
        xml.len() / 1_000_000,
        read.census.children.len(),
        cpu1 - cpu0,
        cpu2 - cpu0,
        report.findings.len()
    );
    assert!(total.as_secs_f64() < 10.0, "took {total:?}");
    assert!(report.findings.is_empty(), "clean children flagged: {:#?}", findings_summary(&report));
}
