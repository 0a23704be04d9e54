//! Regional extracts of the small demo: the same child has the same pseudonym in every dataset under
//! a key and another under another key; dates of birth are first of the month and postcodes
//! sectors wherever they appear; nothing minimised away is there; the governance travels with it;
//! and the Parquet files read back with DuckDB (a second reader, from PyPI:
//! `scripts/setup-duckdb.sh`) exactly as the CSVs say.

use carefile_domain::journey::ChildRecord;
use carefile_domain::org::{Authority, Organisation};
use carefile_domain::CollectionYear;
use carefile_regional::table::{Cell, Table};
use carefile_regional::{Agreement, Extract, Format, Key, Options, Upn, extract, profiles, write, PROFILES};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Demo {
    children: Vec<ChildRecord>,
    org: Organisation,
    authority: Authority,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let a = carefile_synth::generate(&carefile_synth::Options { seed: 1, scale: carefile_synth::Scale::Small, as_of: d("2026-03-31") });
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
        let authority = org.authority.clone().unwrap();
        Demo { children, org, authority }
    })
}

fn key(id: &str, hex: char) -> Key {
    Key::parse("key.toml", &format!("id = \"{id}\"\nsecret = \"{}\"", hex.to_string().repeat(64))).unwrap()
}

fn run(profile: &str, key: &Key, upn: Upn) -> Extract {
    let all = profiles("profiles.toml", PROFILES).unwrap();
    let demo = demo();
    let opts = Options {
        profile: &all[profile],
        key,
        agreement: Agreement { reference: "DSA-2026-07".into(), signed: true },
        year: CollectionYear::new(2026),
        as_of: d("2026-03-31"),
        upn,
        made_at: d("2026-04-02").and_hms_opt(8, 0, 0).unwrap(),
        streams: &carefile_annex_a::Streams::default(),
    };
    extract(&demo.children, &demo.org, &demo.authority, &opts).unwrap()
}

fn table<'a>(x: &'a Extract, dataset: &str, name: &str) -> &'a Table {
    x.tables.iter().find(|t| t.dataset == dataset && t.name == name).unwrap_or_else(|| panic!("no {dataset}/{name}"))
}

/// The pseudonyms of one column, as a set.
fn ids(t: &Table, column: &str) -> BTreeSet<String> {
    let i = t.column(column).unwrap();
    t.rows.iter().filter_map(|r| match &r[i] { Cell::Text(s) => Some(s.clone()), _ => None }).collect()
}

#[test]
fn a_child_has_one_pseudonym_across_the_returns_under_a_key_and_another_under_another() {
    let k = key("pan-1", 'a');
    let x = run("PAN", &k, Upn::Hash);
    let header = ids(table(&x, "ssda903", "header"), "CHILD");
    let census = ids(table(&x, "cin", "child_identifiers"), "LAchildID");
    let list8 = ids(table(&x, "annex_a", "list_8"), "Child Unique ID");
    assert!(header.len() > 20 && census.len() > 100 && list8.len() > 20);
    let la = demo().authority.dfe_number;
    for id in header.iter().chain(&census).chain(&list8) {
        assert!(id.len() == 28 && id.ends_with(&format!("_{la}")), "{id}");
    }
    // Each carefile child maps to the pseudonym the key gives it, in every dataset.
    let expected: BTreeMap<String, String> = x.children.iter().map(|c| (k.child("PAN", la, c), c.clone())).collect();
    for id in header.iter().chain(&census).chain(&list8) {
        assert!(expected.contains_key(id), "{id} is no child's pseudonym");
    }
    // Children looked after at the year's end are in both the 903 and list 8 under the same name.
    assert!(list8.intersection(&header).count() > 20);
    // Run again: identical. Another key, or another use: no pseudonym in common.
    assert_eq!(run("PAN", &k, Upn::Hash).tables, x.tables);
    let other = run("PAN", &key("pan-2", 'b'), Upn::Hash);
    assert!(ids(table(&other, "ssda903", "header"), "CHILD").is_disjoint(&header));
    let sufficiency = run("SUFFICIENCY", &k, Upn::Hash);
    assert!(ids(table(&sufficiency, "ssda903", "header"), "CHILD").is_disjoint(&header));
}

