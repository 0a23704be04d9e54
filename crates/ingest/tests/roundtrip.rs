//! The demo authority's returns, produced by the export functions, imported into an empty store:
//! the record at the period end has the figures and journeys of the original that the returns
//! carry, and nothing they cannot carry.

use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Authority;
use carefile_domain::stats::Stats;
use carefile_domain::{Calendar, ChildId, CollectionYear};
use carefile_ingest::{Importer, write};
use carefile_store::{EventStore, SqliteStore};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn authority() -> Authority {
    Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 }
}

fn now() -> DateTime<Utc> {
    "2026-05-01T09:00:00Z".parse().unwrap()
}

/// The small demo authority as records.
fn original() -> Vec<ChildRecord> {
    use carefile_synth::{Options, Scale, generate};
    generate(&Options { seed: 1, scale: Scale::Small, as_of: d("2026-03-31") })
        .children
        .iter()
        .map(|c| {
            let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64, e.clone())).collect();
            ChildRecord::replay(&c.id, &log).unwrap()
        })
        .collect()
}

fn census(children: &[ChildRecord], year: CollectionYear) -> Vec<u8> {
    let a = authority();
    let source = carefile_cin::export::Source { authority: &a, generated_at: now().naive_utc() };
    let mut out = Vec::new();
    carefile_cin::export::write_census(&mut out, children, year, &source, &Calendar::england_and_wales()).unwrap();
    out
}

/// The 903 for 2024-25 and 2025-26 and the censuses of both years, written to `dir`.
fn returns(children: &[ChildRecord], dir: &Path) {
    for y in [2025, 2026] {
        let sub = dir.join(format!("903-{y}"));
        std::fs::create_dir_all(&sub).unwrap();
        carefile_ssda903::export::write_csvs(&sub, children, CollectionYear::new(y), &authority()).unwrap();
        std::fs::write(dir.join(format!("cin-{y}.xml")), census(children, CollectionYear::new(y))).unwrap();
    }
}

fn importer(dir: &Path) -> Importer {
    let mut imp = Importer::default();
    let ret = carefile_ssda903::load(&[dir.join("903-2026")], &[dir.join("903-2025")]).unwrap();
    imp.add_ssda903(&ret, CollectionYear::new(2026), "903-2026", "903-2025");
    for y in [2025, 2026] {
        let name = format!("cin-{y}.xml");
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        imp.add_cin(&carefile_cin::read(&bytes, CollectionYear::new(y)).unwrap().census, &name);
    }
    imp
}

fn import(dir: &Path, store: &mut dyn EventStore) -> carefile_ingest::Outcome {
    let plan = importer(dir).build_on(store).unwrap();
    write(store, plan, now(), Some((authority(), d("2024-04-01"))), &mut |_| {}).unwrap()
}

/// The original records, a folder holding their returns, and an empty store.
fn setup() -> (Vec<ChildRecord>, tempfile::TempDir, SqliteStore) {
    let orig = original();
    let dir = tempfile::tempdir().unwrap();
    returns(&orig, dir.path());
    (orig, dir, SqliteStore::open_in_memory().unwrap())
}

