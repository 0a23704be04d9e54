//! The performance page judges with the same comparators and targets as `carefile report`: both
//! take them from one `Benchmarking` (the DfE's published benchmarks, the neighbours, the
//! authority's own files), so the page's row is the committee report's row.

mod common;

use axum::http::StatusCode;
use carefile_indicators::{Benchmarking, Comparators, Config as IndicatorConfig, Filter, Period};
use carefile_report::{Report, format};
use carefile_web::Config;
use common::world;
use std::sync::Arc;

#[tokio::test]
async fn the_page_shows_the_configured_comparators_as_the_report_does() {
    let w = world();
    let local = Comparators::from_toml(
        "[population]\n\"2025-26\" = 130000\n\n[indicator.re_referrals_12m]\nengland = 22.6\nsn_average = 21.8\n\
         quartiles = { better = 16.9, median = 20.0, worse = 23.0 }\nsource = \"test\"\n\n[target]\ncp_second_time = 18.0\n",
        "c.toml",
    )
    .unwrap();
    let benchmarking = Arc::new(Benchmarking { local, ..Benchmarking::default() });
    let (app, _) = w.another_server(Config { benchmarking: benchmarking.clone(), ..Config::default() });
    // A session made on one server is good on another (decision 006).
    let signed = w.signed_in("councillor").await;
    let mut cllr = w.client_of(&app);
    cllr.cookie = signed.cookie.clone();
    let r = cllr.get("/performance?year=2025&quarter=4").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The report made the CLI's way from the same record and the same comparators.
    let period: Period = "2025-26-Q4".parse().unwrap();
    let org = w.state.with_store(|s| s.organisation()).await.unwrap();
    let comparators = benchmarking.comparators(&period, org.authority.as_ref().map(|a| a.dfe_number));
    let dashboard = carefile_indicators::compute(
        &w.records,
        &org,
        &period,
        &Filter::default(),
        &comparators,
        &IndicatorConfig::default(),
    )
    .unwrap();
    let report = Report::from_dashboard(&dashboard);
    for id in ["re_referrals_12m", "cp_second_time", "lac_rate_per_10k"] {
        let row = report.rows.iter().find(|r| r.id == id).unwrap();
        for cell in format::table_cells(row) {
            let shown = maud::html! { (cell) }.into_string();
            assert!(r.body.contains(&shown), "{id}: '{shown}' is not on the page");
        }
    }
    let rereferrals = report.rows.iter().find(|r| r.id == "re_referrals_12m").unwrap();
    assert!(rereferrals.quartile.is_some() && rereferrals.sn_average == Some(21.8));
    assert_eq!(report.rows.iter().find(|r| r.id == "cp_second_time").unwrap().target, Some(18.0));
    // Without them, the default server shows none.
    let mut plain = w.signed_in("councillor").await;
    let r = plain.get("/performance?year=2025&quarter=4").await;
    assert!(!r.body.contains("21.8%"));
}
