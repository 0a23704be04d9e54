//! An import into a database that holds children already is committed in
//! chunks with a journal: killed after any chunk (a panic in the progress
//! callback, which runs after each commit), the same import run again ends
//! with exactly the log of an uninterrupted import; meanwhile another import
//! is refused.

use carefile_domain::org::Authority;
use carefile_domain::{Calendar, CollectionYear};
use carefile_ingest::{Importer, Journaled, WriteError, write_journaled};
use carefile_store::{EventStore, Journal, SqliteStore, Stream};
use chrono::{DateTime, NaiveDate, Utc};
use std::panic::{AssertUnwindSafe, catch_unwind};

fn authority() -> Authority {
    Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 }
}

fn at(hour: u32) -> DateTime<Utc> {
    format!("2026-05-01T{hour:02}:00:00Z").parse().unwrap()
}

/// The small demo's 903 for 2025-26 and its censuses for 2024-25 and 2025-26.
struct Returns {
    ssda903: carefile_ssda903::Return,
    censuses: Vec<(String, carefile_cin::Census)>,
}

fn returns() -> Returns {
    use carefile_synth::{Options, Scale, generate};
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let records: Vec<_> = generate(&Options { seed: 1, scale: Scale::Small, as_of })
        .children
        .iter()
        .map(|c| {
            let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64, e.clone())).collect();
            carefile_domain::journey::ChildRecord::replay(&c.id, &log).unwrap()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let a = authority();
    carefile_ssda903::export::write_csvs(dir.path(), &records, CollectionYear::new(2026), &a).unwrap();
    let ssda903 = carefile_ssda903::load(&[dir.path().to_path_buf()], &[]).unwrap();
    let censuses = [2025, 2026]
        .into_iter()
        .map(|y| {
            let source = carefile_cin::export::Source { authority: &a, generated_at: at(9).naive_utc() };
            let mut xml = Vec::new();
            let (year, calendar) = (CollectionYear::new(y), Calendar::england_and_wales());
            carefile_cin::export::write_census(&mut xml, &records, year, &source, &calendar).unwrap();
            (format!("cin-{y}.xml"), carefile_cin::read(&xml, year).unwrap().census)
        })
        .collect();
    Returns { ssda903, censuses }
}

fn import(
    store: &mut dyn EventStore,
    imp: Importer,
    id: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<carefile_ingest::Outcome, WriteError> {
    let plan = imp.build_on(store).unwrap();
    let j = Journaled { id, kind: "cin", source: id, now };
    write_journaled(store, plan, &j, Some((authority(), NaiveDate::from_ymd_opt(2024, 4, 1).unwrap())), progress)
}

fn ssda903(r: &Returns) -> Importer {
    let mut imp = Importer::default();
    imp.add_ssda903_year(&r.ssda903.this, CollectionYear::new(2026), "903-2026");
    imp
}

fn cin(r: &Returns) -> Importer {
    let mut imp = Importer::default();
    for (name, census) in &r.censuses {
        imp.add_cin(census, name);
    }
    imp
}

fn export(s: &dyn EventStore) -> String {
    let mut out = Vec::new();
    s.export(Stream::ALL, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn an_import_killed_after_any_chunk_resumes_to_the_same_end() {
    let r = returns();
    // The 903 first (loaded whole into the empty database), then the censuses appended to it.
    let mut whole = SqliteStore::open_in_memory().unwrap();
    import(&mut whole, ssda903(&r), "903", at(10), &mut |_| {}).unwrap();
    let mut chunks = 0;
    let out = import(&mut whole, cin(&r), "cin", at(11), &mut |_| chunks += 1).unwrap();
    assert!(chunks >= 2 && out.children > 500, "the censuses span several chunks ({} children)", out.children);
    let expected = export(&whole);

    for kill_after in 1..=chunks {
        let mut s = SqliteStore::open_in_memory().unwrap();
        import(&mut s, ssda903(&r), "903", at(10), &mut |_| {}).unwrap();
        let mut done = 0;
        let killed = catch_unwind(AssertUnwindSafe(|| {
            import(&mut s, cin(&r), "cin", at(11), &mut |_| {
                done += 1;
                assert!(done < kill_after, "killed");
            })
        }));
        assert!(killed.is_err());
        if kill_after < chunks {
            assert_ne!(export(&s), expected, "killed before the end");
        }
        // Another import is refused until this one is finished.
        let other = import(&mut s, ssda903(&r), "903 again", at(12), &mut |_| {}).unwrap_err();
        assert!(matches!(other, WriteError::Unfinished { .. }), "{other}");
        // The same import again, later: it finishes, its events recorded at the first run's time.
        import(&mut s, cin(&r), "cin", at(13), &mut |_| {}).unwrap();
        assert_eq!(export(&s), expected, "killed after chunk {kill_after}");
        assert!(s.journal_unfinished().unwrap().is_empty());
        assert!(s.check().unwrap().is_clean());
    }
}
