//! Known answers for the facts an import used to lose or bend (issue 19), on hand-built returns
//! imported into a store one run at a time as an authority would: each asserts the indicator's
//! figure and the children `--explain` lists behind it.

use carefile_domain::codes::*;
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Authority;
use carefile_domain::{ChildId, CollectionYear};
use carefile_indicators::{Comparators, Config, Figure, Filter, Period};
use carefile_ingest::{Importer, Outcome, write};
use carefile_ssda903::Source;
use carefile_store::{EventStore, SqliteStore};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn la() -> Authority {
    Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 }
}

/// One year's SSDA903 tables: (file name, CSV text with its header line).
type Tables<'a> = &'a [(&'a str, &'a str)];

fn sources(tables: Tables) -> Vec<Source> {
    tables.iter().map(|(name, text)| Source::new(*name, text.to_string())).collect()
}

/// Imports one year's SSDA903 return (and, optionally, the previous year's) into `store`; every
/// child must import.
fn import_903(store: &mut SqliteStore, year: u16, this: Tables, last: Tables) -> Outcome {
    let out = import_903_as_is(store, year, this, last);
    assert!(out.skipped.is_empty(), "{:#?}", out.skipped);
    out
}

fn import_903_as_is(store: &mut SqliteStore, year: u16, this: Tables, last: Tables) -> Outcome {
    let ret = carefile_ssda903::from_sources(&sources(this), &sources(last)).unwrap();
    let mut imp = Importer::default();
    imp.add_ssda903(&ret, CollectionYear::new(year), &format!("903-{year}"), &format!("903-{}", year - 1));
    let plan = imp.build_on(store).unwrap();
    let now = "2026-06-01T09:00:00Z".parse().unwrap();
    write(store, plan, now, Some((la(), CollectionYear::new(year).previous().start())), &mut |_| {}).unwrap()
}

/// Imports CIN censuses (one `<Child>` each, given by its inner XML) into `store`.
fn import_cin(store: &mut SqliteStore, censuses: &[(u16, &str)]) -> Outcome {
    let mut imp = Importer::default();
    for (year, child) in censuses {
        let xml = format!(
            "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>\
             <ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails><Source><LEA>855</LEA></Source></Header>\
             <Children><Child>{child}</Child></Children></Message>"
        );
        let census = carefile_cin::read(xml.as_bytes(), CollectionYear::new(*year)).unwrap().census;
        imp.add_cin(&census, &format!("cin-{year}.xml"));
    }
    finish(store, imp, CollectionYear::new(censuses[0].0).start())
}

fn finish(store: &mut SqliteStore, imp: Importer, from: NaiveDate) -> Outcome {
    let plan = imp.build_on(store).unwrap();
    let now = "2026-06-01T09:00:00Z".parse().unwrap();
    let out = write(store, plan, now, Some((la(), from)), &mut |_| {}).unwrap();
    assert!(out.skipped.is_empty(), "{:#?}", out.skipped);
    out
}

fn child(store: &SqliteStore, id: &str) -> ChildRecord {
    store.child(&ChildId::new(id).unwrap()).unwrap().unwrap_or_else(|| panic!("{id} not imported")).0
}

/// An indicator's figure for `period` (value, numerator, denominator) and the children of its
/// numerator and denominator, as `carefile report --explain` lists them.
struct Known {
    value: Option<f64>,
    numerator: u64,
    denominator: Option<u64>,
    num_children: Vec<(String, Vec<String>)>,
    den_children: Vec<String>,
}

fn known(store: &SqliteStore, id: &str, period: &str) -> Known {
    let records = store.children().unwrap();
    let org = store.organisation().unwrap();
    let period: Period = period.parse().unwrap();
    let (c, f, cfg) = (Comparators::default(), Filter::default(), Config::default());
    let e = carefile_indicators::explain(&records, &org, id, &period, &f, &c, &cfg).unwrap();
    let Figure::Value(v) = e.figure else { panic!("{id} for {}: {:?}", period.label(), e.figure) };
    Known {
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
        num_children: e
            .numerator
            .iter()
            .map(|x| (x.child.to_string(), x.because.iter().map(|b| format!("{} {}", b.what, b.date)).collect()))
            .collect(),
        den_children: e.denominator.iter().map(|x| x.child.to_string()).collect(),
    }
}

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
const EPISODES: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
const OC2: &str = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,\
                   SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED";
const OC3: &str = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM";

fn table(columns: &str, rows: &[&str]) -> String {
    let mut t = format!("{columns}\n");
    for r in rows {
        t.push_str(r);
        t.push('\n');
    }
    t
}

