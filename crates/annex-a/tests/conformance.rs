//! Annex A against the LIIA Annex A schema, read as a fixture from `../shared/outside/annex_a/`
//! (never copied into the repository): every list's columns present and in order, character for
//! character; every column the schema says cannot be blank filled (except those the record has no
//! source for yet, which the list declares); every value of the right type; every drop-down value
//! among the schema's accepted values, but for the documented labels the 2024 template predates.

#[allow(dead_code)]
mod support;

use carefile_annex_a::{Labels, Options, Value, build, lists};
use carefile_ssda903::refdata::Postcodes;
use std::collections::{BTreeMap, HashSet};
use support::{d, demo, outside, postcode_directory};
use yaml_rust2::{Yaml, YamlLoader};

/// Placement types new in 2025-26, after the 2024 template the schema reflects: carefile's own labels.
const PREDATED: &[&str] = &[
    "K3: Supported accommodation",
    "Z11: Other placements - unregistered supported accommodation",
    "Z12: Other placements - unregistered children’s home, registration applied for",
    "Z13: Other placements - unregistered children’s home, registration not applied for",
    "Z14: Other placements - any other placement",
];

struct Column {
    header: String,
    kind: String,
    can_be_blank: bool,
    /// Accepted values (codes and their spellings), for category columns.
    accepted: Option<HashSet<String>>,
}

fn text(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Boolean(b) => Some(if *b { "True" } else { "False" }.into()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        _ => None,
    }
}

/// A column's spec with YAML merge keys (`<<: *anchor`) applied, its own keys winning.
fn merged(spec: &Yaml) -> Yaml {
    let Some(own) = spec.as_hash() else { return spec.clone() };
    let mut out = match own.get(&Yaml::String("<<".into())) {
        Some(base) => merged(base).into_hash().unwrap_or_default(),
        None => Default::default(),
    };
    for (k, v) in own {
        if k.as_str() != Some("<<") {
            out.insert(k.clone(), v.clone());
        }
    }
    Yaml::Hash(out)
}

/// The schema's lists, in order, each column in order.
fn schema() -> BTreeMap<u8, Vec<Column>> {
    let raw = std::fs::read_to_string(outside("annex_a/liia_Annex_A_schema.yml")).unwrap();
    let docs = YamlLoader::load_from_str(&raw).expect("the schema is YAML");
    let map = docs[0]["column_map"].as_hash().expect("column_map");
    let mut out = BTreeMap::new();
    for (list, columns) in map {
        let n: u8 = list.as_str().unwrap().trim_start_matches("list_").parse().unwrap();
        let cols = columns
            .as_hash()
            .unwrap()
            .iter()
            .map(|(h, spec)| {
                let spec = &merged(spec);
                let kind = ["string", "category", "date", "numeric", "postcode"]
                    .into_iter()
                    .find(|k| !spec[*k].is_badvalue())
                    .unwrap_or("other")
                    .to_string();
                let accepted = spec["category"].as_vec().map(|cats| {
                    cats.iter()
                        .flat_map(|c| {
                            let names = c["name"].as_vec().cloned().unwrap_or_default();
                            std::iter::once(c["code"].clone()).chain(names)
                        })
                        .filter_map(|y| text(&y))
                        .collect()
                });
                Column {
                    header: h.as_str().unwrap().to_string(),
                    kind,
                    can_be_blank: spec["canbeblank"].as_bool().unwrap_or(true),
                    accepted,
                }
            })
            .collect();
        out.insert(n, cols);
    }
    out
}

#[test]
fn every_list_has_the_schemas_columns_in_order() {
    let schema = schema();
    assert_eq!(schema.len(), lists::ALL.len());
    for def in lists::ALL {
        let expected: Vec<&str> = schema[&def.number].iter().map(|c| c.header.as_str()).collect();
        assert_eq!(def.headers, expected.as_slice(), "list {}", def.number);
    }
}

#[test]
fn the_demo_authoritys_lists_fill_and_label_every_column_as_the_schema_accepts() {
    let schema = schema();
    let demo = demo();
    let labels = Labels::template("2024").unwrap();
    let directory = postcode_directory(&demo.children);
    let postcodes = Postcodes::read("directory.csv", directory.as_bytes(), |_| true).unwrap();
    let opts = Options { as_of: d("2026-03-31"), months: 6, labels: &labels, postcodes: Some(&postcodes), streams: &Default::default() };
    let annex = build(&demo.children, &demo.org, &demo.authority, &opts).unwrap();
    let mut checked = 0;
    let mut predated = 0;
    for list in &annex.lists {
        assert!(list.needs_input.is_empty(), "{}: with postcodes every column has its input", list.sheet);
        if list.number != 11 {
            assert!(!list.rows.is_empty(), "{} has rows on the demo", list.sheet);
        }
        let (c, p) = check_rows(list, &schema[&list.number]);
        checked += c;
        predated += p;
    }
    assert!(checked > 10_000, "the demo fills {checked} values");
    eprintln!("{checked} values checked against the schema; {predated} placement types newer than its template");
}