#[test]
fn the_demo_authority_round_trips_through_its_returns() {
    let (orig, dir, mut store) = setup();
    let outcome = import(dir.path(), &mut store);
    assert!(outcome.skipped.is_empty(), "{:#?}", &outcome.skipped[..outcome.skipped.len().min(10)]);
    let imported = store.children().unwrap();
    assert_eq!(outcome.children as usize, imported.len());
    assert!(imported.len() > 200, "the returns hold hundreds of the demo's children: {}", imported.len());

    let end = d("2026-03-31");
    let (o, i) = (Stats::compute(&orig, end), Stats::compute(&imported, end));
    assert!(o.looked_after > 20 && o.cp_plans_open > 10, "{o:?}");
    assert_eq!(i.looked_after, o.looked_after);
    assert_eq!(i.cp_plans_open, o.cp_plans_open);
    // Proceedings are not in the returns: children in need are compared as open cases not on a
    // CP plan and not looked after.
    let cin = |rs: &[ChildRecord]| {
        rs.iter()
            .filter(|r| {
                let s = r.status_on(end);
                s.open_case && !s.cp_plan && !s.looked_after
            })
            .count()
    };
    assert_eq!(cin(&imported), cin(&orig));
    assert!(cin(&orig) > 20, "{}", cin(&orig));
    eprintln!(
        "at {end}: original {o:?}\nimported {i:?}\nchildren {} imported, {} notes",
        imported.len(),
        outcome.notes.len()
    );

    // Care leavers: every imported one is one in the original; every original one whose care
    // lies within the two years the returns cover is imported as one.
    let leavers = |rs: &[ChildRecord]| -> BTreeSet<String> {
        rs.iter()
            .filter(|r| r.is_care_leaver_on(end) && (18..=21).contains(&r.age_on(end).unwrap_or(0)))
            .map(|r| r.id.to_string())
            .collect()
    };
    let (lo, li) = (leavers(&orig), leavers(&imported));
    assert!(li.is_subset(&lo), "{:?}", li.difference(&lo).collect::<Vec<_>>());
    let within: BTreeSet<String> = orig
        .iter()
        .filter(|r| lo.contains(r.id.as_str()) && r.care.iter().all(|p| p.start >= d("2024-04-01")))
        .map(|r| r.id.to_string())
        .collect();
    assert!(within.is_subset(&li), "{:?}", within.difference(&li).collect::<Vec<_>>());

    let by_id: BTreeMap<&str, &ChildRecord> = orig.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut compared = 0;
    for r in &imported {
        let o = by_id[r.id.as_str()];
        assert_eq!(r.details.dob, o.details.dob, "{}", r.id);
        // Placements and legal statuses from the first day the returns cover.
        let changes = |rec: &ChildRecord| -> Vec<_> {
            rec.care
                .iter()
                .flat_map(|p| p.changes.iter().map(move |c| (c, p)))
                .filter(|(c, p)| p.end_date().is_none_or(|e| e >= d("2024-04-01")) && c.date <= end)
                .map(|(c, p)| (c.date, c.legal_status, c.placement.kind, p.end))
                .collect()
        };
        let (a, b) = (changes(r), changes(o));
        assert_eq!(a, b[b.len() - a.len()..], "{}", r.id);
        compared += usize::from(!a.is_empty());
        // CP plans open at the end, with their categories.
        let plans = |rec: &ChildRecord| -> Vec<_> {
            rec.referrals
                .iter()
                .flat_map(|x| &x.cp_plans)
                .filter(|p| p.start <= end && p.end.is_none_or(|e| e > end))
                .map(|p| (p.start, p.initial_category, p.latest_category))
                .collect()
        };
        assert_eq!(plans(r), plans(o), "{}", r.id);
        // What the returns cannot carry is absent, not invented.
        assert!(r.contacts.is_empty() && r.visits.is_empty() && r.allocations.is_empty(), "{}", r.id);
        assert!(r.early_help.is_empty() && r.proceedings.is_empty() && r.sdqs.is_empty(), "{}", r.id);
        // The only strategy discussions are those that started an S47, on its start date.
        let started_s47 = |x: &carefile_domain::journey::Referral, no| {
            x.s47s.iter().any(|s| s.discussion == Some(no) && x.discussions.iter().any(|d| d.no == no && d.at.date() == s.start))
        };
        assert!(r.referrals.iter().all(|x| x.discussions.iter().all(|d| started_s47(x, d.no))), "{}", r.id);
        assert_eq!(r.referrals.iter().map(|x| x.discussions.len()).sum::<usize>(), r.referrals.iter().map(|x| x.s47s.len()).sum::<usize>());
        assert!(r.details.forename.is_empty(), "names are not in the returns");
    }
    assert!(compared > 50, "{compared} children with care compared");
    // The original has what the returns cannot carry, so "absent" above means something.
    assert!(orig.iter().any(|r| !r.contacts.is_empty()) && orig.iter().any(|r| !r.visits.is_empty()));

    // Every event names where it came from.
    let log = store.child_log(&imported[0].id).unwrap();
    assert!(log.iter().all(|e| e.recorded.by == "import"
        && e.recorded.reason.as_deref().is_some_and(|r| r.starts_with("imported from ") && r.contains(" row "))));
}