#[test]
fn a_referral_on_the_day_the_last_episode_closed_is_a_re_referral() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let child = "<ChildIdentifiers><LAchildID>R1</LAchildID><PersonBirthDate>2014-02-01</PersonBirthDate><Sex>M</Sex>\
        </ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\
        <CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>\
        <PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2024-06-03</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>\
        <Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>\
        <AssessmentAuthorisationDate>2024-05-30</AssessmentAuthorisationDate>\
        <FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\
        <ReferralNFA>0</ReferralNFA></CINdetails>\
        <CINdetails><CINreferralDate>2024-06-03</CINreferralDate><ReferralSource>5A</ReferralSource>\
        <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails>";
    let out = import_cin(&mut store, &[(2025, child)]);
    assert_eq!(out.children, 1);
    let r = self::child(&store, "R1");
    assert_eq!(r.referrals.len(), 2);
    let k = known(&store, "re_referrals_12m", "2024-25");
    assert_eq!((k.numerator, k.denominator), (1, Some(2)));
    assert_eq!(k.value, Some(50.0));
    assert_eq!(k.num_children, vec![("R1".to_string(), vec!["re-referral 2024-06-03".to_string()])]);
    assert_eq!(k.den_children, vec!["R1"]);
}

#[test]
fn a_2023_24_return_with_sex_1_and_2_imports_and_the_next_year_joins_it() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let h24 = table(HEADER, &["S1,1,01/02/2012,WBRI,UN3,,", "S2,2,03/04/2013,WBRI,UN3,,"]);
    let e24 = table(
        EPISODES,
        &["S1,10/05/2023,S,C2,N1,U4,PR1,,,,,LE1 1AA,", "S2,01/06/2023,S,V2,N4,U4,PR1,01/09/2023,E4A,,,LE1 1AA,"],
    );
    let first = import_903(&mut store, 2024, &[("header.csv", &h24), ("episodes.csv", &e24)], &[]);
    assert_eq!(first.children, 2);
    assert_eq!(child(&store, "S1").details.sex, Some(Sex::Male));
    assert_eq!(child(&store, "S2").details.sex, Some(Sex::Female));
    // 2024-25 writes M and F, with last year's return (1 and 2) beside it.
    let h25 = table(HEADER, &["S1,M,01/02/2012,WBRI,UN3,,"]);
    let e25 = table(
        EPISODES,
        &["S1,10/05/2023,S,C2,N1,U4,PR1,15/01/2025,X1,CARPL,,LE1 1AA,", "S1,15/01/2025,P,C2,N1,U6,PR1,,,,,LE2 2BB,"],
    );
    let second = import_903(
        &mut store,
        2025,
        &[("header.csv", &h25), ("episodes.csv", &e25)],
        &[("header.csv", &h24), ("episodes.csv", &e24)],
    );
    assert_eq!((second.children, second.unchanged), (1, 1), "S1 gains its move; S2 is unchanged");
    let k = known(&store, "looked_after", "AT:2025-03-31");
    assert_eq!(k.numerator, 1);
    assert_eq!(k.num_children, vec![("S1".to_string(), vec!["looked after 2023-05-10".to_string()])]);
    let k = known(&store, "placements_3_plus", "AT:2025-03-31");
    assert_eq!((k.numerator, k.denominator), (0, Some(1)));
}

#[test]
fn a_1_or_2_in_a_return_from_2024_25_is_refused_with_the_reason() {
    let ret = carefile_ssda903::from_sources(
        &sources(&[
            ("header.csv", &table(HEADER, &["S3,1,01/02/2012,WBRI,UN3,,"])),
            ("episodes.csv", &table(EPISODES, &["S3,10/05/2024,S,C2,N1,U4,PR1,,,,,LE1 1AA,"])),
        ]),
        &[],
    )
    .unwrap();
    let mut imp = Importer::default();
    imp.add_ssda903(&ret, CollectionYear::new(2025), "903-2025", "");
    let plan = imp.build();
    assert_eq!(plan.skipped.len(), 1);
    let why = plan.skipped[0].reasons.join("; ");
    assert!(why.contains("SEX: '1' is a code of the returns before 2024-25"), "{why}");
}

#[test]
fn census_gender_current_codes_give_the_sex() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let child = |id: &str, g: &str| {
        format!(
            "<ChildIdentifiers><LAchildID>{id}</LAchildID><PersonBirthDate>2014-02-01</PersonBirthDate>\
             <GenderCurrent>{g}</GenderCurrent></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>\
             </ChildCharacteristics><CINdetails><CINreferralDate>2023-05-01</CINreferralDate>\
             <ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails>"
        )
    };
    for (id, g, want) in [("G1", "1", Sex::Male), ("G2", "2", Sex::Female), ("G3", "9", Sex::Unknown)] {
        import_cin(&mut store, &[(2024, &child(id, g))]);
        assert_eq!(self::child(&store, id).details.sex, Some(want), "{id}");
    }
}

