//! The DfE API's daily feed on the county demo (seed 1, as of 31 March 2026): the time to build every
//! cohort child's payload, to compare them with what the DfE holds (an initial load, then a rerun
//! that sends nothing), and to serialise the request bodies; the most memory each step holds at
//! once; beside the CIN census made from the same records in the same run (the peer: a statutory
//! return of the same children). `cargo bench -p carefile-dfe-api`.

#[path = "../../annex-a/benches/support/peak_alloc.rs"]
mod peak_alloc;

use carefile_dfe_api::{SchemaVersion, delta, payloads, run};
use carefile_domain::CollectionYear;
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Organisation;
use chrono::NaiveDate;
use peak_alloc::{median, peak_of};
use std::collections::BTreeMap;

#[global_allocator]
static ALLOC: peak_alloc::Counting = peak_alloc::Counting;

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let a = carefile_synth::generate(&carefile_synth::Options { seed: 1, scale: carefile_synth::Scale::County, as_of });
    let children: Vec<ChildRecord> = a
        .children
        .iter()
        .map(|c| {
            let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
            ChildRecord::replay(&c.id, &log).expect("the demo's logs replay")
        })
        .collect();
    let mut org = Organisation::default();
    for (_, e) in &a.org {
        org.apply(e).expect("the demo's organisation applies");
    }
    let authority = org.authority.clone().expect("the demo names its authority");

    let build = || payloads(&children, as_of, SchemaVersion::V1_0_1);
    let (p, build_peak) = peak_of(build);
    let build_s = median(3, || drop(build()));
    let ((sends, tally), delta_peak) = peak_of(|| delta::deltas(&p.children, &BTreeMap::new()));
    let initial_s = median(3, || drop(delta::deltas(&p.children, &BTreeMap::new())));
    let held: BTreeMap<String, delta::Held> =
        sends.iter().filter_map(|s| s.then.clone().map(|h| (s.child.clone(), h))).collect();
    let rerun_s = median(3, || assert!(delta::deltas(&p.children, &held).0.is_empty(), "a rerun sends nothing"));
    let bodies = || sends.chunks(delta::BATCH).map(|c| run::body(&c.iter().collect::<Vec<_>>()).len()).sum::<usize>();
    let (bytes, body_peak) = peak_of(bodies);
    let body_s = median(3, || assert_eq!(bodies(), bytes));

    let source =
        carefile_cin::export::Source { authority: &authority, generated_at: as_of.and_hms_opt(9, 0, 0).unwrap() };
    let cal = carefile_domain::Calendar::england_and_wales();
    let cin_s = median(3, || {
        let mut out = Vec::new();
        carefile_cin::export::write_census(&mut out, &children, CollectionYear::new(2026), &source, &cal).unwrap();
    });

    println!(
        "dfe-api: county demo, {} children, cohort {} ({} new on an initial load, {} requests)",
        children.len(),
        p.children.len(),
        tally.new,
        sends.len().div_ceil(delta::BATCH)
    );
    println!("dfe-api: build every payload: {build_s:.3} s (median of 3), peak {build_peak:.1} MiB held");
    println!("dfe-api: compare with what the DfE holds: initial load {initial_s:.3} s (peak {delta_peak:.1} MiB), rerun {rerun_s:.3} s");
    println!("dfe-api: request bodies: {body_s:.3} s, {:.1} MB, peak {body_peak:.1} MiB", bytes as f64 / 1e6);
    println!(
        "dfe-api: peer on the same records: CIN census {cin_s:.3} s; the feed (build + initial compare + bodies) = {:.2}x the census",
        (build_s + initial_s + body_s) / cin_s
    );
}