/// Checks every row of `list` against the schema's `columns`: (values checked, placement types
/// newer than the template).
fn check_rows(list: &carefile_annex_a::List, columns: &[Column]) -> (usize, usize) {
    let mut checked = 0;
    let mut predated = 0;
    let pending: HashSet<&str> = list.pending.iter().map(|p| p.column).collect();
    let partial: HashSet<&str> = list.partial.iter().map(|p| p.column).collect();
    for row in &list.rows {
        assert_eq!(row.values.len(), columns.len(), "{} row of {}", list.sheet, row.subject);
        for (v, col) in row.values.iter().zip(columns) {
            let at = || format!("{} {} {:?}: {v:?}", list.sheet, row.subject, col.header);
            if pending.contains(col.header.as_str()) {
                assert!(v.is_blank(), "pending column filled: {}", at());
                continue;
            }
            if v.is_blank() {
                // The DfE records no provider for temporary placements and those unregistered
                // (SSDA903 rule 178), so Annex A has none to show.
                let no_provider = col.header == "Placement Provider" && {
                    let kind = row.values[list.column("Placement Type").unwrap()].display();
                    ["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"]
                        .iter()
                        .any(|t| kind.contains(&format!("{t}:")))
                };
                // No contact recorded with a care leaver: nothing says whether the authority is in touch.
                let no_contact = col.header == "LA in Touch"
                    && row.values[list.column("Latest Date of Contact").unwrap()].is_blank();
                let declared = partial.contains(col.header.as_str());
                assert!(
                    col.can_be_blank || no_provider || no_contact || declared,
                    "mandatory column blank: {}",
                    at()
                );
                continue;
            }
            checked += 1;
            match col.kind.as_str() {
                "date" => assert!(matches!(v, Value::Date(_)), "not a date: {}", at()),
                "numeric" => assert!(matches!(v, Value::Int(_) | Value::Count(_)), "not a number: {}", at()),
                "string" | "postcode" => assert!(matches!(v, Value::Text(_)), "not text: {}", at()),
                "category" => {
                    let shown = v.display();
                    let accepted = col.accepted.as_ref().unwrap();
                    if PREDATED.contains(&shown.as_str()) && col.header == "Placement Type" {
                        predated += 1;
                    } else {
                        assert!(accepted.contains(&shown), "value not among the schema's: {}", at());
                    }
                }
                other => panic!("unexpected column kind {other}: {}", at()),
            }
        }
    }
    (checked, predated)
}

/// The demo has no adopters yet: list 11 is checked on an agency's records made here, one family in
/// each state the list can show (approved and placed for early permanence, on hold, refused, withdrawn).
#[test]
fn list_11_fills_and_labels_every_column_as_the_schema_accepts() {
    use carefile_annex_a::Streams;
    use carefile_domain::adopters::record::Outcome;
    use carefile_domain::adopters::{AdopterApplication, AdopterApproval, AdopterRecord, AdopterTerms, WithdrawalReason};
    use carefile_domain::codes::{Ethnicity, Sex};
    use carefile_domain::fostering::record::Span;
    use carefile_domain::people::*;
    let h = |id: &str| HouseholdId::new(id).unwrap();
    let app = |enquired: &str, outcome: Option<Outcome>| AdopterApplication {
        no: 1,
        enquired: d(enquired),
        channel: None,
        initial_visit: None,
        registered: Some(d(enquired)),
        stage1: Some(Span { start: d(enquired), end: Some(d("2025-08-01")) }),
        stage2: Some(Span { start: d("2025-08-15"), end: None }),
        fast_track: false,
        breaks: vec![],
        outcome,
        irm: None,
    };
    let mut on_hold = app("2025-06-01", None);
    on_hold.stage2 = None;
    on_hold.breaks = vec![(Span { start: d("2025-08-02"), end: None }, "new job".into())];
    let approved = AdopterApproval {
        from: d("2025-12-01"),
        application: Some(1),
        panel: None,
        terms: AdopterTerms { children: 1, age_from: 0, age_to: 2, early_permanence: true },
        reviews: vec![],
        ended: None,
    };
    let record = |id: &str, a: AdopterApplication, approvals: Vec<AdopterApproval>| AdopterRecord {
        id: h(id),
        applications: vec![a],
        approvals,
        workers: vec![],
        support: vec![],
    };
    let person = PersonId::new("P1").unwrap();
    let streams = Streams {
        adopters: vec![
            record("H1", app("2025-05-01", Some(Outcome::Approved { date: d("2025-12-01") })), vec![approved]),
            record("H2", on_hold, vec![]),
            record("H3", app("2025-04-10", Some(Outcome::NotSuitable { date: d("2026-01-20") })), vec![]),
            record("H4", app("2025-04-20", Some(Outcome::Withdrew { date: d("2025-09-01"), reason: WithdrawalReason::NotReady })), vec![]),
        ],
        households: [(
            h("H1"),
            Household {
                id: h("H1"),
                kind: HouseholdKind::Adoptive,
                name: "the Patels".into(),
                formed: d("2025-05-01"),
                ended: None,
                addresses: vec![],
                members: vec![Membership { member: PersonRef::Adult(person.clone()), role: MemberRole::Adopter, from: d("2025-05-01"), to: None }],
            },
        )]
        .into(),
        people: [(
            person.clone(),
            Person {
                id: person,
                details: PersonDetails { forename: "R".into(), surname: "Patel".into(), sex: Some(Sex::Female), ethnicity: Some(Ethnicity::AIND), ..Default::default() },
                died: None,
                connections: Default::default(),
            },
        )]
        .into(),
        early_help: vec![],
        reviewing: Default::default(),
    };
    let demo = demo();
    let labels = Labels::template("2024").unwrap();
    let opts = Options { as_of: d("2026-03-31"), months: 6, labels: &labels, postcodes: None, streams: &streams };
    let annex = build(&demo.children, &demo.org, &demo.authority, &opts).unwrap();
    let list = &annex.lists[10];
    assert_eq!(list.rows.len(), 4, "{:?}", list.rows);
    let (checked, _) = check_rows(list, &schema()[&11]);
    assert!(checked >= 4 * 8, "{checked} values checked");
    let reasons: Vec<String> =
        list.rows.iter().map(|r| r.values[list.column("Reason for leaving adoption process").unwrap()].display()).collect();
    assert_eq!(reasons, ["", "b) Process on hold", "c) Application refused", "a) Withdrew"]);
}
