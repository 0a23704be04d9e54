//! Annex A on the county demo (seed 1, as of 31 March 2026): the time to build the eleven lists and
//! to write the workbook and the CSVs, and the most memory each step holds at once, beside the CIN
//! census and the SSDA903 CSVs made from the same records in the same run (the peers: how long the
//! statutory returns take). `cargo bench -p carefile-annex-a`.

#[path = "support/peak_alloc.rs"]
mod peak_alloc;

use carefile_annex_a::{Labels, Options};
use carefile_domain::CollectionYear;
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Organisation;
use chrono::NaiveDate;
use peak_alloc::{median, peak_of};
use std::time::Instant;

#[global_allocator]
static ALLOC: peak_alloc::Counting = peak_alloc::Counting;

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let started = Instant::now();
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
    println!(
        "annex-a: county demo, {} children, generated in {:.1} s",
        children.len(),
        started.elapsed().as_secs_f64()
    );

    let labels = Labels::template("2024").unwrap();
    let opts = Options { as_of, months: 6, labels: &labels, postcodes: None, streams: &Default::default() };
    let build = || carefile_annex_a::build(&children, &org, &authority, &opts).expect("Annex A builds");
    let (annex, build_peak) = peak_of(build);
    let rows: usize = annex.lists.iter().map(|l| l.rows.len()).sum();
    let build_s = median(5, || drop(build()));
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("annex-a.xlsx");
    let ((), xlsx_peak) = peak_of(|| carefile_annex_a::write_xlsx(&annex, &book).unwrap());
    let xlsx_s = median(3, || carefile_annex_a::write_xlsx(&annex, &book).unwrap());
    let csv_s = median(3, || drop(carefile_annex_a::write_csvs(&annex, &dir.path().join("csv")).unwrap()));
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    let csv_mb: f64 = std::fs::read_dir(dir.path().join("csv")).unwrap().map(|e| size(&e.unwrap().path())).sum();

    let year = CollectionYear::new(2026);
    let cal = carefile_domain::Calendar::england_and_wales();
    let source =
        carefile_cin::export::Source { authority: &authority, generated_at: as_of.and_hms_opt(9, 0, 0).unwrap() };
    let cin_s = median(3, || {
        let mut out = Vec::new();
        carefile_cin::export::write_census(&mut out, &children, year, &source, &cal).unwrap();
    });
    let s903 = median(3, || {
        let d = tempfile::tempdir().unwrap();
        carefile_ssda903::export::write_csvs(d.path(), &children, year, &authority).unwrap();
    });
    println!(
        "annex-a: build the eleven lists: {build_s:.3} s (median of 5), {rows} rows, peak {build_peak:.1} MiB held"
    );
    println!(
        "annex-a: write the workbook: {xlsx_s:.3} s, {:.2} MB, peak {xlsx_peak:.1} MiB held; the CSVs: {csv_s:.3} s, {csv_mb:.2} MB",
        size(&book)
    );
    println!(
        "annex-a: peers on the same records: CIN census {cin_s:.3} s, SSDA903 CSVs {s903:.3} s; Annex A build + workbook = {:.2}x the census, {:.2}x the 903",
        (build_s + xlsx_s) / cin_s,
        (build_s + xlsx_s) / s903
    );
}