/// The episodes and reviews of 2025-26, made again from the imported record, are the original's
/// row for row, but for what the returns cannot carry: RNE (carers are not in the return, and a
/// period of care begun before 2024-25 starts at its first episode there) and the
/// REASON_PLACE_CHANGE of temporary placements.
#[test]
fn the_return_made_again_from_the_imported_record_matches_the_original() {
    let (orig, dir, mut store) = setup();
    let outcome = import(dir.path(), &mut store);
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    let again = dir.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    carefile_ssda903::export::write_csvs(&again, &store.children().unwrap(), CollectionYear::new(2026), &authority())
        .unwrap();
    let rows = |d: &Path, file: &str, skip: &[usize]| -> Vec<String> {
        let text = std::fs::read_to_string(d.join(file)).unwrap();
        let mut v: Vec<String> = text
            .lines()
            .map(|l| {
                l.split(',')
                    .enumerate()
                    .filter(|(i, _)| !skip.contains(i))
                    .map(|(_, c)| c)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        v.sort();
        v
    };
    // Episodes: CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE ...
    let original = dir.path().join("903-2026");
    let (a, b) = (rows(&again, "episodes.csv", &[2, 9]), rows(&original, "episodes.csv", &[2, 9]));
    assert!(a.len() > 50);
    assert_eq!(a, b);
    // Decisions to place for adoption belong to a period of care: compared for the children
    // whose periods of care all start within the returns (the others start there on import).
    let imported = store.children().unwrap();
    let starts = |r: &ChildRecord| r.care.iter().map(|p| p.start).collect::<Vec<_>>();
    let whole: BTreeSet<&str> = imported
        .iter()
        .filter(|r| orig.iter().any(|o| o.id == r.id && starts(o).ends_with(&starts(r))))
        .map(|r| r.id.as_str())
        .collect();
    assert!(whole.len() * 10 > imported.len() * 9, "{} of {}", whole.len(), imported.len());
    let of_whole = |v: Vec<String>| -> Vec<String> {
        v.into_iter().filter(|r| r.starts_with("CHILD,") || whole.contains(r.split(',').next().unwrap())).collect()
    };
    for file in ["reviews.csv", "missing.csv", "uasc.csv", "placed_for_adoption.csv", "ad1.csv", "oc2.csv"] {
        assert_eq!(of_whole(rows(&again, file, &[])), of_whole(rows(&original, file, &[])), "{file}");
    }
    // Children are the same but care leavers whose care was before 2024-25 (only in OC3).
    let (ha, hb) = (rows(&again, "header.csv", &[]), rows(&original, "header.csv", &[]));
    let oc3: BTreeSet<String> =
        rows(&original, "oc3.csv", &[]).iter().map(|r| r.split(',').next().unwrap().to_string()).collect();
    let missing: Vec<&String> = hb.iter().filter(|r| !ha.contains(r)).collect();
    assert!(ha.iter().all(|r| hb.contains(r)));
    assert!(!missing.is_empty() && missing.iter().all(|r| oc3.contains(r.split(',').next().unwrap())), "{missing:?}");
}

/// The 2025-26 census made again from the imported record is the original, line for line, but
/// for what it cannot carry: the conference target (counted from a strategy discussion the
/// census does not hold).
#[test]
fn the_census_made_again_from_the_imported_record_matches_the_original() {
    let (orig, dir, mut store) = setup();
    import(dir.path(), &mut store);
    let lines = |xml: Vec<u8>| -> Vec<String> {
        String::from_utf8(xml)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("<InitialCPCtarget>"))
            .map(String::from)
            .collect()
    };
    let year = CollectionYear::new(2026);
    let (a, b) = (lines(census(&store.children().unwrap(), year)), lines(census(&orig, year)));
    assert!(b.len() > 1000);
    let diff: Vec<_> = a.iter().zip(&b).enumerate().filter(|(_, (x, y))| x != y).take(5).collect();
    assert!(diff.is_empty() && a.len() == b.len(), "{diff:?}");
}

#[test]
fn importing_the_same_returns_again_changes_nothing() {
    let (_, dir, mut store) = setup();
    let first = import(dir.path(), &mut store);
    let before = store.children().unwrap();
    let again = import(dir.path(), &mut store);
    assert_eq!((again.children, again.events), (0, 0));
    assert_eq!(again.unchanged, first.children);
    assert_eq!(store.children().unwrap(), before);
}

/// One year, then the next: the second import appends only what is new (an episode's end, new
/// episodes), and the record equals the one imported from both years at once.
#[test]
fn a_later_year_appends_to_an_earlier_import() {
    let orig = original();
    let dir = tempfile::tempdir().unwrap();
    returns(&orig, dir.path());
    let one_year = |y: u16, store: &mut SqliteStore| {
        let mut imp = Importer::default();
        let ret = carefile_ssda903::load(&[dir.path().join(format!("903-{y}"))], &[]).unwrap();
        imp.add_ssda903(&ret, CollectionYear::new(y), &format!("903-{y}"), "");
        let plan = imp.build_on(store).unwrap();
        write(store, plan, now(), Some((authority(), d("2024-04-01"))), &mut |_| {}).unwrap()
    };
    let mut store = SqliteStore::open_in_memory().unwrap();
    one_year(2025, &mut store);
    let second = one_year(2026, &mut store);
    assert!(second.skipped.is_empty(), "{:#?}", &second.skipped[..second.skipped.len().min(5)]);
    assert!(second.children > 0 && second.unchanged > 0, "{second:?}");
    let end = d("2026-03-31");
    let looked_after = |rs: &[ChildRecord]| rs.iter().filter(|r| r.care.iter().any(|p| p.is_open_on(end))).count();
    assert_eq!(looked_after(&store.children().unwrap()), looked_after(&orig));
}

#[test]
fn a_broken_child_is_skipped_and_reported_while_the_others_import() {
    let orig = original();
    let dir = tempfile::tempdir().unwrap();
    returns(&orig, dir.path());
    // Give one child's second episode a DECOM before its first: the episodes no longer chain.
    let path = dir.path().join("903-2026/episodes.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let victim = lines[1..]
        .windows(2)
        .find(|w| w[0].split(',').next() == w[1].split(',').next())
        .map(|w| w[1].clone())
        .expect("a child with two episodes");
    let child = victim.split(',').next().unwrap().to_string();
    let at = lines.iter().position(|l| *l == victim).unwrap();
    let mut cols: Vec<&str> = victim.split(',').collect();
    cols[3] = "C9";
    lines[at] = cols.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();

    let mut store = SqliteStore::open_in_memory().unwrap();
    let outcome = import(dir.path(), &mut store);
    assert_eq!(outcome.skipped.len(), 1, "{:?}", outcome.skipped);
    let s = &outcome.skipped[0];
    assert_eq!(s.child, child);
    let why = s.reasons.join("; ");
    assert!(why.contains("903-2026, Episodes row") && why.contains("LS: 'C9' is not a valid value"), "{why}");
    let stored = store.children().unwrap();
    assert!(stored.iter().all(|r| r.id.as_str() != child));
    assert!(stored.len() > 200);
    assert!(store.child(&ChildId::new(&child).unwrap()).unwrap().is_none());
}

/// The DfE XML of the same year imports to the same record as its CSVs.
#[test]
fn the_xml_return_imports_as_its_csvs_do() {
    let (orig, dir, mut store) = setup();
    let xml = dir.path().join("903-2026.xml");
    let file = std::fs::File::create(&xml).unwrap();
    carefile_ssda903::export::write_xml(file, &orig, CollectionYear::new(2026), &authority()).unwrap();
    let from = |input: &Path, store: &mut SqliteStore| {
        let mut imp = Importer::default();
        imp.add_ssda903(&carefile_ssda903::load(&[input.into()], &[]).unwrap(), CollectionYear::new(2026), "x", "");
        let plan = imp.build_on(store).unwrap();
        write(store, plan, now(), Some((authority(), d("2025-04-01"))), &mut |_| {}).unwrap()
    };
    let a = from(&xml, &mut store);
    let mut csv_store = SqliteStore::open_in_memory().unwrap();
    let b = from(&dir.path().join("903-2026"), &mut csv_store);
    assert!(
        a.skipped.is_empty() && b.skipped.is_empty(),
        "{:?}\n{:?}",
        &a.skipped[..a.skipped.len().min(3)],
        &b.skipped[..b.skipped.len().min(3)]
    );
    assert_eq!((a.children, a.events), (b.children, b.events));
    assert_eq!(store.children().unwrap(), csv_store.children().unwrap());
}

#[test]
fn returns_of_another_authority_are_refused() {
    let (_, dir, mut store) = setup();
    import(dir.path(), &mut store);
    let other = Authority { name: "Rutland".into(), gss: "E06000017".into(), dfe_number: 857 };
    let plan = importer(dir.path()).build_on(&store).unwrap();
    let err = write(&mut store, plan, now(), Some((other, d("2024-04-01"))), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("serves Leicestershire (E10000018), but these returns are Rutland"), "{err}");
}

/// One census, then the next in another import: the record equals the one imported from both
/// at once, though what the import infers may read differently with the later census.
#[test]
fn a_later_census_appends_to_an_earlier_import() {
    let (_, dir, mut both) = setup();
    let cin = |files: &[u16], store: &mut SqliteStore| {
        let mut imp = Importer::default();
        for y in files {
            let bytes = std::fs::read(dir.path().join(format!("cin-{y}.xml"))).unwrap();
            imp.add_cin(&carefile_cin::read(&bytes, CollectionYear::new(*y)).unwrap().census, &format!("cin-{y}.xml"));
        }
        let plan = imp.build_on(store).unwrap();
        write(store, plan, now(), None, &mut |_| {}).unwrap()
    };
    cin(&[2025, 2026], &mut both);
    let mut apart = SqliteStore::open_in_memory().unwrap();
    cin(&[2025], &mut apart);
    let second = cin(&[2026], &mut apart);
    assert!(second.skipped.is_empty(), "{:?}", &second.skipped[..second.skipped.len().min(5)]);
    assert!(second.children > 0 && second.unchanged > 0, "{second:?}");
    let end = d("2026-03-31");
    let (a, b) = (Stats::compute(&apart.children().unwrap(), end), Stats::compute(&both.children().unwrap(), end));
    assert_eq!(a, b);
    let plans = |s: &SqliteStore| -> Vec<_> {
        s.children().unwrap().iter().flat_map(|r| r.referrals.iter().flat_map(|x| x.cp_plans.clone())).collect()
    };
    assert_eq!(plans(&apart), plans(&both));
}

/// A database holding only an audit entry is not empty for a bulk load: the children are
/// appended one by one, to the same record.
#[test]
fn a_database_with_only_an_audit_trail_is_appended_to() {
    use carefile_domain::access::{AuditAction, AuditEntry};
    let (_, dir, mut store) = setup();
    let entry =
        AuditEntry { at: now(), user: "admin".into(), action: AuditAction::SignIn, child: None, children: Vec::new(), detail: "/".into() };
    store.append_audit(&entry).unwrap();
    let outcome = import(dir.path(), &mut store);
    assert!(outcome.skipped.is_empty());
    let mut fresh = SqliteStore::open_in_memory().unwrap();
    import(dir.path(), &mut fresh);
    assert_eq!(store.children().unwrap(), fresh.children().unwrap());
    assert_eq!(store.organisation().unwrap().authority, fresh.organisation().unwrap().authority);
}
