//! The small synthetic authority the tests share, generated once per test binary.

use carefile_domain::journey::ChildRecord;
use carefile_domain::org::{Authority, Organisation};
use chrono::NaiveDate;
use std::sync::OnceLock;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub struct Demo {
    pub children: Vec<ChildRecord>,
    pub org: Organisation,
    pub authority: Authority,
}

/// The small demo authority as of 31 March 2026 (seed 1), as the store would project it.
pub fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        use carefile_synth::{Options, Scale, generate};
        let a = generate(&Options { seed: 1, scale: Scale::Small, as_of: d("2026-03-31") });
        let children = a
            .children
            .iter()
            .map(|c| {
                let log: Vec<(u64, _)> =
                    c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
                ChildRecord::replay(&c.id, &log).unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        let mut org = Organisation::default();
        for (_, e) in &a.org {
            org.apply(e).unwrap();
        }
        let authority = org.authority.clone().expect("the demo names its authority");
        Demo { children, org, authority }
    })
}

/// An ONS Postcode Directory excerpt placing every placement postcode of `children`: the county's
/// districts in Charnwood, Leicester's (LE1, LE4, LE5) in Leicester, the rest in Nottingham.
pub fn postcode_directory(children: &[ChildRecord]) -> String {
    let mut csv = String::from("pcd,laua,oseast1m,osnrth1m\n");
    let mut seen = std::collections::BTreeSet::new();
    for pc in
        children.iter().flat_map(|c| &c.care).flat_map(|p| &p.changes).filter_map(|ch| ch.placement.postcode.as_deref())
    {
        if !seen.insert(pc.to_string()) {
            continue;
        }
        let district = pc.split_whitespace().next().unwrap_or("");
        let laua = match district {
            "LE1" | "LE4" | "LE5" => "E06000016",
            d if d.starts_with("LE") => "E07000130",
            _ => "E06000018",
        };
        csv += &format!("{pc},{laua},450000,310000\n");
    }
    csv
}

#[path = "outside.rs"]
mod outside_files;
#[allow(unused_imports)]
pub use outside_files::outside;