/// Looked after since 2023 (continuously for 12 months at 31 March 2025 and 2026), with the
/// year's health as OC2 reports it.
fn looked_after_with_oc2(oc2_2025: &str, oc2_2026: &str) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let h = table(HEADER, &["H1,F,01/02/2014,WBRI,UN3,,"]);
    let e = table(EPISODES, &["H1,10/05/2023,S,C2,N1,U4,PR1,,,,,LE1 1AA,"]);
    let o25 = table(OC2, &[oc2_2025]);
    let o26 = table(OC2, &[oc2_2026]);
    import_903(&mut store, 2025, &[("header.csv", &h), ("episodes.csv", &e), ("oc2.csv", &o25)], &[]);
    import_903(&mut store, 2026, &[("header.csv", &h), ("episodes.csv", &e), ("oc2.csv", &o26)], &[]);
    store
}

#[test]
fn oc2_health_checks_and_sdq_are_kept_and_measured_at_31_march() {
    let store = looked_after_with_oc2(
        "H1,01/02/2014,14,,0,,1,0,1,0,,",
        // 2025-26: assessed, teeth checked, an SDQ of 12.
        "H1,01/02/2014,12,,0,,1,1,1,0,,",
    );
    let r = child(&store, "H1");
    assert_eq!(r.health_outcomes.len(), 2);
    assert_eq!(r.health_outcomes[1].value.sdq_score, Some(12));
    let k = known(&store, "health_assessments", "AT:2026-03-31");
    assert_eq!((k.numerator, k.denominator), (1, Some(1)));
    assert_eq!(k.num_children[0].0, "H1");
    let k = known(&store, "dental_checks", "AT:2025-03-31");
    assert_eq!((k.numerator, k.denominator), (0, Some(1)), "no teeth check in 2024-25");
    let k = known(&store, "dental_checks", "AT:2026-03-31");
    assert_eq!((k.numerator, k.denominator), (1, Some(1)));
    let k = known(&store, "sdq_mean", "AT:2026-03-31");
    assert_eq!((k.numerator, k.denominator, k.value), (12, Some(1), Some(12.0)));
}

#[test]
fn number_of_previous_cpp_makes_a_second_plan() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let child = "<ChildIdentifiers><LAchildID>P1</LAchildID><PersonBirthDate>2016-02-01</PersonBirthDate><Sex>F</Sex>\
        </ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\
        <CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>6</ReferralSource>\
        <PrimaryNeedCode>N1</PrimaryNeedCode>\
        <Section47><S47ActualStartDate>2025-05-06</S47ActualStartDate><DateOfInitialCPC>2025-05-20</DateOfInitialCPC>\
        <ICPCnotRequired>0</ICPCnotRequired></Section47>\
        <ChildProtectionPlans><CPPstartDate>2025-05-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\
        <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>2</NumberOfPreviousCPP></ChildProtectionPlans>\
        <ReferralNFA>0</ReferralNFA></CINdetails>";
    import_cin(&mut store, &[(2026, child)]);
    let r = self::child(&store, "P1");
    assert_eq!(r.referrals[0].cp_plans[0].previous_plans, Some(2));
    let k = known(&store, "cp_second_time", "2025-26");
    assert_eq!((k.numerator, k.denominator), (1, Some(1)));
    assert_eq!(k.num_children, vec![("P1".to_string(), vec!["CP plan started (again) 2025-05-20".to_string()])]);
    // The S47's start is the strategy discussion that began it: the conference's timeliness is
    // measured from it (10 working days), while the count of strategy discussions, which a census
    // carries only where an S47 followed, is not available.
    let k = known(&store, "icpc_within_15_wd", "2025-26");
    assert_eq!((k.numerator, k.denominator), (1, Some(1)));
    assert_eq!(k.num_children, vec![("P1".to_string(), vec!["conference in time 2025-05-20".to_string()])]);
    let records = store.children().unwrap();
    let org = store.organisation().unwrap();
    let (c, f, cfg) = (Comparators::default(), Filter::default(), Config::default());
    let e =
        carefile_indicators::explain(&records, &org, "strategy_discussions", &"2025-26".parse().unwrap(), &f, &c, &cfg)
            .unwrap();
    assert!(
        matches!(&e.figure, Figure::NotAvailable(w) if w.contains("carries only some strategy discussions")),
        "{:?}",
        e.figure
    );
}

