//! Import speed: the demo authority's returns (SSDA903 and CIN census, two years each) read,
//! merged and checked, then written into an empty SQLite store, and imported again (every
//! child already up to date). Prints rates, and the ratio to bulk loading the original log.
//!
//! `cargo bench -p carefile-ingest [-- small county]`

use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Authority;
use carefile_domain::{Calendar, CollectionYear};
use carefile_ingest::{Importer, write};
use carefile_store::{EventStore, SqliteStore};
use carefile_synth::{Options, Scale, generate};
use std::time::Instant;

fn main() {
    let scales: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let scales = if scales.is_empty() { vec!["small".to_string()] } else { scales };
    for s in scales {
        let Ok(scale) = s.parse::<Scale>() else {
            eprintln!("unknown scale {s}");
            continue;
        };
        run(&s, scale);
    }
}

fn run(name: &str, scale: Scale) {
    let la = Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 };
    let as_of = "2026-03-31".parse().unwrap();
    let a = generate(&Options { seed: 1, scale, as_of });
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut original = SqliteStore::open(dir.path().join("orig.db").to_str().unwrap()).unwrap();
    let mut children = a.children.iter().map(|c| (c.id.clone(), c.events.clone()));
    let loaded = original.bulk_load(&a.org, &mut children, &mut |_| {}).unwrap();
    let load_secs = started.elapsed().as_secs_f64();
    let recs: Vec<ChildRecord> = original.children().unwrap();
    for y in [2025, 2026] {
        let sub = dir.path().join(format!("903-{y}"));
        std::fs::create_dir_all(&sub).unwrap();
        carefile_ssda903::export::write_csvs(&sub, &recs, CollectionYear::new(y), &la).unwrap();
        let source = carefile_cin::export::Source { authority: &la, generated_at: Default::default() };
        let mut xml = Vec::new();
        carefile_cin::export::write_census(
            &mut xml,
            &recs,
            CollectionYear::new(y),
            &source,
            &Calendar::england_and_wales(),
        )
        .unwrap();
        std::fs::write(dir.path().join(format!("cin-{y}.xml")), xml).unwrap();
    }
    let build = || {
        let mut imp = Importer::default();
        let ret = carefile_ssda903::load(&[dir.path().join("903-2026")], &[dir.path().join("903-2025")]).unwrap();
        imp.add_ssda903(&ret, CollectionYear::new(2026), "903-2026", "903-2025");
        for y in [2025, 2026] {
            let bytes = std::fs::read(dir.path().join(format!("cin-{y}.xml"))).unwrap();
            imp.add_cin(&carefile_cin::read(&bytes, CollectionYear::new(y)).unwrap().census, "cin");
        }
        imp
    };
    let mut store = SqliteStore::open(dir.path().join("imported.db").to_str().unwrap()).unwrap();
    let t = Instant::now();
    let plan = build().build_on(&store).unwrap();
    let build_secs = t.elapsed().as_secs_f64();
    let now = "2026-05-01T09:00:00Z".parse().unwrap();
    let t = Instant::now();
    let out = write(&mut store, plan, now, Some((la.clone(), "2024-04-01".parse().unwrap())), &mut |_| {}).unwrap();
    let write_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let plan = build().build_on(&store).unwrap();
    let again = write(&mut store, plan, now, None, &mut |_| {}).unwrap();
    let again_secs = t.elapsed().as_secs_f64();
    let import_rate = out.events as f64 / (build_secs + write_secs);
    let load_rate = loaded.events as f64 / load_secs;
    println!(
        "{name}: {} children, {} events imported (of {} children in the authority); read+merge+check {:.2} s, write {:.2} s \
         = {:.0} events/s; bulk load of the original log {:.0} events/s (import/load rate ratio {:.2}); \
         re-import {} children up to date in {:.2} s",
        out.children,
        out.events,
        loaded.children,
        build_secs,
        write_secs,
        import_rate,
        load_rate,
        import_rate / load_rate,
        again.unchanged,
        again_secs,
    );
}