#[test]
fn what_identifies_is_degraded_and_what_is_not_shared_is_absent() {
    let x = run("PAN", &key("pan-1", 'a'), Upn::Hash);
    let mut checked = 0;
    for t in &x.tables {
        for (i, c) in t.columns.iter().enumerate() {
            let birthish = ["DOB", "MC_DOB", "PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate", "Date of Birth"];
            if birthish.contains(&c.name.as_str()) {
                for r in &t.rows {
                    if let Cell::Date(day) = &r[i] {
                        assert_eq!(day.day(), 1, "{}/{} {}", t.dataset, t.name, c.name);
                        checked += 1;
                    }
                }
            }
            assert!(
                !["Allocated Team", "Allocated Worker", "Allocated Personal Advisor", "Organisation completing assessment", "SW_ID"]
                    .contains(&c.name.as_str()),
                "{}/{} shares {}",
                t.dataset,
                t.name,
                c.name
            );
        }
        assert!(!["ad1", "placed_for_adoption", "sw_episodes"].contains(&t.name.as_str()));
        assert_eq!(&t.columns[t.columns.len() - 2..].iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), &["LA", "YEAR"]);
    }
    assert!(checked > 500, "{checked} dates of birth checked");
    let header = table(&x, "ssda903", "header");
    assert_eq!(header.columns[header.column("DOB").unwrap() + 1].name, "PersonSchoolYear");
    // Postcodes are sectors: an outward code, a space, one digit.
    let episodes = table(&x, "ssda903", "episodes");
    for col in ["HOME_POST", "PL_POST"] {
        let i = episodes.column(col).unwrap();
        for r in &episodes.rows {
            if let Cell::Text(p) = &r[i] {
                let (out, inward) = p.split_once(' ').unwrap();
                assert!(!out.is_empty() && inward.len() == 1 && inward.chars().all(|c| c.is_ascii_digit()), "{p}");
            }
        }
    }
    // UPNs: hashed by default (but the UN codes saying why there is none), dropped on request.
    let upns = ids(header, "UPN");
    assert!(upns.iter().all(|u| u.len() == 24 || u.starts_with("UN")), "{upns:?}");
    let dropped = run("PAN", &key("pan-1", 'a'), Upn::Drop);
    assert!(table(&dropped, "ssda903", "header").column("UPN").is_none());
    assert!(dropped.governance.not_shared.iter().any(|c| c == "ssda903/header.UPN"));
    assert!(x.blanked.is_empty(), "the demo's postcodes all degrade: {:?}", x.blanked);
}

#[test]
fn the_written_extract_carries_its_governance_and_duckdb_reads_the_parquet_as_the_csv_says() {
    let x = run("SUFFICIENCY", &key("suff-2026", 'c'), Upn::Hash);
    let dir = tempfile::tempdir().unwrap();
    let written = write(&x, dir.path(), Format::Both).unwrap();
    assert_eq!(written.len(), 2 * x.tables.len());
    let meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("metadata.json")).unwrap()).unwrap();
    let g = &meta["governance"];
    assert_eq!((g["use"].as_str(), g["retention_years"].as_u64(), g["key_id"].as_str()), (Some("SUFFICIENCY"), Some(7), Some("suff-2026")));
    assert_eq!((g["agreement"]["reference"].as_str(), g["agreement"]["signed"].as_bool()), (Some("DSA-2026-07"), Some(true)));
    assert!(g["notice"].as_str().unwrap().contains("still personal data"));
    let all_text: String = written
        .iter()
        .map(|w| String::from_utf8_lossy(&std::fs::read(dir.path().join(&w.path)).unwrap()).into_owned())
        .collect();
    assert!(!all_text.contains(&"c".repeat(64)), "the key is never written");

    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/duckdb-venv/bin/python");
    if !python.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI runs scripts/test.sh, which installs DuckDB: it is missing");
        eprintln!("skipped the DuckDB read: run scripts/setup-duckdb.sh");
        return;
    }
    let script = r#"
import duckdb, json, sys
out = {}
for path in sys.argv[1:]:
    rel = duckdb.sql("select * from read_parquet(?)", params=[path])
    rows = [[None if v is None else str(v) for v in row] for row in rel.fetchall()]
    kv = {k.decode(): v.decode() for k, v in duckdb.sql("select key, value from parquet_kv_metadata(?)", params=[path]).fetchall()}
    types = [str(t) for t in rel.types]
    out[path] = {"columns": rel.columns, "types": types, "rows": rows, "use": kv.get("use"), "key_id": kv.get("key_id")}
