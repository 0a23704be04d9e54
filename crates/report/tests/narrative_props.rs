//! For any rows, every number the words use is one the table shows, and the
//! roll-up's counts add up.

mod common;

use carefile_report::narrative::{Rollup, paragraph};
use carefile_report::{Direction, Polarity, Rag, Row, TrendPoint, Unit, format};
use common::numbers;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn direction_strategy() -> impl Strategy<Value = Option<Direction>> {
    prop::option::of(prop_oneof![
        Just(Direction::Better),
        Just(Direction::Worse),
        Just(Direction::Similar),
        Just(Direction::Same),
        Just(Direction::Higher),
        Just(Direction::Lower)
    ])
}

fn row_strategy() -> impl Strategy<Value = Row> {
    let unit = prop_oneof![
        Just(Unit::Percent),
        Just(Unit::Count),
        Just(Unit::RatePer10k),
        Just(Unit::Days),
        Just(Unit::MeanScore),
        Just(Unit::Ratio)
    ];
    let polarity = prop_oneof![Just(Polarity::HighGood), Just(Polarity::LowGood), Just(Polarity::None)];
    let direction = direction_strategy();
    let rag = prop::option::of(prop_oneof![Just(Rag::Red), Just(Rag::Amber), Just(Rag::Green)]);
    (
        (unit, polarity, direction, rag, prop::option::of(1u8..=4)),
        (0u64..5000, 0u64..5000, prop::option::of(0.0f64..20000.0), prop::option::of(0.0f64..20000.0)),
        (any::<bool>(), any::<bool>(), 1u32..40, 0u32..40),
        (prop::option::of(0.0f64..20000.0), prop::option::of(0.0f64..20000.0), prop::option::of(0.0f64..20000.0)),
        (any::<bool>(), 0u32..10, direction_strategy()),
    )
        .prop_map(
            |(
                (unit, polarity, direction, rag, quartile),
                (a, b, prev, sn),
                (available, has_value, q, y),
                (year_ago, england, target),
                (small, partial, year_ago_direction),
            )| {
                let (num, den) = (a.min(b), a.max(b));
                let value = match unit {
                    Unit::Percent if den > 0 => Some(num as f64 * 100.0 / den as f64),
                    Unit::Percent => None,
                    _ => has_value.then_some(num as f64 / 3.0),
                };
                let period = format!("{}-{} Q{}", 2000 + y, (y + 1) % 100, q % 4 + 1);
                Row {
                    period: period.clone(),
                    numerator: Some(num),
                    denominator: Some(den),
                    value,
                    unit,
                    polarity,
                    previous_period: prev.map(|_| format!("{}-{} Q{}", 2000 + y, (y + 1) % 100, (q + 3) % 4 + 1)),
                    previous: prev,
                    direction: prev.and(direction),
                    rag,
                    quartile,
                    sn_average: sn,
                    england,
                    regional: england.map(|e| e / 2.0),
                    target,
                    year_ago_period: year_ago.map(|_| format!("{}-{} Q{}", 1999 + y, y % 100, q % 4 + 1)),
                    year_ago,
                    year_ago_direction: year_ago.and(year_ago_direction),
                    small,
                    partial: (partial == 0)
                        .then(|| format!("needs history from {}-04-01; complete from {}-04-01", 2000 + y, 2001 + y)),
                    trend: vec![TrendPoint { period, value, partial: partial == 0 }],
                    unavailable: (!available).then(|| "not recorded".to_owned()),
                    ..common::row("x", "Some indicator", "An outcome")
                }
            },
        )
}

proptest! {
    #[test]
    fn narrative_numbers_are_table_numbers(row in row_strategy()) {
        let mut cells = format::table_cells(&row).to_vec();
        cells.push(format::note_cell(&row));
        let table: BTreeSet<String> = cells.iter().flat_map(|c| numbers(c)).collect();
        let words = paragraph(&row);
        for n in numbers(&words) {
            prop_assert!(table.contains(&n), "{n} is in '{words}' but not in the table {table:?}");
        }
    }

    #[test]
    fn rollup_adds_up(rows in prop::collection::vec(row_strategy(), 0..40)) {
        let r = Rollup::of(&rows);
        prop_assert_eq!(r.reported, r.improved + r.unchanged + r.declined + r.first_reported);
        prop_assert_eq!(r.reported + r.no_polarity + r.unavailable + r.partial, rows.len());
        prop_assert_eq!(r.quartiles.iter().sum::<usize>(), r.benchmarked);
        // The sentences say the counts and nothing else.
        let said: Vec<usize> = r.sentences().iter().flat_map(|s| numbers(s)).map(|n| n.parse().unwrap()).collect();
        let mut expected = vec![r.reported, r.improved, r.unchanged, r.declined];
        if r.first_reported > 0 { expected.push(r.first_reported); }
        if r.no_polarity > 0 { expected.push(r.no_polarity); }
        if r.benchmarked > 0 { expected.push(r.benchmarked); expected.extend(r.quartiles); }
        if r.partial > 0 { expected.push(r.partial); }
        if r.unavailable > 0 { expected.push(r.unavailable); }
        prop_assert_eq!(said, expected);
    }
}

#[test]
fn numbers_are_found_whole() {
    assert_eq!(numbers("22.3% (1,152) in 2018-19 Q4."), ["22.3", "1,152", "2018", "19", "4"].map(String::from));
}
