//! The example comparator and target files at the repository root load, and
//! carry the seed's statistical-neighbour averages with their sources; the
//! crate's README lists the whole catalogue.

use carefile_indicators::{Comparators, definition, definitions};

fn read(name: &str) -> String {
    let path = format!("{}/../../config/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_example_files_load_and_cite_the_seed() {
    let mut c = Comparators::from_toml(&read("comparators.example.toml"), "comparators.example.toml").unwrap();
    assert_eq!(c.population.get(&2018), Some(&130_000));
    let r = c.for_indicator("re_referrals_12m");
    assert_eq!(r.sn_average, Some(24.4));
    assert_eq!(r.source.as_deref(), Some("seed 001_def840bf2424c9c7.txt lines 10348–10349"));
    assert_eq!(c.for_indicator("sdq_mean").sn_average, Some(15.58));
    // Each row's source is the one its catalogue definition cites.
    for (id, row) in &c.indicators {
        assert_eq!(row.source.as_deref(), definition(id).unwrap().source, "{id}");
    }
    c.merge_toml(&read("targets.example.toml"), "targets.example.toml").unwrap();
    let r = c.for_indicator("assessments_within_45_wd");
    assert_eq!((r.target, r.sn_average), (Some(82.0), Some(82.0)));
}

#[test]
fn the_readme_lists_every_indicator() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for d in definitions() {
        assert!(readme.contains(&format!("`{}`", d.id)), "README.md does not list {}", d.id);
    }
}
