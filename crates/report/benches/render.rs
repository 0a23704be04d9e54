//! Rendering the committee report for generated authorities: how long each
//! output takes beside the indicator computation it presents.
//! `cargo bench -p carefile-report [-- small county large]`

#[path = "../tests/common/mod.rs"]
mod common;

use carefile_indicators::{Config, Filter, Period, compute};
use carefile_report::{Report, html, tabular};
use std::time::{Duration, Instant};

/// The mean time of `runs` calls, and the size of what the last one made.
fn time<T>(runs: u32, mut f: impl FnMut() -> T, size: impl Fn(&T) -> usize) -> (Duration, usize) {
    let start = Instant::now();
    let mut last = f();
    for _ in 1..runs {
        last = f();
    }
    (start.elapsed() / runs, size(&last))
}

fn main() {
    let scales: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let scales = if scales.is_empty() { vec!["small".to_owned(), "county".to_owned()] } else { scales };
    let period: Period = "2025-26-Q4".parse().expect("a period");
    for name in scales {
        let Ok(scale) = name.parse() else {
            eprintln!("skipping '{name}': not a scale (small, county, large)");
            continue;
        };
        let (records, org) = common::authority_at(1, scale);
        let comparators = common::comparators(1.0);
        let config = Config::default();
        let (engine, _) = time(
            3,
            || compute(&records, &org, &period, &Filter::default(), &comparators, &config).expect("computes"),
            |_| 0,
        );
        let dashboard = compute(&records, &org, &period, &Filter::default(), &comparators, &config).expect("computes");
        let report = Report::from_dashboard(&dashboard);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name}: {} children, {} indicators; computing the dashboard {:.1} ms",
            records.len(),
            report.rows.len(),
            ms(engine)
        );
        let outputs: [(&str, (Duration, usize), &str); 5] = [
            ("rows from the dashboard", time(20, || Report::from_dashboard(&dashboard), |r| r.rows.len()), "rows"),
            ("HTML page (charts, narrative)", time(20, || html::page(&report).expect("renders"), String::len), "bytes"),
            ("XLSX", time(20, || tabular::xlsx(&report).expect("writes"), Vec::len), "bytes"),
            ("CSV", time(20, || tabular::csv(&report).expect("writes"), String::len), "bytes"),
            ("JSON", time(20, || tabular::json(&report).expect("writes"), String::len), "bytes"),
        ];
        for (what, (t, size), unit) in outputs {
            println!(
                "  {what:<32}{:>9.2} ms  {size:>9} {unit:<5}  {:>6.3}× the computation",
                ms(t),
                t.as_secs_f64() / engine.as_secs_f64()
            );
        }
    }
}
