//! Property: one corrupted cell anywhere in a return never panics, and damages at most the child
//! whose row it is; every other child imports exactly as from the clean return.

use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Authority;
use carefile_domain::{ChildId, CollectionYear};
use carefile_ingest::{Importer, Plan, Sourced};
use carefile_ssda903::Source;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The small demo's 2025-26 return as (file name, CSV text).
fn clean() -> &'static Vec<(String, String)> {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        use carefile_synth::{Options, Scale, generate};
        let a = generate(&Options { seed: 5, scale: Scale::Small, as_of: "2026-03-31".parse().unwrap() });
        let recs: Vec<ChildRecord> = a
            .children
            .iter()
            .map(|c| {
                let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64, e.clone())).collect();
                ChildRecord::replay(&c.id, &log).unwrap()
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let la = Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 };
        carefile_ssda903::export::write_csvs(dir.path(), &recs, CollectionYear::new(2026), &la).unwrap();
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        files.sort();
        files
    })
}

fn plan(files: &[(String, String)]) -> Plan {
    let sources: Vec<Source> = files.iter().map(|(n, t)| Source::new(n.clone(), t.clone().into_bytes())).collect();
    let mut imp = Importer::default();
    imp.add_ssda903(&carefile_ssda903::from_sources(&sources, &[]).unwrap(), CollectionYear::new(2026), "903", "");
    imp.build()
}

fn events(p: &Plan) -> BTreeMap<ChildId, Vec<Sourced>> {
    p.children.iter().cloned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn a_corrupted_cell_damages_only_its_own_child(
        file in 0usize..16, line in 1usize..400, col in 1usize..16,
        value in prop_oneof![Just(String::new()), "[A-Z0-9/]{1,12}", "[0-3][0-9]/[01][0-9]/20[0-3][0-9]"],
    ) {
        let files = clean();
        let base = events(&plan(files));
        let mut changed = files.clone();
        let (_, text) = &mut changed[file % files.len()];
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        prop_assume!(lines.len() > 1);
        let at = 1 + line % (lines.len() - 1);
        let mut cells: Vec<String> = lines[at].split(',').map(String::from).collect();
        let c = col % cells.len().max(2);
        let child = cells[0].clone();
        prop_assume!(c > 0);
        cells[c] = value;
        lines[at] = cells.join(",");
        *text = lines.join("\n");
        let after = plan(&changed);
        let now = events(&after);
        for (id, evs) in &base {
            if id.as_str() != child {
                prop_assert_eq!(now.get(id).map(|e| e.iter().map(|s| &s.event).collect::<Vec<_>>()),
                    Some(evs.iter().map(|s| &s.event).collect::<Vec<_>>()), "{}", id);
            }
        }
        // The corrupted child is imported (the change was harmless) or skipped with a reason naming a row.
        prop_assert!(now.keys().any(|k| k.as_str() == child) || after.skipped.iter().any(|s| s.child == child
            && s.reasons.iter().all(|r| r.contains(" row "))), "{:?}", after.skipped);
    }
}
