//! Junk in, clear errors or findings out, never a panic: arbitrary bytes through both readers,
//! and random tables of plausible and implausible values through every rule.

use carefile_domain::CollectionYear;
use carefile_ssda903::*;
use proptest::prelude::*;
use std::sync::Arc;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_read_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for name in ["x.csv", "x.xml", "x"] {
            if let Err(e) = from_sources(&[Source::new(name, bytes.clone())], &[]) {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn mangled_xml_reads_or_fails_cleanly(cut in 0usize..600, junk in "[<>/&a-zA-Z0-9 ]{0,12}") {
        let xml = "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><SEX>F</SEX><DOB>31/02/2012</DOB>\
                   <AREVIEW><REVIEW>01/06/2025</REVIEW></AREVIEW></HEADER><EPISODE><DECOM>01/04/2025</DECOM>\
                   <PL>Z11</PL></EPISODE></CHILD></EXPSSDA903>";
        let cut = cut.min(xml.len());
        let mangled = format!("{}{junk}{}", &xml[..cut], &xml[cut..]);
        if let Err(e) = from_sources(&[Source::new("r.xml", mangled)], &[]) {
            prop_assert!(e.to_string().starts_with("r.xml"), "{e}");
        }
    }
}

/// Values a cell may take: readable and unreadable dates, codes of many lists, flags, junk.
const VALUES: &[&str] = &[
    "",
    "",
    "01/04/2025",
    "31/03/2026",
    "29/02/2024",
    "31/02/2025",
    "15/06/2025",
    "01/01/2010",
    "01/01/2024",
    "xx",
    "S",
    "P",
    "T",
    "L",
    "C2",
    "V3",
    "V4",
    "J2",
    "L1",
    "U1",
    "U4",
    "K2",
    "K3",
    "T1",
    "T3",
    "A3",
    "A5",
    "P1",
    "Z12",
    "X1",
    "E11",
    "E4A",
    "E8",
    "PR1",
    "PR2",
    "0",
    "1",
    "2",
    "41",
    "M",
    "F",
    "U",
    "YES",
    "DIED",
    "T1",
    "SDQ1",
    "LE1 1AA",
    "LE2 2BB",
    "CF10 1AA",
    "SC1",
    "SC2",
    "XXXXXXX",
    "SW12",
    "XX9",
    "FCONTA",
    "UN1",
    "UN4",
    "A123456789012",
    "CUSTOD",
    "CARPL",
    "RD1",
    "P4",
    "PN0",
    "N1",
    "WBRI",
];

fn table<R: Record>(cells: &[usize]) -> Source {
    let cols = R::COLUMNS;
    let mut out = cols.join(",") + "\n";
    for row in cells.chunks(cols.len()) {
        let values: Vec<&str> = row
            .iter()
            .enumerate()
            .map(|(i, &v)| if i == 0 { ["1", "2", "3"][v % 3] } else { VALUES[v % VALUES.len()] })
            .collect();
        out += &(values.join(",") + "\n");
    }
    Source::new(format!("{}.csv", R::TABLE), out)
}

fn year(cells: &[usize]) -> Vec<Source> {
    let mut parts = cells.chunks(cells.len().div_ceil(12).max(1));
    let mut next = || parts.next().unwrap_or(&[]);
    vec![
        table::<Header>(next()),
        table::<Episode>(next()),
        table::<Review>(next()),
        table::<Uasc>(next()),
        table::<Oc2>(next()),
        table::<Oc3>(next()),
        table::<Ad1>(next()),
        table::<PlacedAdoption>(next()),
        table::<PrevPerm>(next()),
        table::<Missing>(next()),
        table::<SwEpisode>(next()),
        table::<DoLo>(next()),
    ]
}

fn options() -> Options {
    let onspd = "pcd,laua,oseast1m,osnrth1m\nLE1 1AA,E07000129,458000,304000\nLE2 2BB,E06000016,461000,308000\nCF10 1AA,W06000015,318000,176000\n";
    let providers = "urn,local_authority,placement_codes,provider_codes,registration_end,postcode\nSC1,Leicester,K2,PR4,,LE2 2BB\nSC2,X,K3,PR1,01/06/2025,LE1 1AA\n";
    let mut o = Options::new(CollectionYear::new(2027));
    o.la = find_local_authority("855");
    o.postcodes = Some(Arc::new(Postcodes::read("pc.csv", onspd.as_bytes(), |_| true).unwrap()));
    o.providers = Some(Arc::new(Providers::read("prov.csv", providers.as_bytes()).unwrap()));
    o
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_rule_survives_random_tables(this in proptest::collection::vec(0usize..1000, 0..2000),
                                         last in proptest::collection::vec(0usize..1000, 0..300)) {
        let ret = Arc::new(from_sources(&year(&this), &year(&last)).expect("well-formed CSV reads"));
        let report = validate(&ret, &options()).expect("2026-27 is supported");
        prop_assert_eq!(report.ran.len(), 327);
        for f in &report.findings {
            prop_assert!(f.child.is_none() || f.row.is_some());
        }
    }
}
