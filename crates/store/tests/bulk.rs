//! Bulk loads commit in chunks, on each backend: another connection sees the
//! children already committed while the load goes on (so the write-ahead log
//! holds one chunk, not the whole load), and a journaled load killed part way
//! (a panic in the middle of a chunk: that chunk rolls back) resumes after
//! the chunks it committed and ends exactly as an uninterrupted load.

mod support;

use carefile_domain::journey::ChildEvent;
use carefile_domain::org::OrgEvent;
use carefile_domain::{ChildId, Recorded};
use carefile_store::{EventStore, JournalEntry, Stream};
use carefile_synth::{Options, Scale};
use chrono::{NaiveDate, TimeZone, Utc};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

type Children = Vec<(ChildId, Vec<(Recorded, ChildEvent)>)>;

/// The small synthetic authority's organisation and its first 1,500 children
/// (about 50,000 events: three chunks), generated once for every test.
fn authority() -> (Vec<(Recorded, OrgEvent)>, Children) {
    static AUTHORITY: OnceLock<(Vec<(Recorded, OrgEvent)>, Children)> = OnceLock::new();
    AUTHORITY
        .get_or_init(|| {
            let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
            let a = carefile_synth::generate(&Options { seed: 7, scale: Scale::Small, as_of });
            (a.org, a.children.into_iter().take(1_500).map(|c| (c.id, c.events)).collect())
        })
        .clone()
}

fn export(s: &dyn EventStore) -> String {
    let mut out = Vec::new();
    s.export(Stream::ALL, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn events(c: &Children) -> u64 {
    c.iter().map(|(_, e)| e.len() as u64).sum()
}

on_both_backends!(a_bulk_load_commits_chunk_by_chunk, |db| {
    let (org, children) = authority();
    let total = events(&children) + org.len() as u64;
    assert!(total > 2 * carefile_store::CHUNK, "the load spans several chunks ({total} events)");
    let mut store = db.open();
    let watcher = db.open();
    let mut seen = Vec::new();
    let mut it = children.iter().cloned();
    let summary = store.bulk_load(&org, &mut it, &mut |n| seen.push((n, watcher.last_seq().unwrap()))).unwrap();
    assert_eq!((summary.children, summary.events), (children.len() as u64, total));
    assert!(seen.len() >= 3, "progress after each chunk: {seen:?}");
    // After each chunk but the last, another connection already sees it, and not the whole load.
    let (_, first) = seen[0];
    assert!(first > 0 && first < total, "after the first chunk another connection sees {first} of {total} events");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1), "{seen:?}");
    assert_eq!(seen.last().unwrap().1, total);
    assert!(store.check().unwrap().is_clean());
});

on_both_backends!(a_killed_journaled_load_resumes_to_the_same_end, |db| {
    let (org, children) = authority();
    let whole = {
        let d = db.fresh("bulk_whole");
        let mut s = d.open();
        s.bulk_load(&org, &mut children.iter().cloned(), &mut |_| {}).unwrap();
        export(s.as_ref())
    };
    let entry = JournalEntry {
        id: "load-1".into(),
        kind: "demo".into(),
        source: "test".into(),
        started_at: Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap(),
        recorded_at: None,
        position: 0,
        total: 0,
        finished_at: None,
    };
    // Killed in the first chunk (nothing committed), and in a later one.
    for kill_at in [100, 1_000] {
        let target = db.fresh("bulk_resume");
        {
            let mut s = target.open();
            s.journal_start(&entry).unwrap();
            let mut dying = children.iter().cloned().enumerate().map(|(i, c)| {
                assert!(i < kill_at, "killed");
                c
            });
            let killed =
                catch_unwind(AssertUnwindSafe(|| s.bulk_load_journaled("load-1", &org, &mut dying, &mut |_| {})));
            assert!(killed.is_err());
        }
        let mut s = target.open();
        let position = s.journal("load-1").unwrap().unwrap().position;
        assert!(position < kill_at as u64, "the chunk being written when killed is not committed");
        let children_stored = s.children().unwrap().len() as u64;
        assert_eq!(children_stored, position, "the journal counts exactly the children committed");
        // The same load again skips what was committed and loads the rest.
        let summary = s.bulk_load_journaled("load-1", &org, &mut children.iter().cloned(), &mut |_| {}).unwrap();
        assert_eq!(summary.children, children.len() as u64 - position);
        s.journal_finish("load-1", entry.started_at).unwrap();
        assert_eq!(export(s.as_ref()), whole, "killed at child {kill_at}");
        assert!(s.check().unwrap().is_clean());
        // A finished load is not run again over itself.
        let again = s.bulk_load_journaled("load-1", &org, &mut children.iter().cloned(), &mut |_| {});
        assert!(again.unwrap_err().to_string().contains("finished already"));
    }
});
