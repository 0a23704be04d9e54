//! The benchmark loader on the DfE's real published files (`shared/outside/dfe_stats/`, read in
//! place): Leicestershire's values as its README lists them, quartile boundaries and the
//! statistical neighbours' average worked out by hand from the excerpt, suppression respected.

use carefile_indicators::benchmarks::{Cell, Geography, read_neighbours};
use carefile_indicators::{Benchmarks, Polarity, QuartileBounds, definition, judge};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The DfE statistics folder (`shared/outside/dfe_stats` beside the repository; `CAREFILE_OUTSIDE`
/// names another place). A fixture the test needs: its absence fails.
fn dfe_stats() -> PathBuf {
    let from_env = std::env::var_os("CAREFILE_OUTSIDE").map(PathBuf::from);
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/outside"))
        .find(|p| p.is_dir());
    let dir = from_env.or(beside).unwrap_or_else(|| "/work/shared/outside".into()).join("dfe_stats");
    assert!(dir.is_dir(), "{} is missing: set CAREFILE_OUTSIDE to the folder holding shared/outside", dir.display());
    dir
}

/// Every CSV below the folder, as (name, text).
fn files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![dfe_stats()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "csv") {
                let name = p.strip_prefix(dfe_stats()).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn loaded() -> &'static Benchmarks {
    static B: OnceLock<Benchmarks> = OnceLock::new();
    B.get_or_init(|| Benchmarks::read(&files()).unwrap())
}

const LEICESTERSHIRE: u16 = 855;

/// Leicestershire's statistical neighbours, from the example configuration.
fn neighbours() -> Vec<u16> {
    let path = format!("{}/../../config/neighbours.example.toml", env!("CARGO_MANIFEST_DIR"));
    let all = read_neighbours(&std::fs::read_to_string(path).unwrap(), "neighbours.example.toml").unwrap();
    all[&LEICESTERSHIRE].clone()
}

fn la(indicator: &str, year: u16) -> Option<f64> {
    match loaded().cell(indicator, year, &Geography::Authority(LEICESTERSHIRE)) {
        Some(Cell::Value(v)) => Some(*v),
        other => panic!("{indicator} {year}: {other:?}"),
    }
}

#[test]
fn leicestershires_values_are_the_published_ones() {
    // The README's table (§4), one measure from each file.
    for (indicator, year, want) in [
        ("re_referrals_12m", 2023, 23.0),
        ("re_referrals_12m", 2025, 25.5),
        ("cp_second_time", 2024, 26.9),
        ("cp_two_years_open", 2025, 1.2),
        ("lac_rate_per_10k", 2025, 47.0),
        ("placements_3_plus", 2025, 10.0),
        ("placement_long_term", 2023, 79.0),
        ("cl_accommodation_19_21", 2025, 94.0),
        ("cl_eet_19_21", 2024, 59.0),
        ("cl_accommodation_17_18", 2025, 96.0),
        ("cl_eet_17_18", 2023, 79.0),
        ("assessments_within_45_wd", 2025, 83.5),
        // Published in the 2024 release.
        ("cin_rate_per_10k", 2024, 231.4),
        // Not published in the 2025 release: 3604 children ÷ 147,439 (ONS mid-2024) × 10,000.
        ("cin_rate_per_10k", 2025, 244.4),
    ] {
        assert_eq!(la(indicator, year), Some(want), "{indicator} {year}");
    }
    let b = loaded();
    assert_eq!(b.authority(LEICESTERSHIRE).unwrap().name, "Leicestershire");
    assert_eq!(b.cell("re_referrals_12m", 2025, &Geography::England), Some(&Cell::Value(22.6)));
    assert_eq!(b.regional("re_referrals_12m", 2025, LEICESTERSHIRE), Some(24.7));
    assert_eq!(b.regional("assessments_within_45_wd", 2025, LEICESTERSHIRE), Some(90.9));
    // Suppressed cells are kept as written, never as numbers.
    let suppressed = ["c", "x", "z", "u", "k"]
        .iter()
        .filter(|s| {
            b.years("cp_two_years_open").iter().any(|y| {
                (100..1000).any(|n| b.cell("cp_two_years_open", *y, &Geography::Authority(n)) == Some(&Cell::Suppressed(s.to_string())))
            })
        })
        .count();
    assert!(suppressed >= 1);
}

#[test]
fn quartile_boundaries_are_worked_out_from_the_ranks() {
    // Re-referrals 2024-25 (low is good): 153 authorities, none suppressed; sorted ascending by
    // hand from c1, the 39th is 16.9, the 77th 20.0 and the 115th 23.0.
    let (q, n) = loaded().quartiles("re_referrals_12m", 2025, Polarity::LowGood).unwrap();
    assert_eq!(n, 153);
    assert_eq!(q, QuartileBounds { better: 16.9, median: 20.0, worse: 23.0 });
    // Leicestershire's 25.5 is in the fourth quartile.
    assert_eq!(judge::quartile(Polarity::LowGood, 25.5, &q).map(|q| q.0), Some(4));
    // High is good: care leavers 19-21 in suitable accommodation, 149 with a value (6 suppressed).
    let (q, n) = loaded().quartiles("cl_accommodation_19_21", 2025, Polarity::HighGood).unwrap();
    assert_eq!((n, q), (149, QuartileBounds { better: 93.0, median: 91.0, worse: 87.0 }));
    // CP plans lasting two years or more: 59 authorities' cells are `c` and take no part.
    let (q, n) = loaded().quartiles("cp_two_years_open", 2025, Polarity::LowGood).unwrap();
    assert_eq!((n, q), (94, QuartileBounds { better: 0.0, median: 2.9, worse: 4.6 }));
    // LAIT's long table: 152 authorities for 2024-25.
    let (q, n) = loaded().quartiles("assessments_within_45_wd", 2025, Polarity::HighGood).unwrap();
    assert_eq!((n, q), (152, QuartileBounds { better: 91.7, median: 85.4, worse: 78.6 }));
}

#[test]
fn comparators_fill_quartiles_england_region_and_neighbours() {
    let n = neighbours();
    assert_eq!(n.len(), 10);
    // Re-referrals 2024-25 of the ten neighbours, by hand: (16.4 + 23.1 + 17.0 + 41.0 + 24.4 +
    // 22.4 + 15.4 + 22.1 + 17.1 + 18.7) / 10 = 21.76.
    let (avg, count) = loaded().neighbours_average("re_referrals_12m", 2025, &n).unwrap();
    assert!((avg - 21.76).abs() < 1e-9 && count == 10, "{avg} {count}");
    // For a report in 2025-26 the latest published year (2024-25) is used.
    let c = loaded().comparators(LEICESTERSHIRE, &n, 2026);
    let r = c.for_indicator("re_referrals_12m");
    assert_eq!((r.england, r.regional), (Some(22.6), Some(24.7)));
    assert!((r.sn_average.unwrap() - 21.76).abs() < 1e-9);
    assert_eq!(r.quartiles, Some(QuartileBounds { better: 16.9, median: 20.0, worse: 23.0 }));
    let source = r.source.unwrap();
    assert!(source.contains("reporting year 2024-25") && source.contains("c1_children_in_need"), "{source}");
    assert!(source.contains("quartiles of 153 authorities") && source.contains("10 of 10 statistical neighbours"));
    // Every indicator with a DfE equivalent in the files, each a DfE measure of the catalogue.
    let filled: Vec<&String> = c.indicators.keys().collect();
    assert_eq!(filled.len(), 12, "{filled:?}");
    for id in filled {
        assert!(matches!(definition(id).unwrap().basis, carefile_indicators::Basis::Dfe(_)), "{id}");
    }
}

#[test]
fn unreadable_files_are_named_with_the_line() {
    let e = Benchmarks::read(&[("x.csv".into(), "a,b\n1,2\n".into())]).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("x.csv", 1));
    let bad = "time_period,geographic_level,region_code,old_la_code,category,rereferral_percent\n\
               2025,Local authority,E12000004,85x,R,20\n";
    let e = Benchmarks::read(&[("c1.csv".into(), bad.into())]).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("'85x' is not a DfE number"), "{e}");
}
