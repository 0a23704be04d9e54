//! Events written per second: one checked, durable write at a time (what a
//! practitioner's save costs) and a bulk load (what an import or demo costs).
//! Run with `cargo bench -p carefile-store`; `CAREFILE_BENCH_EVENTS` sets the size.

use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::{ChildId, Recorded};
use carefile_store::{EventStore, SqliteStore};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
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

fn main() {
    let total: usize = std::env::var("CAREFILE_BENCH_EVENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();

    // Durable single writes: each is its own transaction, fsynced.
    let path = dir.path().join("single.db");
    let mut s = SqliteStore::open(path.to_str().unwrap()).unwrap();
    let events = child_events(2_000);
    let started = Instant::now();
    let mut version = None;
    for (i, e) in events.iter().enumerate() {
        let id = ChildId::new(&format!("S{}", i / 40)).unwrap();
        if i % 40 == 0 {
            version = None;
            s.append_child(&id, version, &[events[0].clone()]).unwrap();
            version = Some(1);
        } else {
            version = Some(s.append_child(&id, version, std::slice::from_ref(e)).unwrap());
        }
    }
    let single = events.len() as f64 / started.elapsed().as_secs_f64();

    // Bulk load: many children, one transaction.
    let path = dir.path().join("bulk.db");
    let mut s = SqliteStore::open(path.to_str().unwrap()).unwrap();
    let per_child = 50;
    let children = total / per_child;
    let template = child_events(per_child);
    let started = Instant::now();
    let mut iter = (0..children).map(|i| (ChildId::new(&format!("C{i}")).unwrap(), template.clone()));
    let summary = s.bulk_load(&[], &mut iter, &mut |_| {}).unwrap();
    let bulk = summary.events as f64 / started.elapsed().as_secs_f64();

    println!("store/sqlite single durable writes: {single:>10.0} events/s (2,000 events, one transaction each)");
    println!(
        "store/sqlite bulk load:             {bulk:>10.0} events/s ({} events, {children} children)",
        summary.events
    );
}