json.dump(out, sys.stdout)
"#;
    let parquets: Vec<String> = written.iter().filter(|w| w.path.ends_with(".parquet")).map(|w| dir.path().join(&w.path).display().to_string()).collect();
    let output = std::process::Command::new(&python).arg("-c").arg(script).args(&parquets).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (path, t) in parquets.iter().zip(&x.tables) {
        let r = &read[path];
        let columns: Vec<&str> = r["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert_eq!(columns, t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), "{path}");
        assert_eq!((r["use"].as_str(), r["key_id"].as_str()), (Some("SUFFICIENCY"), Some("suff-2026")));
        let rows = r["rows"].as_array().unwrap();
        assert_eq!(rows.len(), t.rows.len(), "{path}");
        for (got, want) in rows.iter().zip(&t.rows) {
            let want: Vec<serde_json::Value> =
                want.iter().map(|c| if *c == Cell::Null { serde_json::Value::Null } else { c.display().into() }).collect();
            assert_eq!(got.as_array().unwrap(), &want, "{path}");
        }
        for (ty, c) in r["types"].as_array().unwrap().iter().zip(&t.columns) {
            let want = match c.kind {
                carefile_regional::table::Kind::Text => "VARCHAR",
                carefile_regional::table::Kind::Date => "DATE",
                carefile_regional::table::Kind::Int => "BIGINT",
            };
            assert_eq!(ty.as_str(), Some(want), "{path} {}", c.name);
        }
    }
}

mod never_a_full_date_of_birth_or_postcode {
    use super::*;
    use proptest::prelude::*;

    fn postcode() -> impl Strategy<Value = String> {
        ("[A-Z]{1,2}[0-9]{1,2}", "[0-9][A-Z]{2}").prop_map(|(outward, inward)| format!("{outward} {inward}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

        /// Whatever dates of birth and postcodes children have, no extract carries one whole: no
        /// date of birth in any date column, no full postcode in any text. Children born long before
        /// anything else about them is dated (so no other date of theirs can equal a date of birth),
        /// and in care during the year (so every dataset has them).
        #[test]
        fn in_any_dataset(first in 0usize..200, days in prop::collection::vec(2u32..=28, 12), homes in prop::collection::vec(postcode(), 12), placed in prop::collection::vec(postcode(), 12)) {
            let demo = demo();
            let mut children: Vec<ChildRecord> = demo
                .children
                .iter()
                .filter(|c| {
                    c.care.iter().any(|p| p.end.is_none_or(|(end, _)| end >= d("2025-04-01")))
                        && c.details.dob.is_some_and(|d| d.year() < 2012)
                })
                .cycle()
                .skip(first)
                .take(12)
                .cloned()
                .collect();
            let mut dobs = BTreeSet::new();
            let mut postcodes = BTreeSet::new();
            for (i, c) in children.iter_mut().enumerate() {
                let dob = c.details.dob.unwrap().with_day(days[i]).unwrap();
                c.details.dob = Some(dob);
                dobs.insert(dob);
                c.details.home_postcode = Some(homes[i].clone());
                for change in c.care.iter_mut().flat_map(|p| &mut p.changes) {
                    change.placement.postcode = Some(placed[i].clone());
                }
                postcodes.insert(homes[i].replace(' ', ""));
                postcodes.insert(placed[i].replace(' ', ""));
            }
            let all = profiles("profiles.toml", PROFILES).unwrap();
            let key = key("p", 'd');
            let opts = Options {
                profile: &all["PAN"],
                key: &key,
                agreement: Agreement { reference: "DSA".into(), signed: false },
                year: CollectionYear::new(2026),
                as_of: d("2026-03-31"),
                upn: Upn::Keep,
                made_at: d("2026-04-02").and_hms_opt(8, 0, 0).unwrap(),
                streams: &carefile_annex_a::Streams::default(),
            };
            let x = extract(&children, &demo.org, &demo.authority, &opts).unwrap();
            let mut dates = 0;
            for t in &x.tables {
                for row in &t.rows {
                    for (cell, column) in row.iter().zip(&t.columns) {
                        match cell {
                            Cell::Date(day) => {
                                dates += 1;
                                prop_assert!(!dobs.contains(day), "{}/{}.{} carries a date of birth {day}", t.dataset, t.name, column.name);
                            }
                            Cell::Text(s) => {
                                // As written (pseudonyms are lower-case hex, so no upper-case postcode hides in one).
                                let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                                prop_assert!(!postcodes.iter().any(|p| compact.contains(p.as_str())), "{}/{}.{} carries a postcode: {s}", t.dataset, t.name, column.name);
                            }
                            _ => {}
                        }
                    }
                }
            }
            prop_assert!(dates > 20, "the extract has dates to check: {dates}");
            prop_assert!(x.blanked.is_empty(), "every generated postcode degrades: {:?}", x.blanked);
        }
    }
}
