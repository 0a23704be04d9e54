use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn year_groups_by_age_start_reception_the_september_after_the_fourth_birthday() {
    // Born 31 August: the youngest of the year; born 1 September: the oldest of the next.
    assert_eq!(YearGroup::by_age(d("2020-08-31"), d("2024-09-02")), 0);
    assert_eq!(YearGroup::by_age(d("2020-09-01"), d("2024-09-02")), -1);
    assert_eq!(YearGroup::by_age(d("2015-06-01"), d("2026-01-20")), 6);
    assert_eq!(YearGroup::from_ncy(0), Some(YearGroup::Reception));
    assert_eq!(YearGroup::from_ncy(-2), Some(YearGroup::N1));
    assert_eq!(YearGroup::from_ncy(15), None);
    assert_eq!(YearGroup::Y14.ncy(), 14);
    // A year group recorded with a school moves up with the academic years.
    let mut e = Education::default();
    e.school(d("2024-09-04"), Roll::OnRoll { school: "Oak".into(), urn: None, year_group: Some(YearGroup::Y4) });
    assert_eq!(e.year_group_on(d("2015-06-01"), d("2024-09-03")), 5);
    assert_eq!(e.year_group_on(d("2015-06-01"), d("2025-10-01")), 5);
}

#[test]
fn the_roll_officer_and_destination_on_a_day_are_the_latest_recorded_by_then() {
    let mut e = Education::default();
    e.school(d("2025-09-03"), Roll::OnRoll { school: "Oak".into(), urn: None, year_group: None });
    e.school(d("2026-02-02"), Roll::NotOnRoll { missing_education: false });
    // Recorded late, dated earlier: it goes where it belongs.
    e.school(d("2025-01-06"), Roll::OnRoll { school: "Elm".into(), urn: None, year_group: None });
    assert!(matches!(e.roll_on(d("2025-06-01")), Some(Roll::OnRoll { school, .. }) if school == "Elm"));
    assert!(!e.not_on_roll(d("2026-02-01")));
    assert!(e.not_on_roll(d("2026-02-02")));
    assert_eq!(e.roll_on(d("2024-12-31")), None);
    e.destination(d("2026-03-02"), Destination::NeetAvailable);
    assert!(e.destination_on(d("2026-03-02")).is_some_and(Destination::is_neet));
    assert_eq!(e.destination_on(d("2026-03-01")), None);
}

#[test]
fn attendance_is_refused_when_impossible_or_overlapping() {
    let mut e = Education::default();
    let a = |from, to, possible, attended| Attendance { from: d(from), to: d(to), possible, attended };
    e.attendance(a("2026-01-05", "2026-02-13", 60, 55)).unwrap();
    assert!(e.attendance(a("2026-02-23", "2026-03-27", 40, 41)).unwrap_err().contains("more than possible"));
    assert!(e.attendance(a("2026-03-27", "2026-02-23", 40, 30)).unwrap_err().contains("before the start"));
    assert!(e.attendance(a("2026-02-13", "2026-03-27", 40, 30)).unwrap_err().contains("overlaps"));
    e.attendance(a("2026-02-23", "2026-03-27", 48, 40)).unwrap();
    assert_eq!(e.attendance.len(), 2);
}

#[test]
fn school_days_leave_out_weekends_holidays_half_terms_and_closures() {
    let terms = SchoolTerms::from_toml(
        r#"
closures = [[2026-01-05, 2026-01-05]]
terms = [{ year = "2025-26", name = "Spring", start = 2026-01-05, end = 2026-03-27, half_term = [2026-02-16, 2026-02-20] }]
"#,
    )
    .unwrap();
    let cal = Calendar::england_and_wales();
    // Mon 5 Jan is an INSET day; Fri 9 Jan is the fourth school day after Sun 4 Jan.
    assert!(!terms.is_school_day(&cal, d("2026-01-05")));
    assert_eq!(terms.school_days_between(&cal, d("2026-01-04"), d("2026-01-09")), 4);
    // Half term and the days after the term are not school days: 13 Feb to 27 Feb is 5 days.
    assert_eq!(terms.school_days_between(&cal, d("2026-02-13"), d("2026-02-27")), 5);
    assert_eq!(terms.school_days_between(&cal, d("2026-03-27"), d("2026-04-10")), 0);
}

#[test]
fn a_bad_terms_table_is_refused_naming_where() {
    let bad = |text: &str| SchoolTerms::from_toml(text).unwrap_err().to_string();
    let term = |start: &str, end: &str, ht: &str| {
        format!(r#"{{ year = "2025-26", name = "Autumn", start = {start}, end = {end}, half_term = {ht} }}"#)
    };
    assert!(bad("terms = []").contains("lists no terms"));
    let backwards = format!("terms = [{}]", term("2025-12-19", "2025-09-03", "[2025-10-27, 2025-10-31]"));
    assert!(bad(&backwards).contains("terms[0].end"));
    let outside = format!("terms = [{}]", term("2025-09-03", "2025-12-19", "[2026-10-27, 2026-10-31]"));
    assert!(bad(&outside).contains("terms[0].half_term: not inside the term"));
    let overlap = format!(
        "terms = [{}, {}]",
        term("2025-09-03", "2025-12-19", "[2025-10-27, 2025-10-31]"),
        term("2025-12-01", "2026-03-27", "[2026-02-16, 2026-02-20]")
    );
    assert!(bad(&overlap).contains("terms[1].start: 2025-12-01 is not after the previous term's end 2025-12-19"));
    assert!(bad("terms = [{ year = \"2025-26\", name = \"Autumn\", start = \"3 Sept\" }]").contains("'3 Sept' is not a date"));
    assert!(bad("holidays = []").contains("holidays: unknown key"));
    // The shipped pattern reads, and covers the demo's years.
    let shipped = SchoolTerms::default();
    assert!(shipped.terms().first().unwrap().start <= d("2013-01-01"));
    assert!(shipped.last_day() >= d("2029-07-01"));
}
