//! `carefile validate` end to end on returns exported from a small demo.

use std::path::Path;
use std::process::{Command, Output};

fn carefile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs")
}

/// Standard output of a command that must succeed.
fn ok(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo's 903 returns for 2025 and 2026, as folders.
fn returns(dir: &Path) -> (String, String) {
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    ok(&["demo", "--db", &p("demo.db"), "--scale", "small", "--seed", "3"]);
    for y in ["2025", "2026"] {
        ok(&["export", "ssda903", "--db", &p("demo.db"), "--year", y, "--out", &p(&format!("903-{y}"))]);
    }
    (p("903-2025"), p("903-2026"))
}

/// The CSV report's `not run: …` statuses, by rule code.
fn not_run(csv: &str) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["child_id", "table", "row", "field", "rule_code", "message", "status"]);
    r.records()
        .map(|rec| rec.unwrap())
        .filter(|rec| rec[6].starts_with("not run"))
        .map(|rec| (rec[4].to_string(), rec[6].to_string()))
        .collect()
}

#[test]
fn previous_takes_one_folder_per_use_before_or_after_the_input_and_rules_not_run_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (last, this) = returns(dir.path());
    // As the issue tried it: --previous before the input no longer swallows it.
    let before = ok(&["validate", "ssda903", "--year", "2026", "--la", "E10000018", "--previous", &last, &this, "--format", "csv"]);
    let after = ok(&["validate", "ssda903", "--year", "2026", &this, "--la", "E10000018", "--previous", &last, "--format", "csv"]);
    assert_eq!(before, after);
    let skipped = not_run(&before);
    assert!(skipped.iter().all(|(_, why)| !why.contains("--previous") && !why.contains("--la")), "{skipped:?}");
    assert!(skipped.iter().any(|(code, why)| code == "1015" && why.contains("--postcodes")), "{skipped:?}");

    // Without last year's return or the authority, the rules that need them are listed, not run.
    let alone = ok(&["validate", "ssda903", "--year", "2026", &this, "--format", "csv"]);
    let skipped = not_run(&alone);
    let needing = |what: &str| skipped.iter().filter(|(_, why)| why.contains(what)).map(|(c, _)| c.as_str()).collect::<Vec<_>>();
    let last_year = needing("last year's return (--previous)");
    for code in ["202", "503A", "1001", "NoE"] {
        assert!(last_year.contains(&code), "{code} needs last year's return: {skipped:?}");
    }
    assert!(needing("the submitting authority (--la)").contains(&"1015"), "{skipped:?}");
    let only_last_year = skipped.iter().filter(|(_, why)| why == "not run: needs last year's return (--previous)").count();
    let text = ok(&["validate", "ssda903", "--year", "2026", &this]);
    assert!(text.contains(&format!("  needs last year's return (--previous) ({only_last_year} rules): 202, ")), "{text}");

    // The workbook says the same on its own sheet.
    let book = dir.path().join("report.xlsx");
    let out = carefile(&["validate", "ssda903", "--year", "2026", &this, "--out", book.to_str().unwrap()]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stderr).contains("rules not run: see the report"));
    let bytes = std::fs::read(&book).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook).unwrap();
    assert!(workbook.contains(r#"name="Rules Not Run""#), "{workbook}");
}

#[test]
fn the_folder_export_ssda903_xml_writes_validates_as_one_return() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    ok(&["demo", "--db", &p("demo.db"), "--scale", "small", "--seed", "3"]);
    ok(&["export", "ssda903", "--db", &p("demo.db"), "--year", "2027", "--out", &p("xml"), "--xml"]);
    let mut files: Vec<String> =
        std::fs::read_dir(p("xml")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["DoLo.csv", "ssda903.xml", "sw_episodes.csv"]);
    let text = ok(&["validate", "ssda903", "--year", "2027", "--la", "855", &p("xml")]);
    assert!(text.contains(" findings from "), "{text}");
}

