//! Known answers on small hand-written returns: merging across years and returns, facts that
//! began before a return's period, contradictions and broken chains of episodes.

use carefile_domain::codes::*;
use carefile_domain::journey::ChildRecord;
use carefile_domain::{ChildEvent, CollectionYear};
use carefile_ingest::{Importer, Plan};
use carefile_ssda903::Source;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
const EPISODES: &str =
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

/// A year's return from its header rows and episode rows.
fn year(headers: &str, episodes: &str) -> Vec<Source> {
    vec![
        Source::new("header.csv", format!("{HEADER}{headers}")),
        Source::new("episodes.csv", format!("{EPISODES}{episodes}")),
    ]
}

fn with_903(imp: &mut Importer, y: u16, this: Vec<Source>, last: Vec<Source>) {
    let ret = carefile_ssda903::from_sources(&this, &last).unwrap();
    imp.add_ssda903(&ret, CollectionYear::new(y), &format!("903-{y}"), &format!("903-{}", y - 1));
}

fn record(plan: &Plan, id: &str) -> ChildRecord {
    let (cid, events) =
        plan.children.iter().find(|(c, _)| c.as_str() == id).unwrap_or_else(|| panic!("{id}: {plan:?}"));
    let log: Vec<(u64, ChildEvent)> = events.iter().enumerate().map(|(i, s)| (i as u64, s.event.clone())).collect();
    ChildRecord::replay(cid, &log).unwrap()
}

#[test]
fn an_episode_open_across_two_years_is_one_fact_and_ends_once() {
    let mut imp = Importer::default();
    let h = "A1,M,01/01/2012,WBRI,UN3,,\n";
    with_903(
        &mut imp,
        2026,
        year(
            h,
            "A1,01/06/2024,S,C2,N1,U4,PR1,10/01/2025,X1,CARPL,,LE1,\nA1,10/01/2025,P,C2,N1,U5,PR1,05/09/2025,E4A,,,LE2,\n",
        ),
        year(h, "A1,01/06/2024,S,C2,N1,U4,PR1,10/01/2025,X1,CARPL,,LE1,\nA1,10/01/2025,P,C2,N1,U5,PR1,,,,,LE2,\n"),
    );
    let plan = imp.build();
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    let r = record(&plan, "A1");
    assert_eq!(r.care.len(), 1);
    let p = &r.care[0];
    assert_eq!((p.start, p.end), (d("2024-06-01"), Some((d("2025-09-05"), ReasonEpisodeCeased::E4A))));
    assert_eq!(p.changes.len(), 2);
    assert_eq!(p.changes[1].placement.kind, PlacementType::U5);
    assert_eq!(p.changes[1].place_change_reason, Some(ReasonPlaceChange::Carpl));
    // Every event says which return it came from; the end from this year's.
    let events = &plan.children[0].1;
    let ended = events.iter().find(|s| matches!(s.event, ChildEvent::CareEnded { .. })).unwrap();
    assert_eq!(ended.origin.to_string(), "903-2026, Episodes row 1");
}

#[test]
fn care_begun_before_the_return_starts_at_its_first_episode_there() {
    let mut imp = Importer::default();
    // RNE L: the period began before 2025-26; nothing earlier is given.
    with_903(&mut imp, 2026, year("B1,F,01/01/2010,WBRI,UN3,,\n", "B1,01/02/2025,L,C2,N1,U4,PR1,,,,,,\n"), vec![]);
    let plan = imp.build();
    let r = record(&plan, "B1");
    assert_eq!(r.care[0].start, d("2025-02-01"));
    assert_eq!(r.care[0].current().legal_status, LegalStatus::C2);
    assert!(r.care[0].end.is_none());
    assert!(r.care[0].previous_permanence.is_none(), "previous permanence belongs to the year care started");
}

#[test]
fn contradictions_between_years_skip_the_child_naming_both_rows() {
    let mut imp = Importer::default();
    let h = "C1,M,01/01/2012,WBRI,UN3,,\nC2,M,01/01/2012,WBRI,UN3,,\n";
    let good = "C2,01/06/2025,S,C2,N1,U4,PR1,,,,,,\n";
    with_903(
        &mut imp,
        2026,
        year(h, &format!("C1,01/06/2024,S,C1,N1,U4,PR1,,,,,,\n{good}")),
        year(h, "C1,01/06/2024,S,C2,N1,U4,PR1,,,,,,\n"),
    );
    let plan = imp.build();
    assert_eq!(plan.skipped.len(), 1);
    let why = &plan.skipped[0].reasons[0];
    assert!(why.starts_with("contradiction: the episode from 2024-06-01"), "{why}");
    assert!(why.contains("903-2025, Episodes row 0") && why.contains("903-2026, Episodes row 0"), "{why}");
    assert_eq!(plan.children.len(), 1, "C2 still imports");
}

