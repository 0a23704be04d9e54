//! Annex A agrees with the statutory returns made from the same record on the same date: list 8's
//! children are the SSDA903's children looked after on the date or ceased in the look-back (short
//! breaks aside), list 7's plans the CIN census's plans open on the date or ended in the look-back,
//! list 3's referrals the census's referrals in the look-back. The returns are written in their DfE
//! formats and read back with carefile's readers, so the comparison is with the files themselves.

#[allow(dead_code)]
mod support;

use carefile_annex_a::{AnnexA, Labels, Options, Window, build};
use carefile_domain::CollectionYear;
use carefile_domain::codes::{LegalStatus, ReasonEpisodeCeased};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use support::{d, demo};

const AS_OF: &str = "2026-03-31";

fn annex() -> AnnexA {
    let demo = demo();
    let labels = Labels::template("2024").unwrap();
    let opts = Options { as_of: d(AS_OF), months: 6, labels: &labels, postcodes: None, streams: &Default::default() };
    build(&demo.children, &demo.org, &demo.authority, &opts).unwrap()
}

/// (child, a date column) of every row of a list.
fn keyed(a: &AnnexA, list: u8, column: &str) -> BTreeSet<(String, String)> {
    let l = &a.lists[usize::from(list) - 1];
    let at = l.column(column).unwrap();
    l.rows.iter().map(|r| (r.subject.clone(), r.values[at].display())).collect()
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn census() -> carefile_cin::Census {
    let demo = demo();
    let mut xml = Vec::new();
    let source = carefile_cin::export::Source {
        authority: &demo.authority,
        generated_at: d(AS_OF).and_hms_opt(9, 0, 0).unwrap(),
    };
    let cal = carefile_domain::Calendar::england_and_wales();
    carefile_cin::export::write_census(&mut xml, &demo.children, CollectionYear::new(2026), &source, &cal).unwrap();
    carefile_cin::read(&xml, CollectionYear::new(2026)).unwrap().census
}

#[test]
fn list_8_is_the_903s_children_looked_after_on_the_date_or_ceased_in_the_look_back() {
    let demo = demo();
    let dir = tempfile::tempdir().unwrap();
    carefile_ssda903::export::write_csvs(dir.path(), &demo.children, CollectionYear::new(2026), &demo.authority)
        .unwrap();
    let ret = carefile_ssda903::load(&[dir.path().into()], &[]).unwrap();
    let window = Window::months_to(d(AS_OF), 6);
    let mut expected = BTreeSet::new();
    for (child, episodes) in ret.this.episodes.as_ref().unwrap().groups() {
        // The latest episode that is open on the date or ends a period of care in the look-back.
        let listed = episodes
            .iter()
            .filter(|e| match e.dec.get() {
                None => true,
                Some(dec) => window.contains(dec) && e.rec.get() != Some(ReasonEpisodeCeased::X1),
            })
            .max_by_key(|e| e.decom.get());
        if listed.is_some_and(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))) {
            expected.insert(child.to_string());
        }
    }
    let a = annex();
    let list8: BTreeSet<String> = a.lists[7].rows.iter().map(|r| r.subject.clone()).collect();
    assert!(expected.len() > 20, "the small demo has children in care ({})", expected.len());
    assert_eq!(list8, expected);
}

#[test]
fn list_7_is_the_censuss_plans_open_on_the_date_or_ended_in_the_look_back() {
    let c = census();
    let window = Window::months_to(d(AS_OF), 6);
    let expected: BTreeSet<(String, String)> = c
        .cpps
        .iter()
        .filter(|p| p.end_date.get().is_none_or(|e| window.contains(e)))
        .map(|p| (c.child_id(p.key.child).to_string(), dmy(p.start_date.get().unwrap())))
        .collect();
    let a = annex();
    assert!(expected.len() > 20, "the small demo has CP plans ({})", expected.len());
    assert_eq!(keyed(&a, 7, "Child Protection Plan Start Date"), expected);
}

#[test]
fn list_3_is_the_censuss_referrals_in_the_look_back() {
    let c = census();
    let window = Window::months_to(d(AS_OF), 6);
    let expected: BTreeSet<(String, String)> = c
        .cin_details
        .iter()
        .filter_map(|r| {
            r.cin_referral_date.get().filter(|d| window.contains(*d)).map(|d| (c.child_id(r.child).to_string(), dmy(d)))
        })
        .collect();
    let a = annex();
    assert!(expected.len() > 50, "the small demo has referrals ({})", expected.len());
    assert_eq!(keyed(&a, 3, "Date of referral"), expected);
    // NFA as the census says it.
    let nfa: BTreeSet<(String, String)> = c
        .cin_details
        .iter()
        .filter(|r| r.referral_nfa.get() == Some(true))
        .filter_map(|r| {
            r.cin_referral_date.get().filter(|d| window.contains(*d)).map(|d| (c.child_id(r.child).to_string(), dmy(d)))
        })
        .collect();
    let l = &a.lists[2];
    let (at_nfa, at_date) = (l.column("Referral NFA?").unwrap(), l.column("Date of referral").unwrap());
    let annex_nfa: BTreeSet<(String, String)> = l
        .rows
        .iter()
        .filter(|r| r.values[at_nfa].display() == "a) Yes")
        .map(|r| (r.subject.clone(), r.values[at_date].display()))
        .collect();
    assert_eq!(annex_nfa, nfa);
}