#[test]
fn validate_record_finds_what_validating_the_exports_finds_and_writes_no_return() {
    let dir = tempfile::tempdir().unwrap();
    let (last, this) = returns(dir.path());
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    ok(&["export", "cin", "--db", &p("demo.db"), "--year", "2026", "--out", &p("cin.xml")]);
    let exported_903 = ok(&["validate", "ssda903", "--year", "2026", "--la", "E10000018", "--previous", &last, &this, "--format", "csv"]);
    let exported_cin = ok(&["validate", "cin", "--year", "2026", &p("cin.xml"), "--format", "csv"]);

    let out = carefile(&["validate", "record", "--db", &p("demo.db"), "--year", "2026", "--format", "csv", "--out", &p("reports")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("SSDA903 return 2025-26: ") && said.contains("CIN census 2025-26: "), "{said}");
    let mut files: Vec<String> =
        std::fs::read_dir(p("reports")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["cin.csv", "ssda903.csv"], "the reports only, no return");
    let record_903 = std::fs::read_to_string(p("reports/ssda903.csv")).unwrap();
    let record_cin = std::fs::read_to_string(p("reports/cin.csv")).unwrap();
    assert!(record_903.lines().count() > 1 && record_cin.lines().count() > 1, "{record_903}\n{record_cin}");
    assert_eq!(record_903, exported_903, "the record's 903 findings are those of its export with last year's");
    assert_eq!(record_cin, exported_cin, "the record's CIN findings are those of its census");

    // As text on standard output, both returns, each with its rules not run (postcodes, providers).
    let text = ok(&["validate", "record", "--db", &p("demo.db"), "--year", "2026"]);
    assert!(text.contains("SSDA903 return 2025-26 from the record") && text.contains("CIN census 2025-26 from the record"), "{text}");
    assert!(text.contains("--postcodes") && !text.contains("(--previous)"), "{text}");
    // Another format needs a folder for its two reports.
    let out = carefile(&["validate", "record", "--db", &p("demo.db"), "--year", "2026", "--format", "xlsx"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("give --out DIR"));
}

/// `validate cin` checks the file's structure before the rules: each problem with its line, in the
/// text, CSV and JSON reports alike; LIIA's stricter reading of booleans is a warning.
#[test]
fn validate_cin_reports_the_structure_with_lines_before_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("census.xml");
    std::fs::write(
        &xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>\
         <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n<Child>\n\
         <ChildIdentifiers><LAchildID>A1</LAchildID><Sex>F</Sex><PersonBirthDate>2015-01-01</PersonBirthDate></ChildIdentifiers>\n\
         <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\n\
         <CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>\n\
         <Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate><FactorsIdentifiedAtAssessment>\
         <AssessmentFactors>RB</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\n\
         <ReferralNFA>false</ReferralNFA></CINdetails>\n</Child>\n</Children>\n</Message>\n",
    )
    .unwrap();
    let path = xml.to_str().unwrap();
    let text = ok(&["validate", "cin", "--year", "2026", path]);
    let section = text.find("Structure of the file, checked before the rules (2 findings, 1 warnings)").expect(&text);
    assert!(section < text.find("Summary by rule").unwrap_or(usize::MAX), "{text}");
    for line in [
        "  line 6: <PersonBirthDate> comes after <Sex> inside <ChildIdentifiers>; the census has <PersonBirthDate> before <Sex>",
        "  line 9: <AssessmentFactors> 'RB' is not in this year's assessment factor code list",
        "  line 10: warning: <ReferralNFA> is written true/false (1 time from here): the DfE accepts it, LIIA's schema only 0/1",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    let csv = ok(&["validate", "cin", "--year", "2026", "--format", "csv", path]);
    assert!(
        csv.contains(",XML,9,AssessmentFactors,structure,<AssessmentFactors> 'RB' is not in this year's assessment factor code list,structure finding"),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&["validate", "cin", "--year", "2026", "--format", "json", path])).unwrap();
    let s = &json["structure"];
    assert_eq!((s[0]["line"].as_u64(), s[2]["severity"].as_str()), (Some(6), Some("warning")), "{s}");
}
