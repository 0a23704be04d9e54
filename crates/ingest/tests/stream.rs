//! Returns read as a stream, a part of the children at a time (so no return is held whole),
//! give each child exactly the journey a whole reading gives, every event citing the same row
//! of the same file; a census cut into batches of any size reads as the whole file, and a file
//! broken anywhere is refused with the line a whole reading names.

use carefile_domain::org::Authority;
use carefile_domain::{Calendar, ChildId, CollectionYear};
use carefile_ingest::{Importer, RowsBefore, Sourced, cin_batches, part_of};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn authority() -> Authority {
    Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 }
}

/// The small demo's 903 for 2025-26 (a folder of CSVs) and its census for 2025-26, as files.
fn returns(dir: &Path) -> (PathBuf, PathBuf) {
    use carefile_synth::{Options, Scale, generate};
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let records: Vec<_> = generate(&Options { seed: 1, scale: Scale::Small, as_of })
        .children
        .iter()
        .map(|c| {
            let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64, e.clone())).collect();
            carefile_domain::journey::ChildRecord::replay(&c.id, &log).unwrap()
        })
        .collect();
    let (a, year) = (authority(), CollectionYear::new(2026));
    let folder = dir.join("903");
    std::fs::create_dir(&folder).unwrap();
    carefile_ssda903::export::write_csvs(&folder, &records, year, &a).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let source = carefile_cin::export::Source { authority: &a, generated_at: at };
    let mut xml = Vec::new();
    carefile_cin::export::write_census(&mut xml, &records, year, &source, &Calendar::england_and_wales()).unwrap();
    let cin = dir.join("cin.xml");
    std::fs::write(&cin, xml).unwrap();
    (folder, cin)
}

/// Each child's journey as an importer into an empty database builds it.
fn journeys(imp: Importer) -> BTreeMap<ChildId, Vec<Sourced>> {
    let plan = imp.build();
    assert!(plan.appends.is_empty());
    plan.children.into_iter().collect()
}

/// The census in `cin` read in batches of `batch` bytes, keeping `keep`'s children.
fn add_census(imp: &mut Importer, cin: &Path, batch: usize, keep: &dyn Fn(&str) -> bool) -> usize {
    let (mut before, mut batches) = (RowsBefore::default(), 0);
    cin_batches::<carefile_ingest::CinError>(cin, CollectionYear::new(2026), batch, &mut |census| {
        imp.add_cin_kept(census, "cin.xml", &before, keep);
        before.count(census);
        batches += 1;
        Ok(())
    })
    .unwrap();
    batches
}

#[test]
fn parts_and_batches_give_the_journeys_of_a_whole_reading() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, cin) = returns(dir.path());
    let year = CollectionYear::new(2026);
    let mut whole = Importer::default();
    whole.add_ssda903_year(&carefile_ssda903::load(std::slice::from_ref(&folder), &[]).unwrap().this, year, "903");
    whole.add_cin(&carefile_cin::read(&std::fs::read(&cin).unwrap(), year).unwrap().census, "cin.xml");
    let whole = journeys(whole);
    assert!(whole.len() > 100, "the demo's children: {}", whole.len());

    for (parts, batch) in [(1, usize::MAX), (1, 1), (7, 20_000)] {
        let mut together = BTreeMap::new();
        let mut batches = 0;
        for part in 0..parts {
            let keep = |child: &str| part_of(child, parts) == part;
            let mut imp = Importer::default();
            let tables =
                carefile_ssda903::load_kept(std::slice::from_ref(&folder), &mut |child, _| keep(child)).unwrap();
            imp.add_ssda903_year(&tables, year, "903");
            batches = add_census(&mut imp, &cin, batch, &keep);
            let these = journeys(imp);
            assert!(parts == 1 || these.len() < whole.len(), "a part holds only its children");
            together.extend(these);
        }
        assert!(batch == usize::MAX || batches > 5, "{batches} batches of {batch} bytes");
        assert_eq!(together.len(), whole.len(), "{parts} parts, batches of {batch} bytes");
        for (id, events) in &whole {
            assert_eq!(together.get(id), Some(events), "{id}: {parts} parts, batches of {batch} bytes");
        }
    }
}

#[test]
fn a_census_broken_anywhere_is_refused_with_the_line_a_whole_reading_names() {
    let dir = tempfile::tempdir().unwrap();
    let (_, cin) = returns(dir.path());
    let text = std::fs::read_to_string(&cin).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let year = CollectionYear::new(2026);
    // A tag broken on a line deep in the children, the file cut inside a child, a second root.
    let deep = lines.len() * 2 / 3;
    let broken = |i: usize, l: &str| if i == deep { l.replacen('<', "<<", 1) } else { l.to_string() };
    let cases = [
        ("broken tag", lines.iter().enumerate().map(|(i, l)| broken(i, l)).collect::<Vec<_>>().join("\n")),
        ("cut short", lines[..deep].join("\n")),
        ("second root", format!("{text}\n<Message></Message>\n")),
    ];
    for (what, bad) in cases {
        let file = dir.path().join("bad.xml");
        std::fs::write(&file, &bad).unwrap();
        let whole = carefile_cin::read(bad.as_bytes(), year).unwrap_err();
        for batch in [1, 5_000, usize::MAX] {
            let mut imp = Importer::default();
            let e = cin_batches::<carefile_ingest::CinError>(&file, year, batch, &mut |c| {
                imp.add_cin(c, "bad.xml");
                Ok(())
            })
            .unwrap_err();
            let carefile_ingest::CinError::Census(e) = e else { panic!("{what}: {e}") };
            assert_eq!((e.line, &e.kind), (whole.line, &whole.kind), "{what}, batches of {batch}: {e} against {whole}");
        }
    }
}

#[test]
fn a_census_in_utf16_streams_as_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (_, cin) = returns(dir.path());
    let text = std::fs::read_to_string(&cin).unwrap().replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    // As Excel or .NET save "Unicode": little-endian with a byte-order mark.
    let utf16 = dir.path().join("cin16.xml");
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&utf16, &bytes).unwrap();
    let (mut utf8, mut converted) = (Importer::default(), Importer::default());
    add_census(&mut utf8, &cin, 20_000, &|_| true);
    assert!(add_census(&mut converted, &utf16, 20_000, &|_| true) > 5, "read in batches");
    let utf8 = journeys(utf8);
    assert_eq!(journeys(converted), utf8);
    // UTF-8 with a byte-order mark reads the same.
    let marked = dir.path().join("cin-bom.xml");
    std::fs::write(&marked, [b"\xEF\xBB\xBF".as_slice(), &std::fs::read(&cin).unwrap()].concat()).unwrap();
    let mut imp = Importer::default();
    add_census(&mut imp, &marked, 20_000, &|_| true);
    assert_eq!(journeys(imp), utf8);
    // Cut inside a character: refused as a whole reading refuses it.
    std::fs::write(&utf16, &bytes[..bytes.len() - 1]).unwrap();
    let year = CollectionYear::new(2026);
    let whole = carefile_cin::read(&bytes[..bytes.len() - 1], year).unwrap_err();
    let e = cin_batches::<carefile_ingest::CinError>(&utf16, year, 20_000, &mut |_| Ok(())).unwrap_err();
    let carefile_ingest::CinError::Census(e) = e else { panic!("{e}") };
    assert_eq!(e, whole);
}
