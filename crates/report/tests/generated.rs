//! Generated authorities (crates/synth, small scale, random seeds) computed by
//! the indicator engine and rendered: the narrative repeats only the table's
//! numbers, the roll-up adds up and agrees with the engine's own counts.

mod common;

use carefile_indicators::{Config, Filter, Period, compute};
use carefile_report::narrative::{Rollup, paragraph};
use carefile_report::{Report, format, html, tabular};
use common::{authority, comparators, numbers};
use proptest::prelude::*;
use std::collections::BTreeSet;

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]
    #[test]
    fn generated_reports_never_contradict_themselves(seed in any::<u64>(), spread in 0.2f64..3.0) {
        let (records, org) = authority(seed);
        let period: Period = "2025-26-Q4".parse().unwrap();
        let dashboard = compute(&records, &org, &period, &Filter::default(), &comparators(spread), &Config::default()).unwrap();
        let report = Report::from_dashboard(&dashboard);
        prop_assert_eq!(report.rows.len(), dashboard.results.len());

        for row in &report.rows {
            let mut cells = format::table_cells(row).to_vec();
            cells.push(format::note_cell(row));
            let table: BTreeSet<String> = cells.iter().flat_map(|c| numbers(c)).collect();
            let words = paragraph(row);
            for n in numbers(&words) {
                prop_assert!(table.contains(&n), "{} is in '{}' but not in the table {:?}", n, words, table);
            }
            if let (Some(n), Some(d), carefile_indicators::Unit::Percent) = (row.numerator, row.denominator, row.unit) {
                prop_assert!(n <= d, "{}: {} > {}", row.id, n, d);
            }
        }

        let mine = Rollup::of(&report.rows);
        prop_assert_eq!(mine.reported, mine.improved + mine.unchanged + mine.declined + mine.first_reported);
        prop_assert_eq!(mine.reported + mine.no_polarity + mine.unavailable + mine.partial, report.rows.len());
        prop_assert_eq!(mine.quartiles.iter().sum::<usize>(), mine.benchmarked);
        // The engine counts the same things its own way: the two must agree.
        let theirs = dashboard.rollup;
        prop_assert_eq!((mine.reported - mine.first_reported) as u32, theirs.reported);
        prop_assert_eq!(
            (mine.improved as u32, mine.unchanged as u32, mine.declined as u32, mine.no_polarity as u32),
            (theirs.improved, theirs.no_change, theirs.declined, theirs.no_polarity)
        );
        prop_assert_eq!(mine.benchmarked as u32, theirs.benchmarked);
        prop_assert_eq!(mine.partial as u32, theirs.partial);
        prop_assert_eq!(mine.quartiles.map(|q| q as u32), theirs.quartiles);

        let page = html::page(&report).unwrap();
        let available = report.rows.iter().filter(|r| r.unavailable.is_none()).count();
        prop_assert_eq!(page.matches("<svg").count(), available + usize::from(!report.funnel.is_empty()));
        for s in mine.sentences() {
            prop_assert!(page.contains(&s));
        }
        let csv = tabular::csv(&report).unwrap();
        prop_assert_eq!(csv.lines().count(), report.rows.len() + 1);
    }
}
