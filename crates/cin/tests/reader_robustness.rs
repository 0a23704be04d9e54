//! The reader never panics: junk bytes, truncated files and bad values give a
//! clear error or cells kept as invalid.

mod support;

use carefile_cin::{ReadErrorKind, read};
use carefile_domain::CollectionYear;
use carefile_returns::Cell;
use proptest::prelude::*;

fn year() -> CollectionYear {
    CollectionYear::new(2026)
}

fn sample() -> String {
    support::varied_census(3, 20, 1, &["8606", "8935", "8842Q", "4003"]).0.xml()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(e) = read(&bytes, year()) {
            prop_assert!(e.line >= 1);
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn every_truncation_is_an_error_or_a_census(cut in 0usize..4000) {
        let xml = sample();
        let cut = cut.min(xml.len());
        match read(&xml.as_bytes()[..cut], year()) {
            Ok(r) => prop_assert!(r.census.children.len() <= 24),
            Err(e) => {
                let text = e.to_string();
                prop_assert!(text.starts_with("line "), "{}", text);
                let lines = xml[..cut].matches('\n').count() + 1;
                prop_assert!(e.line <= lines, "line {} beyond the {} lines read", e.line, lines);
            }
        }
    }

    #[test]
    fn corrupted_bytes_never_panic(at in 0usize..4000, byte in any::<u8>()) {
        let mut xml = sample().into_bytes();
        let at = at % xml.len();
        xml[at] = byte;
        let _ = read(&xml, year());
    }

    #[test]
    fn any_text_in_a_date_is_kept(value in "\\PC{0,12}") {
        let escaped = value.replace('&', "&amp;").replace('<', "&lt;");
        let xml = format!("<Message><Children><Child><ChildIdentifiers><LAchildID>A</LAchildID>\
            <PersonBirthDate>{escaped}</PersonBirthDate></ChildIdentifiers></Child></Children></Message>");
        let r = read(xml.as_bytes(), year()).unwrap();
        let cell = &r.census.children[0].person_birth_date;
        match cell {
            Cell::Blank => prop_assert!(value.trim().is_empty()),
            Cell::Valid(d) => prop_assert_eq!(d.format("%Y-%m-%d").to_string(), value.trim()),
            Cell::Invalid(kept) => prop_assert_eq!(&**kept, value.trim()),
        }
    }
}

#[test]
fn truncated_file_names_the_open_element() {
    let xml = sample();
    let cut = xml.find("</Children>").unwrap();
    let e = read(&xml.as_bytes()[..cut], year()).unwrap_err();
    assert_eq!(e.kind, ReadErrorKind::Truncated("Children".into()));
    assert_eq!(e.line, xml[..cut].matches('\n').count() + 1);
}

#[test]
fn bad_dates_and_codes_are_kept_for_the_rules() {
    let xml = "<Message><Children><Child><ChildIdentifiers><LAchildID>A</LAchildID>\
        <PersonBirthDate>2015-02-30</PersonBirthDate><Sex>male</Sex></ChildIdentifiers>\
        <CINdetails><CINreferralDate>01/05/2025</CINreferralDate><ReferralNFA>no</ReferralNFA></CINdetails></Child></Children></Message>";
    let c = read(xml.as_bytes(), year()).unwrap().census;
    assert_eq!(c.children[0].person_birth_date, Cell::Invalid("2015-02-30".into()));
    assert_eq!(c.children[0].sex, Cell::Invalid("male".into()));
    assert_eq!(c.cin_details[0].cin_referral_date, Cell::Invalid("01/05/2025".into()));
    assert_eq!(c.cin_details[0].referral_nfa, Cell::Invalid("no".into()));
    let report = carefile_cin::validate(&c).unwrap();
    let codes: Vec<_> = report.findings.iter().map(|f| f.rule.code).collect();
    assert!(codes.contains(&"8600") && codes.contains(&"8568") && codes.contains(&"4180"), "{codes:?}");
}

#[test]
fn not_utf8_is_an_error_not_a_panic() {
    let e = read(b"<Message><Children><Child><ChildIdentifiers><LAchildID>\xff\xfe</LAchildID>", year());
    assert!(e.is_err());
    let e = read(b"\xff\xfe<\x00M\x00", year()).unwrap_err();
    assert!(e.line >= 1);
}
