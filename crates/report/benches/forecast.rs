//! The demand forecast's backtest on generated authorities: for each measure, the months read,
//! the origins forecast from, the seasonal model's and the seasonal-naive baseline's MASE and
//! their ratio (below 1: the model did better), the method shown, and the time of a forecast
//! (backtest included) beside the time to compute the monthly series it reads.
//! `cargo bench -p carefile-report --bench forecast [-- small county] [--seeds N]` (outside CI).

#[path = "../tests/common/mod.rs"]
mod common;

use carefile_indicators::{Config, Engine};
use carefile_report::forecast::{Demand, HISTORY_MONTHS, MEASURES};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds: u64 = args
        .iter()
        .position(|a| a == "--seeds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let scales: Vec<&String> = args.iter().filter(|a| !a.starts_with('-') && a.parse::<u64>().is_err()).collect();
    let scales = if scales.is_empty() {
        vec!["small".to_owned(), "county".to_owned()]
    } else {
        scales.into_iter().cloned().collect()
    };
    let through = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("a date");
    println!(
        "{:<8} {:>4} {:<13} {:>6} {:>7} {:>10} {:>13} {:>7}  {:<15} {:>9} {:>9}",
        "scale",
        "seed",
        "measure",
        "months",
        "origins",
        "model MASE",
        "baseline MASE",
        "ratio",
        "shown",
        "series ms",
        "forecast ms"
    );
    for name in scales {
        let Ok(scale) = name.parse() else {
            eprintln!("skipping '{name}': not a scale (small, county, large)");
            continue;
        };
        let mut ratios = Vec::new();
        for seed in 1..=seeds {
            let (records, org) = common::authority_at(seed, scale);
            let config = Config::default();
            let engine = Engine::new(&records, &org, &config);
            for id in MEASURES {
                let started = Instant::now();
                let monthly = engine.monthly(id, through, HISTORY_MONTHS, &Default::default()).expect("a count");
                let series = started.elapsed().as_secs_f64() * 1e3;
                let started = Instant::now();
                let demand = Demand::of(&monthly);
                let took = started.elapsed().as_secs_f64() * 1e3;
                let Some(f) = &demand.forecast else {
                    println!(
                        "{name:<8} {seed:>4} {id:<13} {:>6}  {}",
                        monthly.values.len(),
                        demand.refused.unwrap_or_default()
                    );
                    continue;
                };
                let b = &f.backtest;
                let show = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"));
                let ratio = b.model_mase.zip(b.baseline_mase).map(|(m, b)| m / b);
                ratios.extend(ratio);
                println!(
                    "{name:<8} {seed:>4} {id:<13} {:>6} {:>7} {:>10} {:>13} {:>7}  {:<15} {series:>9.1} {took:>9.1}",
                    monthly.values.len(),
                    b.origins,
                    show(b.model_mase),
                    show(b.baseline_mase),
                    show(ratio),
                    format!("{:?}", f.method),
                );
                if let Some(e) = &b.model_failed {
                    println!("         model not fitted: {e}");
                }
            }
        }
        if !ratios.is_empty() {
            let beats = ratios.iter().filter(|r| **r < 1.0).count();
            let mean = ratios.iter().sum::<f64>() / ratios.len() as f64;
            println!(
                "{name}: the model beat the baseline on {beats} of {} series; mean MASE ratio {mean:.3}",
                ratios.len()
            );
        }
    }
}
