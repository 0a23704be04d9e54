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

/// For a financial year the page carries the fostering, adoption and panels' annual sections
/// exactly as `carefile report` draws them from the same records (decision 007); a quarter has
/// none (the annual reports are a year's).
#[tokio::test]
async fn a_financial_year_shows_the_services_annual_sections_as_the_report_does() {
    use carefile_domain::fostering::{CarerRecord, FosteringEvent, examples::mainstream};
    use carefile_domain::people::HouseholdId;
    use carefile_store::{Expected, Subjects};
    let w = world();
    let at = carefile_domain::Recorded::new(w.state.now(), "test", None);
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let carers = [
        ("H000001", vec![FosteringEvent::ExistingApproval { date: d("2020-05-01"), terms: mainstream() }]),
        (
            "H000002",
            vec![
                FosteringEvent::ExistingApproval { date: d("2021-02-01"), terms: mainstream() },
                FosteringEvent::ApprovalEnded { date: d("2025-09-30"), reason: carefile_domain::fostering::EndReason::ALL[0] },
            ],
        ),
    ];
    for (id, events) in carers {
        let (h, events): (HouseholdId, Vec<_>) = (HouseholdId::new(id).unwrap(), events.into_iter().map(|e| (at.clone(), e)).collect());
        w.state.with_store(move |s| s.append::<CarerRecord>(&h, Expected::New, &events)).await.unwrap();
    }
    w.state.sync().await.unwrap();
    let mut tm = w.signed_in("tm").await;
    let r = tm.get("/performance?year=2025").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let records: Vec<CarerRecord> = w.state.with_store(|s| s.subjects::<CarerRecord>(None)).await.unwrap().into_iter().map(|r| r.0).collect();
    let cfg = carefile_domain::fostering::Config::default();
    let year = carefile_domain::annual::Year::financial(2025).unwrap();
    let annual = carefile_report::annual::Annual::compute(&records, &[], &[], year, &cfg);
    assert_eq!((annual.fostering.households.at_start.count(), annual.fostering.households.at_end.count()), (2, 1), "the figures the page must show");
    let drawn = carefile_report::annual::fragment(&annual, &cfg, true).unwrap().into_string();
    assert!(r.body.contains(&drawn), "the page's services sections are not the report's");
    assert!(r.body.contains("Reconciliation of the services"));
    let q = tm.get("/performance?year=2025&quarter=2").await;
    assert!(!q.body.contains("Reconciliation of the services"), "a quarter has no annual sections");
}
