//! Time to generate an authority and load it into a SQLite store, and the
//! load's events per second. `cargo bench -p carefile-synth` runs `large`;
//! name other scales as arguments (`-- small county`).

use carefile_store::{EventStore, SqliteStore};
use carefile_synth::{Options, Scale, generate};
use chrono::NaiveDate;
use std::time::Instant;

fn main() {
    let scales: Vec<Scale> =
        std::env::args().skip(1).filter(|a| !a.starts_with('-')).filter_map(|a| a.parse().ok()).collect();
    let scales = if scales.is_empty() { vec![Scale::Large] } else { scales };
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).expect("a date");
    for scale in scales {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("bench.db");
        let started = Instant::now();
        let authority = generate(&Options { seed: 1, scale, as_of });
        let generated = started.elapsed().as_secs_f64();
        let mut store = SqliteStore::open(path.to_str().expect("a UTF-8 path")).expect("the store opens");
        let loading = Instant::now();
        let mut children = authority.children.into_iter().map(|c| (c.id, c.events));
        let summary = store.bulk_load(&authority.org, &mut children, &mut |_| {}).expect("the authority loads");
        let loaded = loading.elapsed().as_secs_f64();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "synth/{scale:?}: {} children, {} events; generate {generated:.2} s, load {loaded:.2} s ({:.0} events/s), total {:.2} s; database {:.0} MB",
            summary.children,
            summary.events,
            summary.events as f64 / loaded,
            generated + loaded,
            size as f64 / 1e6
        );
    }
}
