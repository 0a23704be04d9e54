//! The words of the report: a paragraph per indicator and the roll-up
//! sentences. Each number is printed from the row's own values through
//! `format`, so the words can only repeat what the table shows.

use crate::format::{self, agree, value};
use crate::model::{Direction, Polarity, Row};

/// How the reported measures split, counted once from the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rollup {
    /// Measures with a polarity and a value this period.
    pub reported: usize,
    pub improved: usize,
    pub unchanged: usize,
    pub declined: usize,
    /// Reported measures with no earlier data point to compare with.
    pub first_reported: usize,
    pub no_polarity: usize,
    pub unavailable: usize,
    /// Measures placed in a national quartile, and how many in each (index 0 = top).
    pub benchmarked: usize,
    pub quartiles: [usize; 4],
}

impl Rollup {
    pub fn of(rows: &[Row]) -> Rollup {
        let mut r = Rollup::default();
        for row in rows {
            if row.unavailable.is_some() || row.value.is_none() {
                r.unavailable += 1;
                continue;
            }
            if row.polarity == Polarity::None {
                r.no_polarity += 1;
            } else {
                r.reported += 1;
                match row.direction {
                    Some(Direction::Better) => r.improved += 1,
                    Some(Direction::Worse) => r.declined += 1,
                    // Higher/Lower belong to indicators without polarity; given one anyway,
                    // it says nothing of improvement, so it counts with no significant change.
                    Some(Direction::Similar | Direction::Same | Direction::Higher | Direction::Lower) => {
                        r.unchanged += 1
                    }
                    None => r.first_reported += 1,
                }
            }
            if let Some(q @ 1..=4) = row.quartile {
                r.benchmarked += 1;
                r.quartiles[usize::from(q - 1)] += 1;
            }
        }
        r
    }

    /// The seed's overview sentences, with counts that add up.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut first = format!(
            "From {} that {} been reported, {} improved, {} no significant change and {} declined",
            agree(self.reported, "measure", "measures"),
            if self.reported == 1 { "has" } else { "have" },
            agree(self.improved, "has", "have"),
            agree(self.unchanged, "shows", "show"),
            agree(self.declined, "has", "have"),
        );
        if self.first_reported > 0 {
            first.push_str(&format!(
                "; {} no earlier figure to compare with",
                agree(self.first_reported, "has", "have")
            ));
        }
        first.push('.');
        out.push(first);
        if self.no_polarity > 0 {
            out.push(format!(
                "In addition, {} information with no polarity.",
                agree(self.no_polarity, "indicator provides", "indicators provide")
            ));
        }
        if self.benchmarked > 0 {
            let [q1, q2, q3, q4] = self.quartiles.map(|n| agree(n, "is", "are"));
            out.push(format!(
                "From {} a national benchmark, {q1} in the top quartile, {q2} in the second quartile, {q3} in the third quartile and {q4} in the fourth quartile.",
                agree(self.benchmarked, "measure that has", "measures that have")
            ));
        }
        if self.unavailable > 0 {
            out.push(format!(
                "{} not available from the record for this period.",
                agree(self.unavailable, "indicator is", "indicators are")
            ));
        }
        out
    }
}

/// The paragraph about one indicator.
pub fn paragraph(row: &Row) -> String {
    if let Some(reason) = &row.unavailable {
        return format!("{} is not available from the record: {reason}.", row.name);
    }
    let Some(v) = row.value else {
        return format!("{} has no data for {}.", row.name, row.period);
    };
    // The value as the table's cell has it, count included ("22.3% (257)").
    let mut s = format!("{} was {} in {}", row.name, format::value_cell(row), row.period);
    match (row.direction, row.previous, &row.previous_period) {
        (Some(dir), Some(prev), Some(pp)) => {
            let prev = value(row.unit, prev);
            let change = match dir {
                Direction::Better => format!("an improvement on {pp} ({prev})"),
                Direction::Worse => format!("worse than {pp} ({prev})"),
                Direction::Similar => format!("similar to {pp} ({prev})"),
                Direction::Same => format!("the same as {pp} ({prev})"),
                Direction::Higher => format!("higher than {pp} ({prev}); this indicator has no polarity"),
                Direction::Lower => format!("lower than {pp} ({prev}); this indicator has no polarity"),
            };
            s.push_str(&format!(", {change}."));
        }
        _ => s.push_str("; there is no earlier figure to compare with."),
    }
    match (row.quartile, row.rag) {
        (Some(q), rag) => {
            s.push_str(&format!(
                " This places the authority in the {} quartile of local authorities",
                format::ordinal(q)
            ));
            match rag {
                Some(r) => s.push_str(&format!(", rated {}.", format::rag_word(r).to_lowercase())),
                None => s.push('.'),
            }
        }
        (None, Some(r)) => s.push_str(&format!(" Rated {}.", format::rag_word(r).to_lowercase())),
        (None, None) => {}
    }
    if let Some(sn) = row.sn_average {
        use std::cmp::Ordering::{Greater, Less};
        // Judged on the printed figures, so "level with" is said exactly when they read the same.
        let relation = match (row.polarity, v.partial_cmp(&sn)) {
            _ if value(row.unit, v) == value(row.unit, sn) => "level with",
            (Polarity::HighGood, Some(Greater)) | (Polarity::LowGood, Some(Less)) => "better than",
            (Polarity::HighGood | Polarity::LowGood, _) => "worse than",
            (Polarity::None, Some(Greater)) => "above",
            (Polarity::None, _) => "below",
        };
        s.push_str(&format!(" It is {relation} the statistical-neighbour average of {}.", value(row.unit, sn)));
    }
    s
}
