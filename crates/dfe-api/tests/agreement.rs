//! Each child's payload agrees with the same child's rows in the other returns made on the same
//! date from the same record: the SSDA903 header and episodes (date of birth; every episode is a
//! placement with the same start, reason, type, end and reason for ending) and the CIN census
//! (referrals, assessments, S47 enquiries and CP plans, by their dates).

#[allow(dead_code)]
mod support;

use carefile_dfe_api::payload::{Child, Episode};
use carefile_dfe_api::{SchemaVersion, payloads};
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Organisation;
use carefile_domain::{Calendar, CollectionYear};
use carefile_returns::Cell;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use support::d;

const AS_OF: &str = "2026-03-31";

fn demo() -> (Vec<ChildRecord>, Organisation) {
    let a = carefile_synth::generate(&carefile_synth::Options { seed: 1, scale: carefile_synth::Scale::Small, as_of: d(AS_OF) });
    let children = a
        .children
        .iter()
        .map(|c| {
            let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
            ChildRecord::replay(&c.id, &log).unwrap()
        })
        .collect();
    let mut org = Organisation::default();
    for (_, e) in &a.org {
        org.apply(e).unwrap();
    }
    (children, org)
}

fn dmy(s: &str) -> Option<NaiveDate> {
    (!s.is_empty()).then(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap())
}

fn valid(c: &Cell<NaiveDate>) -> Option<NaiveDate> {
    match c {
        Cell::Valid(d) => Some(*d),
        _ => None,
    }
}

fn episodes(p: &Child) -> impl Iterator<Item = &Episode> {
    p.social_care_episodes.iter()
}

#[test]
fn every_payload_agrees_with_the_ssda903_and_the_cin_census_of_the_same_date() {
    let (children, org) = demo();
    let authority = org.authority.clone().unwrap();
    let year = CollectionYear::new(2026);
    let p = payloads(&children, d(AS_OF), SchemaVersion::V1_0_1);
    let by_id: BTreeMap<&str, &Child> = p.children.iter().map(|c| (c.la_child_id.as_str(), c)).collect();

    // SSDA903.
    let dir = tempfile::tempdir().unwrap();
    carefile_ssda903::export::write_csvs(dir.path(), &children, year, &authority).unwrap();
    let mut header = csv::Reader::from_path(dir.path().join("header.csv")).unwrap();
    let h = header.headers().unwrap().clone();
    let col = |h: &csv::StringRecord, name: &str| h.iter().position(|x| x == name).unwrap();
    let mut looked_after = 0;
    for row in header.records() {
        let row = row.unwrap();
        let child = by_id.get(&row[col(&h, "CHILD")]).unwrap_or_else(|| panic!("{} is in the 903, not the cohort", &row[0]));
        assert_eq!(child.child_details.as_ref().unwrap().date_of_birth, dmy(&row[col(&h, "DOB")]), "{}", &row[0]);
        looked_after += 1;
    }
    let mut eps = csv::Reader::from_path(dir.path().join("episodes.csv")).unwrap();
    let e = eps.headers().unwrap().clone();
    let mut checked = 0;
    for row in eps.records() {
        let row = row.unwrap();
        let id = &row[col(&e, "CHILD")];
        let start = dmy(&row[col(&e, "DECOM")]);
        let placement = episodes(by_id[id])
            .flat_map(|ep| &ep.child_looked_after_placements)
            .find(|pl| pl.start_date == start)
            .unwrap_or_else(|| panic!("{id}: the 903 episode from {start:?} is no placement of the payload"));
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        assert_eq!(placement.start_reason, text(&row[col(&e, "RNE")]), "{id} {start:?}");
        assert_eq!(placement.placement_type, text(&row[col(&e, "PLACE")]), "{id} {start:?}");
        assert_eq!(placement.end_date, dmy(&row[col(&e, "DEC")]), "{id} {start:?}");
        assert_eq!(placement.end_reason, text(&row[col(&e, "REC")]), "{id} {start:?}");
        let compact = |s: Option<&str>| s.map(|s| s.replace(' ', ""));
        assert_eq!(compact(placement.postcode.as_deref()), compact(text(&row[col(&e, "PL_POST")]).as_deref()), "{id} {start:?}");
        checked += 1;
    }
    assert!(looked_after > 30 && checked > looked_after, "{looked_after} children, {checked} episodes");

    // The CIN census: each of its dated facts is in the child's payload.
    let mut xml = Vec::new();
    let source = carefile_cin::export::Source { authority: &authority, generated_at: d("2026-04-02").and_hms_opt(8, 0, 0).unwrap() };
    carefile_cin::export::write_census(&mut xml, &children, year, &source, &Calendar::england_and_wales()).unwrap();
    let census = carefile_cin::read(&xml, year).unwrap().census;
    let payload = |child: u32| *by_id.get(census.child_id(child)).unwrap_or_else(|| panic!("{} is in the census, not the cohort", census.child_id(child)));
    let dates = |child: &Child, f: &dyn Fn(&Episode) -> Vec<Option<NaiveDate>>| -> BTreeSet<NaiveDate> {
        episodes(child).flat_map(f).flatten().collect()
    };
    let mut facts = 0;
    for x in &census.cin_details {
        let c = payload(x.child);
        assert!(dates(c, &|e| vec![e.referral_date]).contains(&valid(&x.cin_referral_date).unwrap()), "{}: referral", c.la_child_id);
        if let Some(closed) = valid(&x.cin_closure_date) {
            assert!(dates(c, &|e| vec![e.closure_date]).contains(&closed), "{}: closure {closed}", c.la_child_id);
        }
        facts += 1;
    }
    for x in &census.assessments {
        let c = payload(x.key.child);
        let got = dates(c, &|e| e.child_and_family_assessments.iter().map(|a| a.start_date).collect());
        assert!(got.contains(&valid(&x.actual_start_date).unwrap()), "{}: assessment", c.la_child_id);
        if let Some(done) = valid(&x.authorisation_date) {
            assert!(dates(c, &|e| e.child_and_family_assessments.iter().map(|a| a.authorisation_date).collect()).contains(&done));
        }
        facts += 1;
    }
    for x in &census.section47 {
        let c = payload(x.key.child);
        let got = dates(c, &|e| e.section_47_assessments.iter().map(|s| s.start_date).collect());
        assert!(got.contains(&valid(&x.s47_actual_start_date).unwrap()), "{}: S47", c.la_child_id);
        if let Some(icpc) = valid(&x.date_of_initial_cpc) {
            assert!(dates(c, &|e| e.section_47_assessments.iter().map(|s| s.icpc_date).collect()).contains(&icpc), "{}: ICPC", c.la_child_id);
        }
        facts += 1;
    }
    for x in &census.cpps {
        let c = payload(x.key.child);
        let start = valid(&x.start_date).unwrap();
        let plan = episodes(c)
            .flat_map(|e| &e.child_protection_plans)
            .find(|pl| pl.start_date == Some(start))
            .unwrap_or_else(|| panic!("{}: the census's CP plan from {start} is not in the payload", c.la_child_id));
        assert_eq!(plan.end_date, valid(&x.end_date), "{}: CP plan from {start}", c.la_child_id);
        facts += 1;
    }
    assert!(facts > 300, "{facts} census facts checked");
}