#[test]
fn a_change_with_no_next_episode_is_refused() {
    let mut imp = Importer::default();
    with_903(
        &mut imp,
        2026,
        year("D1,M,01/01/2012,WBRI,UN3,,\n", "D1,01/06/2025,S,C2,N1,U4,PR1,01/09/2025,X1,,,,\n"),
        vec![],
    );
    let plan = imp.build();
    let why = &plan.skipped[0].reasons[0];
    assert!(
        why.contains("903-2026, Episodes row 0") && why.contains("ends by a change (X1) but no episode follows"),
        "{why}"
    );
}

#[test]
fn a_domain_refusal_names_the_row_and_the_rule() {
    let mut imp = Importer::default();
    // Care before birth.
    with_903(&mut imp, 2026, year("E1,M,01/01/2025,WBRI,UN3,,\n", "E1,01/06/2024,S,C2,N1,U4,PR1,,,,,,\n"), vec![]);
    let plan = imp.build();
    let s = &plan.skipped[0];
    assert_eq!(s.events, 2);
    assert!(
        s.reasons[0].contains("903-2026, Episodes row 0") && s.reasons[0].contains("before the child's date of birth"),
        "{s:?}"
    );
}

fn census(year: u16, episodes: &str) -> carefile_cin::Census {
    let xml = format!(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>\
         <ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails></Header><Children><Child>\
         <ChildIdentifiers><LAchildID>F1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>\
         <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>{episodes}</Child></Children></Message>"
    );
    carefile_cin::read(xml.as_bytes(), CollectionYear::new(year)).unwrap().census
}

const PLAN_OPEN: &str = "<ChildProtectionPlans><CPPstartDate>2024-10-01</CPPstartDate>\
    <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>\
    <NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>";

fn episode(closure: &str, inner: &str) -> String {
    format!(
        "<CINdetails><CINreferralDate>2024-09-01</CINreferralDate><ReferralSource>1A</ReferralSource>\
         <PrimaryNeedCode>N1</PrimaryNeedCode>{closure}{inner}<ReferralNFA>0</ReferralNFA></CINdetails>"
    )
}

#[test]
fn a_cin_episode_in_two_censuses_is_merged_and_a_plan_without_its_conference_is_transferred_in() {
    let mut imp = Importer::default();
    let ended = PLAN_OPEN.replace("</CPPstartDate>", "</CPPstartDate><CPPendDate>2025-06-01</CPPendDate>");
    let closure = "<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>";
    imp.add_cin(&census(2025, &episode("", PLAN_OPEN)), "cin-2025.xml");
    imp.add_cin(&census(2026, &episode(closure, &ended)), "cin-2026.xml");
    let plan = imp.build();
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    let r = record(&plan, "F1");
    assert_eq!(r.referrals.len(), 1);
    let x = &r.referrals[0];
    assert_eq!(x.closed, Some((d("2025-07-01"), ReasonForClosure::RC1)));
    assert_eq!(x.cp_plans.len(), 1);
    assert!(x.cp_plans[0].transfer_in, "no conference in either census");
    assert_eq!(x.cp_plans[0].end, Some(d("2025-06-01")));
    assert_eq!(r.details.sex, Some(Sex::Female));
}

#[test]
fn a_plan_takes_its_conference_from_the_s47() {
    let mut imp = Importer::default();
    let s47 = "<Section47><S47ActualStartDate>2024-09-10</S47ActualStartDate>\
        <DateOfInitialCPC>2024-10-01</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>";
    imp.add_cin(&census(2025, &episode("", &format!("{s47}{PLAN_OPEN}"))), "cin-2025.xml");
    let plan = imp.build();
    let r = record(&plan, "F1");
    let x = &r.referrals[0];
    assert!(!x.cp_plans[0].transfer_in);
    assert_eq!(x.icpcs.len(), 1);
    assert!(x.icpcs[0].plan);
    assert_eq!(x.s47s[0].icpc, Some(d("2024-10-01")));
}

#[test]
fn a_closure_contradicted_by_a_later_census_skips_the_child() {
    let mut imp = Importer::default();
    let c = |d: &str| format!("<CINclosureDate>{d}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>");
    imp.add_cin(&census(2025, &episode(&c("2025-03-01"), "")), "cin-2025.xml");
    imp.add_cin(&census(2026, &episode(&c("2025-04-02"), "")), "cin-2026.xml");
    let plan = imp.build();
    let why = &plan.skipped[0].reasons[0];
    assert!(why.contains("cin-2025.xml, CINdetails row") && why.contains("cin-2026.xml, CINdetails row"), "{why}");
    assert!(plan.children.is_empty());
}