/// A care leaver (18 on 10 May 2023) whose care is in the 2023-24 return, then the OC3 rows of
/// the next two years, each imported in its own run.
fn care_leaver_over_three_imports(in_touch_2026: &str) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let h = table(HEADER, &["L1,M,10/05/2005,WBRI,UN3,,"]);
    let e = table(EPISODES, &["L1,01/09/2020,S,C2,N1,U4,PR1,10/05/2023,E8,,,LE1 1AA,"]);
    import_903(&mut store, 2024, &[("header.csv", &h), ("episodes.csv", &e)], &[]);
    // The later returns' episodes (of other children) hold none of L1's.
    let none = table(EPISODES, &[]);
    let oc3 = table(OC3, &["L1,10/05/2005,YES,F2,D1"]);
    import_903(&mut store, 2025, &[("header.csv", &h), ("episodes.csv", &none), ("oc3.csv", &oc3)], &[]);
    let oc3 = table(OC3, &[&format!("L1,10/05/2005,{in_touch_2026}")]);
    import_903(&mut store, 2026, &[("header.csv", &h), ("episodes.csv", &none), ("oc3.csv", &oc3)], &[]);
    store
}

#[test]
fn oc3_rows_of_later_imports_join_care_imported_earlier() {
    let store = care_leaver_over_three_imports("YES,G5,U1");
    let r = child(&store, "L1");
    let contacts: Vec<NaiveDate> = r.care_leaver_contacts.iter().map(|c| c.date).collect();
    assert_eq!(contacts, [d("2024-05-10"), d("2025-05-10")]);
    let k = known(&store, "cl_accommodation_19_21", "AT:2025-03-31");
    assert_eq!((k.numerator, k.denominator), (1, Some(1)));
    assert_eq!(k.num_children[0].0, "L1");
    let k = known(&store, "cl_eet_19_21", "AT:2026-03-31");
    assert_eq!((k.numerator, k.denominator), (0, Some(1)), "G5: not in education, employment or training");
    assert_eq!(k.den_children, vec!["L1"]);
}

#[test]
fn in_touch_died_records_the_death_and_leaves_the_denominators() {
    let store = care_leaver_over_three_imports("DIED,,");
    let r = child(&store, "L1");
    assert_eq!(r.died, Some(d("2025-05-10")), "dated on the birthday the row is about");
    let k = known(&store, "cl_accommodation_19_21", "AT:2025-03-31");
    assert_eq!(k.den_children, vec!["L1"], "alive at 31 March 2025");
    let k = known(&store, "cl_accommodation_19_21", "AT:2026-03-31");
    assert_eq!((k.numerator, k.denominator, k.value), (0, Some(0), None));
    assert!(k.den_children.is_empty());
}

/// Counts of (rows, recorded, held, merged, not recorded, skipped) by input and table.
fn counts(out: &Outcome) -> Vec<(String, [u64; 6])> {
    out.summary
        .tables
        .iter()
        .map(|((f, t), c)| (format!("{f} {t}"), [c.rows, c.recorded, c.held, c.merged, c.not_recorded, c.skipped]))
        .collect()
}

#[test]
fn the_summary_counts_every_row_once_by_what_became_of_it() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let h24 =
        table(HEADER, &["S1,1,01/02/2012,WBRI,UN3,,", "S2,2,03/04/2013,WBRI,UN3,,", "S9,1,03/04/2013,WBRI,UN3,,"]);
    // S9's episode is in care before birth: skipped with both its rows.
    let e24 = table(
        EPISODES,
        &[
            "S1,10/05/2023,S,C2,N1,U4,PR1,,,,,LE1 1AA,",
            "S2,01/06/2023,S,V2,N4,U4,PR1,01/09/2023,E4A,,,LE1 1AA,",
            "S9,01/06/2012,S,V2,N4,U4,PR1,,,,,LE1 1AA,",
        ],
    );
    let first = import_903_as_is(&mut store, 2024, &[("header.csv", &h24), ("episodes.csv", &e24)], &[]);
    assert_eq!(first.skipped.len(), 1);
    assert_eq!(
        counts(&first),
        [("903-2024 Episodes".into(), [3, 2, 0, 0, 0, 1]), ("903-2024 Header".into(), [3, 2, 0, 0, 0, 1])]
    );
    // The next year with last year's return beside it: what the database holds is held, the
    // episode reported by both years is merged, the new move is recorded; a care leaver whose
    // care is in neither return is not recorded.
    let h25 = table(HEADER, &["S1,M,01/02/2012,WBRI,UN3,,", "L7,F,10/05/2006,WBRI,UN3,,"]);
    let e25 = table(
        EPISODES,
        &["S1,10/05/2023,S,C2,N1,U4,PR1,15/01/2025,X1,CARPL,,LE1 1AA,", "S1,15/01/2025,P,C2,N1,U6,PR1,,,,,LE2 2BB,"],
    );
    let oc3 = table(OC3, &["L7,10/05/2006,YES,F2,D1"]);
    let second = import_903_as_is(
        &mut store,
        2025,
        &[("header.csv", &h25), ("episodes.csv", &e25), ("oc3.csv", &oc3)],
        &[("header.csv", &h24), ("episodes.csv", &e24)],
    );
    assert_eq!(
        counts(&second),
        [
            ("903-2024 Episodes".into(), [3, 0, 1, 1, 0, 1]),
            ("903-2024 Header".into(), [3, 0, 2, 0, 0, 1]),
            ("903-2025 Episodes".into(), [2, 1, 1, 0, 0, 0]),
            ("903-2025 Header".into(), [2, 1, 0, 1, 0, 0]),
            ("903-2025 OC3".into(), [1, 0, 0, 0, 1, 0]),
        ]
    );
    let why: Vec<_> = second.summary.not_recorded.iter().collect();
    assert_eq!(
        why,
        [(
            &"the care leaver's circumstances are not recorded: the care they left is before the returns given"
                .to_string(),
            &1
        )]
    );
}

