//! Events written per second, on SQLite and (when a server is named) PostgreSQL:
//! one checked, durable write at a time (what a practitioner's save costs), one
//! audit entry at a time (what every page view costs), and a bulk load of a
//! generated authority (what an import or a demo costs).
//!
//! `cargo bench -p carefile-store [-- SCALE]`: SCALE is small, county (the
//! default), large or national; `CAREFILE_BENCH_CHILDREN=N` loads only the
//! first N children (a national authority is ~80 million events). PostgreSQL
//! runs when CAREFILE_BENCH_PG_URL or CAREFILE_TEST_PG_URL is set (a fresh
//! schema is made for each run).

use carefile_domain::access::{AuditAction, AuditEntry};
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::{ChildId, Recorded};
use carefile_store::{EventStore, PostgresStore};
use carefile_synth::{Options, Scale, generate_streaming};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

fn child_events(n: usize) -> Vec<(Recorded, ChildEvent)> {
    let base = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let d0 = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let mut v = vec![(
        Recorded::new(base, "W1", None),
        ChildEvent::Registered {
            details: ChildDetails {
                forename: "A".into(),
                surname: "B".into(),
                dob: Some(NaiveDate::from_ymd_opt(2012, 1, 1).unwrap()),
                sex: Some(Sex::Female),
                ..Default::default()
            },
        },
    )];
    for i in 1..n {
        let date = d0 + Duration::days(i as i64);
        let e = if i % 2 == 0 {
            ChildEvent::HealthAssessment { date }
        } else {
            ChildEvent::Visited { date, seen: true, seen_alone: false }
        };
        v.push((Recorded::new(base + Duration::seconds(i as i64), "W1", None), e));
    }
    v
}

/// Durable single writes: each its own transaction, acknowledged only once on disk.
fn single_writes(store: &mut dyn EventStore) -> f64 {
    let events = child_events(2_000);
    let started = Instant::now();
    let mut version = None;
    for (i, e) in events.iter().enumerate() {
        let id = ChildId::new(&format!("S{}", i / 40)).unwrap();
        let (expected, event) = if i % 40 == 0 { (None, &events[0]) } else { (version, e) };
        version = Some(store.append_child(&id, expected, std::slice::from_ref(event)).unwrap());
    }
    events.len() as f64 / started.elapsed().as_secs_f64()
}

fn audit_writes(store: &mut dyn EventStore) -> f64 {
    let n = 1_000;
    let started = Instant::now();
    for i in 0..n {
        let entry = AuditEntry {
            at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + Duration::milliseconds(i),
            user: "pat".into(),
            action: AuditAction::ViewChild,
            child: Some(ChildId::new(&format!("S{}", i % 50)).unwrap()),
            children: Vec::new(),
            detail: "/children".into(),
        };
        store.append_audit(&entry).unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

/// Bulk load of a generated authority: children are loaded as another thread
/// generates them (as `carefile demo` does), so the rate is the slower of the
/// two; the organisation, known only at the end, follows. While it loads, the
/// size of `wal` (SQLite's write-ahead log, when given) is sampled every 0.2 s.
fn bulk_load(store: &mut dyn EventStore, scale: Scale, limit: usize, wal: Option<PathBuf>) -> Load {
    let (tx, rx) = std::sync::mpsc::sync_channel(1024);
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    // Not joined: with a limit, the rest of a national generation is not waited for.
    std::thread::spawn(move || {
        generate_streaming(&Options { seed: 1, scale, as_of }, &mut |c| {
            let _ = tx.send((c.id, c.events));
        })
    });
    let done = Arc::new(AtomicBool::new(false));
    let sampler = wal.map(|wal| {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(Ordering::Relaxed) {
                peak = peak.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            peak
        })
    });
    let started = Instant::now();
    let summary = store.bulk_load(&[], &mut rx.iter().take(limit), &mut |_| {}).unwrap();
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let wal_peak = sampler.map(|s| s.join().unwrap());
    Load { children: summary.children, events: summary.events, seconds: took.as_secs_f64(), wal_peak }
}

struct Load {
    children: u64,
    events: u64,
    seconds: f64,
    /// SQLite's write-ahead log at its largest, in bytes.
    wal_peak: Option<u64>,
}

/// This process's peak resident memory in MB (VmHWM).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:")?.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn main() {
    let scale: Scale = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(Scale::County);
    let limit: usize = std::env::var("CAREFILE_BENCH_CHILDREN").ok().and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let dir = tempfile::tempdir().unwrap();
    let pg = std::env::var("CAREFILE_BENCH_PG_URL").or_else(|_| std::env::var("CAREFILE_TEST_PG_URL")).ok();
    let mut results = Vec::new();
    let open = |name: &str, which: &str| -> Box<dyn EventStore> {
        if name == "sqlite" {
            carefile_store::open(dir.path().join(format!("{which}.db")).to_str().unwrap()).unwrap()
        } else {
            let base = pg.as_deref().unwrap();
            let url = PostgresStore::schema_url(base, &format!("bench_{which}_{}", std::process::id())).unwrap();
            carefile_store::open(&url).unwrap()
        }
    };
    let names: Vec<&str> = if pg.is_some() { vec!["sqlite", "postgres"] } else { vec!["sqlite"] };
    for name in names {
        let mut s = open(name, "single");
        let single = single_writes(s.as_mut());
        let audit = audit_writes(s.as_mut());
        let mut b = open(name, "bulk");
        let wal = (name == "sqlite").then(|| dir.path().join("bulk.db-wal"));
        let load = bulk_load(b.as_mut(), scale, limit, wal);
        let bulk = load.events as f64 / load.seconds;
        println!("store/{name} single durable writes: {single:>9.0} events/s (2,000 events, one transaction each)");
        println!("store/{name} audit entries:         {audit:>9.0} entries/s (1,000, chained, one transaction each)");
        println!(
            "store/{name} bulk load ({scale:?}):  {bulk:>9.0} events/s ({} events, {} children, {:.1} min)",
            load.events,
            load.children,
            load.seconds / 60.0
        );
        if let Some(peak) = load.wal_peak {
            drop(b);
            let file = std::fs::metadata(dir.path().join("bulk.db")).map_or(0, |m| m.len());
            println!(
                "store/{name} bulk load's write-ahead log at its largest: {:.1} MB, {:.4} of the {:.1} MB database (as one transaction, it grew to about the database's size)",
                peak as f64 / 1e6,
                peak as f64 / file.max(1) as f64,
                file as f64 / 1e6
            );
        }
        results.push((single, audit, bulk));
    }
    println!("peak resident memory of the benchmark: {:.0} MB", peak_rss_mb());
    if let [lite, pg] = results.as_slice() {
        println!(
            "postgres/sqlite ratios: single writes {:.2}, audit entries {:.2}, bulk load {:.2}",
            pg.0 / lite.0,
            pg.1 / lite.1,
            pg.2 / lite.2
        );
    }
}
