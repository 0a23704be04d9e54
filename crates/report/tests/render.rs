//! Known answers for every output of the report on the hand-built dashboard.

mod common;

use carefile_report::narrative::{self, Rollup, paragraph};
use carefile_report::{format, html, tabular};
use common::seed_dashboard;

#[test]
fn cells_read_as_the_seed_prints_them() {
    let report = seed_dashboard();
    let cells = format::table_cells(&report.rows[0]);
    assert_eq!(
        cells,
        [
            "Re-referrals within 12 months",
            "2018-19 Q4",
            "22.3% (257)",
            "Similar ▲ 0.7 pts from 21.6% (2018-19 Q3)",
            "Similar ▲ 0.3 pts from 22.0% (2017-18 Q4)",
            "Amber",
            "3",
            "24.4%",
            "22.4%",
            "n/a",
        ]
        .map(String::from)
    );
    assert_eq!(format::value_cell(&report.rows[3]), "95");
    assert_eq!(format::direction_cell(&report.rows[3]), "Higher ▲ 23 from 72 (2018-19 Q3)");
    assert_eq!(format::direction_cell(&report.rows[5]), "n/a");
    assert_eq!(format::sn_cell(&report.rows[5]), "15.6");
    // A mean of eight children: the children are shown and the figure marked.
    assert_eq!(format::value_cell(&report.rows[5]), "15.0 (8 children) †");
    assert_eq!(format::value_cell(&report.rows[6]), "not available");
    assert_eq!(format::target_cell(&report.rows[2]), "82.0%");
}

#[test]
fn paragraphs_are_generated_from_the_row() {
    let r = seed_dashboard();
    assert_eq!(
        paragraph(&r.rows[0]),
        "Re-referrals within 12 months was 22.3% (257) in 2018-19 Q4, similar to 2018-19 Q3 (up 0.7 pts from 21.6%), \
         and similar to 2017-18 Q4 (up 0.3 pts from 22.0%), the same point last year. \
         It is better than the statistical-neighbour average of 24.4% and better than the England average of 22.4%. \
         This places the authority in the third quartile of local authorities, rated amber."
    );
    assert_eq!(
        paragraph(&r.rows[2]),
        "Assessments completed within 45 working days was 60.3% (631) in 2018-19 Q4, worse than 2018-19 Q3 \
         (down 4.1 pts from 64.4%), and worse than 2017-18 Q4 (down 4.7 pts from 65.0%), the same point last year. \
         The target is 82.0%: not met. It is worse than the statistical-neighbour average of 82.0%. \
         This places the authority in the fourth quartile of local authorities, rated red."
    );
    assert_eq!(
        paragraph(&r.rows[3]),
        "Contacts was 95 in 2018-19 Q4, higher than 2018-19 Q3 (up 23 from 72), and higher than 2017-18 Q4 \
         (up 29 from 66), the same point last year."
    );
    assert_eq!(
        paragraph(&r.rows[5]),
        "Average SDQ score of looked-after children was 15.0 (8 children) † in 2018-19 Q4; there is no earlier figure \
         to compare with. It is better than the statistical-neighbour average of 15.6. \
         This places the authority in the second quartile of local authorities, rated amber. \
         † It rests on few children, so one child's circumstances can move it a long way."
    );
    assert_eq!(
        paragraph(&r.rows[6]),
        "Complaints answered within 20 working days is not available from the record: complaints are not kept in the record."
    );
}

#[test]
fn exceptions_come_first_red_or_worse() {
    let r = seed_dashboard();
    let ids: Vec<&str> = narrative::exceptions(&r.rows).iter().map(|x| x.id.as_str()).collect();
    // Red (assessments) and worse than before (stability); amber and similar are not exceptions.
    assert_eq!(ids, ["assessments_45_days", "placement_stability_long"]);
    let page = html::page(&r).unwrap();
    let exceptions = page.find("<h3>Exceptions</h3>").unwrap();
    let first_outcome = page.find("<h3>Children at most risk").unwrap();
    assert!(exceptions < first_outcome);
    assert!(page.contains("id=\"exception-assessments_45_days\""));
    assert!(!page.contains("id=\"narrative-assessments_45_days\""), "each paragraph once");
    assert!(page.contains("Data as at 2 April 2019 09:00."));
}

#[test]
fn rollup_counts_the_rows_once_and_adds_up() {
    let r = seed_dashboard();
    let rollup = Rollup::of(&r.rows);
    assert_eq!(
        rollup,
        Rollup {
            reported: 5,
            improved: 1,
            unchanged: 1,
            declined: 2,
            first_reported: 1,
            no_polarity: 1,
            unavailable: 1,
            partial: 0,
            benchmarked: 5,
            quartiles: [1, 1, 2, 1],
        }
    );
    assert_eq!(
        rollup.sentences(),
        [
            "From 5 measures that have been reported, 1 has improved, 1 shows no significant change and 2 have declined; 1 has no earlier figure to compare with.",
            "In addition, 1 indicator provides information with no polarity.",
            "From 5 measures that have a national benchmark, 1 is in the top quartile, 1 is in the second quartile, 2 are in the third quartile and 1 is in the fourth quartile.",
            "1 indicator is not available from the record for this period.",
        ]
    );
}

