//! All indicators for all periods of the `large` generated authority: 40
//! quarters, 10 financial years and 120 month-end rolling twelve months, for
//! the whole authority and each team (each dashboard with its previous point,
//! eight-quarter trend, splits, funnel and reconciliations). Prints the time to
//! index the record, the time for every dashboard, and dashboards per second.
//! `cargo bench -p carefile-indicators [-- small|county|large]` (goal: under 1 s at large).

#[path = "../tests/support/mod.rs"]
mod support;

use carefile_indicators::{Comparators, Config, Engine, Filter, Period};
use carefile_synth::Scale;
use chrono::{Days, Months, NaiveDate};
use std::time::Instant;

fn main() {
    let scale: Scale =
        std::env::args().skip(1).filter(|a| !a.starts_with('-')).find_map(|a| a.parse().ok()).unwrap_or(Scale::Large);
    let (records, org) = support::generated(1, scale, "2026-03-31");
    let events: usize = records.iter().map(|r| r.referrals.len() + r.care.len() + r.contacts.len()).sum();

    let mut periods: Vec<Period> = Vec::new();
    for y in 2016..2026 {
        periods.push(Period::financial_year(y));
        periods.extend((1..=4).map(|q| Period::quarter(y, q)));
    }
    let first_month_end = NaiveDate::from_ymd_opt(2016, 5, 1).expect("a date") - Days::new(1);
    periods.extend((0..120).map(|m| {
        let next_month = first_month_end + Days::new(1) + Months::new(m + 1);
        Period::rolling12(next_month - Days::new(1))
    }));
    let mut filters = vec![Filter::default()];
    filters.extend(org.teams.keys().map(|t| Filter { team: Some(t.clone()), ..Filter::default() }));

    let comparators = Comparators::from_toml(
        include_str!("../../../config/comparators.example.toml"),
        "config/comparators.example.toml",
    )
    .expect("the example comparators load");
    let config = Config::default();

    let started = Instant::now();
    let engine = Engine::new(&records, &org, &config);
    let indexed = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut results = 0usize;
    for filter in &filters {
        for period in &periods {
            let dash = engine.dashboard(period, filter, &comparators).expect("every period computes");
            results += dash.results.len();
        }
    }
    let computed = started.elapsed().as_secs_f64();
    let dashboards = periods.len() * filters.len();
    println!(
        "indicators/{scale:?}: {} children ({events} referrals, periods of care and contacts), {} periods × {} filters = {dashboards} dashboards, {results} indicator results",
        records.len(),
        periods.len(),
        filters.len()
    );
    println!(
        "index {indexed:.3} s; all dashboards {computed:.3} s ({:.0} dashboards/s, {:.1} µs per indicator result); total {:.3} s (goal < 1 s)",
        dashboards as f64 / computed,
        computed * 1e6 / results as f64,
        indexed + computed
    );
}
