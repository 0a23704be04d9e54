//! The services beside the journey end to end (decision 008): the workforce
//! census file from a small demo database.

use std::process::Command;

fn ok(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs");
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn hundredths(s: &str) -> u64 {
    let (whole, frac) = s.split_once('.').unwrap();
    whole.parse::<u64>().unwrap() * 100 + frac.parse::<u64>().unwrap()
}

#[test]
fn the_workforce_census_file_adds_up_by_team_and_its_rates_follow_the_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").to_str().unwrap().to_string();
    ok(&["demo", "--db", &db, "--scale", "small", "--seed", "3"]);
    let csv = ok(&["workforce", "--db", &db, "--date", "2025-09-30", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head = reader.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (teams, all) = rows.split_at(rows.len() - 1);
    let all = &all[0];
    assert_eq!(&all[col("team_name")], "Authority");
    assert!(teams.len() > 3, "{csv}");
    for name in ["employed_fte", "agency_fte", "vacancies_fte", "leavers_fte"] {
        let sum: u64 = teams.iter().map(|r| hundredths(&r[col(name)])).sum();
        assert_eq!(sum, hundredths(&all[col(name)]), "{name}: the teams add up to the authority");
    }
    let (employed, agency, vacant, leavers) = (
        hundredths(&all[col("employed_fte")]) as f64,
        hundredths(&all[col("agency_fte")]) as f64,
        hundredths(&all[col("vacancies_fte")]) as f64,
        hundredths(&all[col("leavers_fte")]) as f64,
    );
    assert!(employed > 0.0 && agency > 0.0 && vacant > 0.0 && leavers > 0.0, "{csv}");
    // Printed to one decimal: within half a tenth of the definition's exact value.
    let near = |name: &str, exact: f64| {
        let shown = all[col(name)].parse::<f64>().unwrap();
        assert!((shown - exact).abs() <= 0.05 + 1e-9, "{name}: {shown} for {exact}");
    };
    near("turnover_percent", leavers * 100.0 / employed);
    near("vacancy_percent", vacant * 100.0 / (vacant + employed));
    near("agency_percent", agency * 100.0 / (agency + employed));

    let text = ok(&["workforce", "--db", &db, "--date", "2025-09-30"]);
    assert!(text.starts_with("Children's social work workforce at 2025-09-30"), "{text}");
    assert!(text.contains(&format!("{}%", &all[col("turnover_percent")])), "{text}");
}