#[test]
fn page_has_the_columns_groups_charts_checks_and_narrative() {
    let r = seed_dashboard();
    let page = html::page(&r).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<title>Leicestershire (example): children&#39;s services performance, 2018-19 Q4 (1 January – 31 March 2019)</title>")
        || page.contains("<title>Leicestershire (example): children's services performance, 2018-19 Q4 (1 January – 31 March 2019)</title>"));
    for column in format::COLUMNS.iter().copied().chain(["Trend"]) {
        assert!(page.contains(&format!("<th scope=\"col\">{column}</th>")), "column {column}");
    }
    // Two outcomes, each a group heading, in first-appearance order.
    let safe = page.find("Children at most risk are protected from harm and kept safe</th>").unwrap();
    let stable = page.find("Children are living in stable and secure environments</th>").unwrap();
    assert!(safe < stable);
    // A trend chart for each available indicator (6) and the funnel: 7 SVGs, none for the unavailable one.
    assert_eq!(page.matches("<svg").count(), 7);
    assert!(page.matches("<polyline").count() >= 6);
    assert!(page.contains("class=\"rag rag-red\">Red</td>"));
    // The funnel table's conversion: referrals ÷ contacts = 2980 / 8120 = 36.7%.
    assert!(page.contains("<td class=\"num\">36.7%</td>"));
    // One check holds, the other (900 + 907 ≠ 1,796) is shown as failing.
    assert!(page.contains("✓ Reconciles: Open cases by status: CIN 1,053 + CP 529 + pre-proceedings 107 + proceedings 107 = 1,796; total 1,796."));
    assert!(page.contains("✗ Does not reconcile: Localities: North 900 + South 907 = 1,807; total 1,796."));
    assert!(page.contains("<li>Re-referrals within 12 months: seed 001_def840bf2424c9c7.txt lines 10348–10349</li>"));
    // Each indicator's paragraph once: with the exceptions, or under its outcome.
    for row in &r.rows {
        let as_exception = page.contains(&format!("id=\"exception-{}\"", row.id));
        let in_outcome = page.contains(&format!("id=\"narrative-{}\"", row.id));
        assert!(as_exception != in_outcome, "{}", row.id);
    }
    // Self-contained: nothing is fetched (the SVG namespace URI is a name, not a fetch).
    for remote in ["src=", "href=", "url(", "@import", "<script", "<link"] {
        assert!(!page.contains(remote), "{remote}");
    }
    assert!(page.contains("@media print"));
}

#[test]
fn fragment_is_the_dashboard_without_the_shell() {
    let r = seed_dashboard();
    let fragment = html::fragment(&r).unwrap().into_string();
    assert!(fragment.starts_with("<div class=\"cf-report\">"));
    assert!(!fragment.contains("<html") && !fragment.contains("<head") && !fragment.contains("<style"));
    assert!(html::page(&r).unwrap().contains(&fragment));
    // Its styles touch nothing outside the dashboard when embedded.
    for rule in html::STYLE.lines().filter(|l| l.contains('{') && !l.trim_start().starts_with('@')) {
        assert!(rule.trim_start().starts_with(".cf-report"), "{rule}");
    }
}

#[test]
fn json_has_the_required_fields() {
    let r = seed_dashboard();
    let json: serde_json::Value = serde_json::from_str(&tabular::json(&r).unwrap()).unwrap();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), r.rows.len());
    let first = &items[0];
    // The fields issue #6 requires of every object.
    for key in
        "id name outcome period numerator denominator value unit polarity direction rag quartile sn_average".split(' ')
    {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert_eq!(first["id"], "re_referrals");
    assert_eq!(first["numerator"], 257);
    assert_eq!(first["denominator"], 1152);
    assert!((first["value"].as_f64().unwrap() - 257.0 * 100.0 / 1152.0).abs() < 1e-9);
    assert_eq!(first["unit"], "percent");
    assert_eq!(first["polarity"], "low_good");
    assert_eq!(first["direction"], "similar");
    assert_eq!(first["rag"], "amber");
    assert_eq!(first["quartile"], 3);
    assert_eq!(first["sn_average"], 24.4);
    assert_eq!(first["comparator_source"], "seed 001_def840bf2424c9c7.txt lines 10348–10349");
    assert_eq!(items[6]["available"], false);
    assert_eq!(items[6]["value"], serde_json::Value::Null);
}

#[test]
fn csv_rows_match_the_table() {
    let r = seed_dashboard();
    let text = tabular::csv(&r).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), r.rows.len());
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("numerator")], "257");
    assert_eq!(&rows[0][col("current_performance")], "22.3% (257)");
    assert_eq!(&rows[2][col("rag")], "red");
    assert_eq!(&rows[6][col("value")], "");
}

#[test]
fn xlsx_holds_the_indicators_and_the_checks() {
    use std::io::Read;
    let bytes = tabular::xlsx(&seed_dashboard()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let workbook = part("xl/workbook.xml");
    assert!(workbook.contains("name=\"Indicators\"") && workbook.contains("name=\"Reconciliation\""));
    let strings = part("xl/sharedStrings.xml");
    for text in
        ["re_referrals", "22.3% (257)", "Similar ▲ 0.7 pts from 21.6% (2018-19 Q3)", "Localities", "not available"]
    {
        assert!(strings.contains(text), "{text}");
    }
    // Numerator and denominator are numbers a spreadsheet can sum, not text.
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<v>257</v>") && sheet.contains("<v>1152</v>"), "{sheet}");
    // The failing check is FALSE (0) in the reconciliation sheet, the other TRUE.
    let checks = part("xl/worksheets/sheet2.xml");
    assert!(checks.contains("t=\"b\"><v>1</v>") && checks.contains("t=\"b\"><v>0</v>"), "{checks}");
}
