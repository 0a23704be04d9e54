//! `carefile report` end to end on a small demo authority: every format, the
//! drill-down agreeing with the reported figure, and clear refusals.

use std::process::Command;

/// Standard output when the command succeeds, its standard error when it fails.
fn carefile<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    if out.status.success() { Ok(text(out.stdout)) } else { Err(text(out.stderr)) }
}

/// The outside artefacts (`shared/outside/` beside the repository; `CAREFILE_OUTSIDE` names another place).
fn outside(name: &str) -> std::path::PathBuf {
    let from_env = std::env::var_os("CAREFILE_OUTSIDE").map(std::path::PathBuf::from);
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/outside"))
        .find(|p| p.is_dir());
    let path = from_env.or(beside).unwrap_or_else(|| "/work/shared/outside".into()).join(name);
    assert!(path.exists(), "{} is missing: set CAREFILE_OUTSIDE", path.display());
    path
}

#[test]
fn report_in_every_format_and_explain_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    carefile(&["demo", "--db", db, "--scale", "small", "--seed", "3"]).unwrap();
    let base = ["report", "--db", db, "--period", "2025-26-Q4"];
    let with = |extra: &[&str]| -> Vec<String> { base.iter().chain(extra).map(|s| s.to_string()).collect() };

    let json: serde_json::Value = serde_json::from_str(&carefile(&with(&["--format", "json"])).unwrap()).unwrap();
    let items = json.as_array().unwrap();
    assert!(items.len() >= 13, "the seed dashboard's social care rows at least");
    for item in items {
        // The fields issue #6 requires of every object.
        for key in "id name outcome period numerator denominator value unit polarity direction rag quartile sn_average"
            .split(' ')
        {
            assert!(item.get(key).is_some(), "{key} missing from {item}");
        }
        assert_eq!(item["period"], "2025-26-Q4");
        // value = numerator ÷ denominator × 100 for percentages.
        if let (Some(n), Some(d), Some(v), "percent") = (
            item["numerator"].as_f64(),
            item["denominator"].as_f64(),
            item["value"].as_f64(),
            item["unit"].as_str().unwrap(),
        ) {
            assert!((v - n * 100.0 / d).abs() < 1e-9, "{item}");
            assert!(n <= d, "{item}");
        }
    }

    let csv = carefile(&with(&["--format", "csv"])).unwrap();
    assert_eq!(csv.lines().count(), items.len() + 1);
    assert!(csv.starts_with("id,name,outcome,period,numerator,denominator,value,"));

    let html = dir.path().join("report.html");
    carefile(&with(&["--out", html.to_str().unwrap()])).unwrap();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<svg") && page.contains("From "));
    // Every indicator has its paragraph, among the exceptions or under its outcome; the data's time is stamped.
    for item in items {
        let id = item["id"].as_str().unwrap();
        assert!(page.contains(&format!("id=\"narrative-{id}\"")) || page.contains(&format!("id=\"exception-{id}\"")));
    }
    assert!(page.contains("Data as at "));
    // The whole authority's report forecasts demand after the period: the four measures, each with
    // its fan chart, months and backtest sentence, or its reason.
    for id in ["contacts", "referrals", "cp_plans", "looked_after"] {
        assert!(page.contains(&format!("id=\"forecast-{id}\"")), "no forecast of {id}");
    }
    assert!(page.contains("April 2026") && page.contains("March 2027") && page.contains("origin months"));
    let forecast: serde_json::Value =
        serde_json::from_str(&carefile(&with(&["--forecast", "--format", "json"])).unwrap()).unwrap();
    let forecast = forecast.as_array().unwrap();
    assert_eq!(forecast.len(), 4);
    for d in forecast {
        // Five years of months to March 2026, from the demo's eight years of history.
        assert_eq!(d["history"]["values"].as_array().unwrap().len(), 60, "{}", d["id"]);
        assert_eq!(d["history"]["first"], "2021-04-01");
        let f = &d["forecast"];
        assert_eq!(f["months"].as_array().unwrap().len(), 12, "{}", d["id"]);
        assert_eq!(f["months"][0]["month"], "2026-04-01");
        let (model, baseline) = (f["backtest"]["model_mase"].as_f64(), f["backtest"]["baseline_mase"].as_f64().unwrap());
        // The model is shown only where its backtest beat the baseline.
        assert_eq!(f["method"] == "model", model.is_some_and(|m| m < baseline), "{d}");
    }
    let csv = carefile(&with(&["--forecast", "--format", "csv"])).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4 * (60 + 12));
    assert!(carefile(&with(&["--forecast", "--team", "FR", "--format", "csv"])).unwrap_err().contains("--team"));

    let xlsx = dir.path().join("report.xlsx");
    carefile(&with(&["--format", "xlsx", "--out", xlsx.to_str().unwrap()])).unwrap();
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..4], b"PK\x03\x04");
    let json_file = dir.path().join("report.json");
    carefile(&with(&["--out", json_file.to_str().unwrap()])).unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&json_file).unwrap()).unwrap(), json);

    // The example comparator and target files (the seed's statistical-neighbour averages, cited).
    let config = |f: &str| format!("{}/../../config/{f}", env!("CARGO_MANIFEST_DIR"));
    let (comparators, targets) = (config("comparators.example.toml"), config("targets.example.toml"));
    let compared = dir.path().join("compared.html");
    let compared_args = ["--comparators", comparators.as_str(), "--targets", targets.as_str()];
    let with_comparators: serde_json::Value =
        serde_json::from_str(&carefile(&with(&[&compared_args[..], &["--format", "json"]].concat())).unwrap()).unwrap();
    let rereferrals = with_comparators.as_array().unwrap().iter().find(|i| i["id"] == "re_referrals_12m").unwrap();
    assert_eq!(rereferrals["sn_average"], 24.4);
    assert!(rereferrals["comparator_source"].as_str().unwrap().starts_with("seed 001_def840bf2424c9c7.txt"));
    carefile(&with(&[&compared_args[..], &["--out", compared.to_str().unwrap()]].concat())).unwrap();
    let compared = std::fs::read_to_string(&compared).unwrap();
    assert!(compared.contains("statistical-neighbour average of 24.4%"));
    assert!(compared.contains("Comparator sources"));

    // The DfE's published statistics fill the quartile and neighbour columns of every indicator
    // with a DfE equivalent; the authority's own file still replaces them field by field.
    let dfe = outside("dfe_stats");
    let neighbours = config("neighbours.example.toml");
    let published = [
        "--benchmarks",
        dfe.to_str().unwrap(),
        "--neighbours",
        neighbours.as_str(),
        "--comparators",
        comparators.as_str(),
        "--format",
        "json",
    ];
    let benchmarked: serde_json::Value = serde_json::from_str(&carefile(&with(&published)).unwrap()).unwrap();
    let rows = benchmarked.as_array().unwrap();
    let row = |id: &str| rows.iter().find(|i| i["id"] == id).unwrap();
    for id in ["re_referrals_12m", "cp_second_time", "placements_3_plus", "cl_accommodation_19_21", "assessments_within_45_wd"] {
        assert!(row(id)["quartile"].is_u64(), "{id}: {}", row(id));
        assert!(row(id)["england"].is_f64(), "{id}: {}", row(id));
    }
    // The local file's neighbour average (the seed's 24.4) wins over the published one.
    assert_eq!(row("re_referrals_12m")["sn_average"], 24.4);
    assert!(row("placements_3_plus")["sn_average"].is_f64());
    let quartiles = rows.iter().filter(|i| i["quartile"].is_u64()).count();
    assert!(quartiles >= 10, "{quartiles} rows with a national quartile");

    // A part of the service counts a subset of the children the whole authority counts.
    for filter in [["--service", "first_response"], ["--locality", "Melton"]] {
        let part: serde_json::Value =
            serde_json::from_str(&carefile(&with(&[filter[0], filter[1], "--format", "json"])).unwrap()).unwrap();
        for (p, whole) in part.as_array().unwrap().iter().zip(items) {
            assert_eq!(p["id"], whole["id"]);
            if let (Some(a), Some(b)) = (p["numerator"].as_u64(), whole["numerator"].as_u64()) {
                assert!(a <= b, "{filter:?} {}: {a} > {b}", p["id"]);
            }
        }
    }
    let melton = dir.path().join("melton.html");
    carefile(&with(&["--locality", "Melton", "--out", melton.to_str().unwrap()])).unwrap();
    assert!(std::fs::read_to_string(&melton).unwrap().contains("Scope: locality Melton."));

    // The drill-down lists exactly the weights behind each reported figure.
    for item in items.iter().filter(|i| i["numerator"].is_u64()).take(12) {
        let id = item["id"].as_str().unwrap();
        let e: serde_json::Value =
            serde_json::from_str(&carefile(&with(&["--explain", id, "--format", "json"])).unwrap()).unwrap();
        let weights =
            |part: &str| e[part].as_array().unwrap().iter().map(|x| x["weight"].as_u64().unwrap()).sum::<u64>();
        assert_eq!(weights("numerator"), item["numerator"].as_u64().unwrap(), "{id} numerator");
        if item["unit"] == "percent" {
            assert_eq!(weights("denominator"), item["denominator"].as_u64().unwrap(), "{id} denominator");
        }
        let text = carefile(&with(&["--explain", id])).unwrap();
        assert!(text.starts_with(&format!("{} ({id})", item["name"].as_str().unwrap())), "{text}");
    }
}

