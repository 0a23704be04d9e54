//! The demand forecast in every output: a built growing seasonal series (the model beats the
//! baseline), a pure seasonal one (the baseline is shown and the page says so) and a short one
//! (refused, with why the history stops where it does).

mod common;

use carefile_indicators::Monthly;
use carefile_report::forecast::Demand;
use carefile_report::{html, tabular};
use chrono::NaiveDate;

const PATTERN: [u64; 12] = [420, 410, 380, 300, 350, 460, 450, 400, 330, 390, 400, 415];

fn monthly(id: &'static str, name: &'static str, values: Vec<u64>, stopped: Option<&str>) -> Monthly {
    let flow = id != "looked_after";
    Monthly {
        id,
        name,
        flow,
        first: NaiveDate::from_ymd_opt(2021, 4, 1).unwrap(),
        values,
        stopped: stopped.map(String::from),
    }
}

fn demands() -> Vec<Demand> {
    // Growth of 3 a month with a small wobble that never repeats exactly.
    let growing = (0..60u64).map(|i| PATTERN[i as usize % 12] + 3 * i + (i * 7919 % 11)).collect();
    let seasonal = (0..48).map(|i| PATTERN[i % 12]).collect();
    vec![
        Demand::of(&monthly("contacts", "Contacts", growing, None)),
        Demand::of(&monthly("referrals", "Referrals", seasonal, None)),
        Demand::of(&monthly(
            "looked_after",
            "Children looked after",
            vec![650; 20],
            Some("this record holds no periods of care before 2022-12-01"),
        )),
    ]
}

fn report() -> carefile_report::Report {
    carefile_report::Report { forecast: demands(), ..common::seed_dashboard() }
}

#[test]
fn the_page_shows_each_forecast_its_method_and_why() {
    let page = html::page(&report()).unwrap();
    let section = &page[page.find("<section class=\"page forecast\">").expect("a forecast section")..];
    let contacts =
        &section[section.find("id=\"forecast-contacts\"").unwrap()..section.find("id=\"forecast-referrals\"").unwrap()];
    assert!(contacts.contains("by the seasonal model"), "{contacts}");
    assert!(
        contacts.contains("The seasonal model beat the seasonal-naive baseline when backtested from 36 origin months")
    );
    assert!(contacts.contains("<svg") && contacts.contains("April 2026") && contacts.contains("March 2027"));
    // The baseline is shown where the model does not beat it, and the page says so.
    let referrals = &section[section.find("id=\"forecast-referrals\"").unwrap()..];
    assert!(referrals.contains("by the seasonal-naive baseline"), "{referrals}");
    assert!(referrals.contains("so the baseline (the same month last year) is shown"), "{referrals}");
    // April 2025 is April 2024 again, exactly.
    assert!(
        referrals
            .contains("<th scope=\"row\">April 2025</th><td class=\"num\">420</td><td class=\"num\">420 to 420</td>"),
        "{referrals}"
    );
    let looked_after = &section[section.find("id=\"forecast-looked_after\"").unwrap()..];
    assert!(looked_after.contains("No forecast: 20 months of history (from April 2021): a forecast needs at least 36"));
    assert!(looked_after.contains(
        "The months before April 2021 are left out: this record holds no periods of care before 2022-12-01."
    ));
    assert!(!looked_after[..looked_after.find("</div>").unwrap()].contains("<svg"));
}

#[test]
fn the_flat_outputs_hold_history_and_forecast_month_by_month() {
    let r = report();
    let csv = tabular::forecast_csv(&r).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    // 60 + 12 contacts, 48 + 12 referrals, 20 months of looked-after history and no forecast.
    assert_eq!(rows.len(), 72 + 60 + 20);
    let referral_april = rows.iter().find(|r| &r[0] == "referrals" && &r[1] == "2025-04").unwrap();
    assert_eq!(
        referral_april.iter().collect::<Vec<_>>(),
        ["referrals", "2025-04", "forecast", "420", "420", "420", "420", "420", "seasonal_naive"]
    );
    assert_eq!(&rows[0][2], "history");
    let json: serde_json::Value = serde_json::from_str(&tabular::forecast_json(&r).unwrap()).unwrap();
    assert_eq!(json[0]["forecast"]["method"], "model");
    assert!(
        json[0]["forecast"]["backtest"]["model_mase"].as_f64().unwrap()
            < json[0]["forecast"]["backtest"]["baseline_mase"].as_f64().unwrap()
    );
    assert!(json[2]["forecast"].is_null() && json[2]["refused"].as_str().unwrap().contains("needs at least 36"));
}

#[test]
fn the_workbook_has_the_forecast_and_its_errors() {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(tabular::xlsx(&report()).unwrap())).unwrap();
    let mut text = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut text).unwrap();
    assert!(text.contains("name=\"Forecast\"") && text.contains("name=\"Forecast errors\""), "{text}");
    // Without a forecast, no forecast sheets.
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(tabular::xlsx(&common::seed_dashboard()).unwrap())).unwrap();
    let mut text = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut text).unwrap();
    assert!(!text.contains("Forecast"));
}

#[test]
fn sentences_say_the_year_ahead_against_the_last() {
    let d = demands();
    assert!(d[0].sentence().contains(" contacts are expected from April 2026 to March 2027: "), "{}", d[0].sentence());
    assert!(d[0].sentence().contains("% more than the "), "{}", d[0].sentence());
    // The pure pattern repeats: the same total as the last twelve months.
    assert!(
        d[1].sentence()
            .starts_with("4,705 referrals are expected from April 2025 to March 2026: the same as the 4,705"),
        "{}",
        d[1].sentence()
    );
}