/// A figure from imported returns that reads history before the first return is partial, with
/// the date from which it is complete; kinds of fact returns do not carry are not available.
#[test]
fn figures_needing_history_before_the_returns_are_partial_or_not_available() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // A plan from November 2023 (before the first census imported), reviewed in both years.
    let episode = |reviews: &str| {
        format!(
            "<ChildIdentifiers><LAchildID>V1</LAchildID><PersonBirthDate>2016-02-01</PersonBirthDate><Sex>F</Sex>\
             </ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\
             <CINdetails><CINreferralDate>2023-10-01</CINreferralDate><ReferralSource>6</ReferralSource>\
             <PrimaryNeedCode>N1</PrimaryNeedCode>\
             <ChildProtectionPlans><CPPstartDate>2023-11-01</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\
             <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>\
             <Reviews>{reviews}</Reviews></ChildProtectionPlans><ReferralNFA>0</ReferralNFA></CINdetails>"
        )
    };
    import_cin(
        &mut store,
        &[
            (2025, &episode("<CPPreviewDate>2024-07-20</CPPreviewDate><CPPreviewDate>2025-01-15</CPPreviewDate>")),
            (2026, &episode("<CPPreviewDate>2025-07-10</CPPreviewDate><CPPreviewDate>2026-01-05</CPPreviewDate>")),
        ],
    );
    let records = store.children().unwrap();
    let org = store.organisation().unwrap();
    assert_eq!(org.coverage.len(), 2, "{:?}", org.coverage);
    let dash = |period: &str| {
        carefile_indicators::compute(
            &records,
            &org,
            &period.parse().unwrap(),
            &Filter::default(),
            &Comparators::default(),
            &Config::default(),
        )
        .unwrap()
    };
    let d26 = dash("2025-26-Q4");
    // Reviews before the first census are unknown: partial, and so never judged.
    let r = d26.result("cp_reviewed_in_timescale").unwrap();
    let p = r.partial.as_ref().expect("partial");
    assert!(p.reason.contains("whole history of child protection plans") && p.reason.contains("2024-04-01"), "{p:?}");
    assert_eq!((p.complete_from, r.rag, r.direction), (None, None, None));
    // Re-referrals within 12 months of a referral: complete from the year after the first census.
    let p = dash("2024-25").result("re_referrals_12m").unwrap().partial.clone().expect("partial");
    assert_eq!(p.complete_from, Some(d("2025-04-01")));
    assert!(dash("2025-26").result("re_referrals_12m").unwrap().partial.is_none());
    // Counts within the censuses are complete; a period after them is not available.
    assert!(d26.result("cp_plans").unwrap().partial.is_none());
    let later = dash("2026-27-Q1");
    assert!(
        matches!(&later.result("cp_plans").unwrap().figure, Figure::NotAvailable(w) if w.contains("2024-04-01 to 2026-03-31")),
        "{:?}",
        later.result("cp_plans").unwrap().figure
    );
    // What returns never carry is not available, not zero.
    for id in ["contacts", "return_interviews_offered", "cse_referrals"] {
        assert!(matches!(d26.result(id).unwrap().figure, Figure::NotAvailable(_)), "{id}");
    }
}