#[test]
fn bad_requests_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    carefile(&["demo", "--db", db, "--scale", "small", "--seed", "4"]).unwrap();
    assert!(carefile(&["report", "--db", db, "--period", "2025-26-Q4"]).unwrap_err().contains("needs --out"));
    assert!(carefile(&["report", "--db", db, "--period", "2025-26-Q5"]).unwrap_err().contains("2025-26-Q5"));
    assert!(
        carefile(&["report", "--db", db, "--period", "2025-26-Q4", "--team", "nosuch", "--format", "csv"])
            .unwrap_err()
            .contains("selects no team")
    );
    assert!(
        carefile(&["report", "--db", db, "--period", "2025-26-Q4", "--explain", "nonsense"])
            .unwrap_err()
            .contains("'nonsense' is not an indicator")
    );
    assert!(
        carefile(&["report", "--db", db, "--period", "2025-26-Q4", "--service", "nonsense", "--format", "json"])
            .unwrap_err()
            .contains("'nonsense' is not a service")
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[indicator.cp_second_time]\nsn_average = \"high\"\n").unwrap();
    let err = carefile(&[
        "report",
        "--db",
        db,
        "--period",
        "2025-26-Q4",
        "--format",
        "json",
        "--comparators",
        bad.to_str().unwrap(),
    ])
    .unwrap_err();
    assert!(err.contains("bad.toml"), "{err}");
    assert!(
        carefile(&["report", "--db", "missing.db", "--period", "2025-26-Q4", "--format", "json"])
            .unwrap_err()
            .contains("does not exist")
    );
}
