//! The words of the report: the roll-up sentences, the exceptions, and a paragraph per
//! indicator saying what changed and by how much (against the previous period and the same
//! point last year), against the target, the statistical neighbours and England, and where a
//! figure rests on few children or on partial history. Each number is printed from the row's
//! own values through `format`, so the words can only repeat what the table shows.

use crate::format::{self, agree, value};
use crate::model::{Direction, Polarity, Rag, Row};

/// How the reported measures split, counted once from the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rollup {
    /// Measures with a polarity and a complete value this period.
    pub reported: usize,
    pub improved: usize,
    pub unchanged: usize,
    pub declined: usize,
    /// Reported measures with no earlier data point to compare with.
    pub first_reported: usize,
    pub no_polarity: usize,
    pub unavailable: usize,
    /// Figures shown but not judged: they need history the record does not hold.
    pub partial: usize,
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
            if row.partial.is_some() {
                r.partial += 1;
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
        if self.partial > 0 {
            out.push(format!(
                "{} partial: {} history from before the first return imported, so {} not judged.",
                agree(self.partial, "figure is", "figures are"),
                if self.partial == 1 { "it needs" } else { "they need" },
                if self.partial == 1 { "it is" } else { "they are" },
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

/// An exception: rated red, or worse than the previous data point beyond the similar band.
pub fn is_exception(row: &Row) -> bool {
    row.unavailable.is_none() && (row.rag == Some(Rag::Red) || row.direction == Some(Direction::Worse))
}

/// The exceptions in table order, for the top of the commentary.
pub fn exceptions(rows: &[Row]) -> Vec<&Row> {
    rows.iter().filter(|r| is_exception(r)).collect()
}

/// "better than 2025-26-Q3 (down 1.3 pts from 21.6%)".
fn comparison(row: &Row, d: Direction, then: f64, period: &str) -> String {
    let now = row.value.unwrap_or(then);
    let moved = match format::arrow(then, now) {
        "▲" => format!("up {} from {}", format::change(row.unit, then, now), value(row.unit, then)),
        "▼" => format!("down {} from {}", format::change(row.unit, then, now), value(row.unit, then)),
        _ => format!("level with {}", value(row.unit, then)),
    };
    let word = match d {
        Direction::Better => "better than",
        Direction::Worse => "worse than",
        Direction::Similar => "similar to",
        Direction::Same => "the same as",
        Direction::Higher => "higher than",
        Direction::Lower => "lower than",
    };
    format!("{word} {period} ({moved})")
}

/// How `v` stands against a comparator for this polarity, judged on the printed figures.
fn relation(row: &Row, v: f64, other: f64) -> &'static str {
    use std::cmp::Ordering::{Greater, Less};
    match (row.polarity, v.partial_cmp(&other)) {
        _ if value(row.unit, v) == value(row.unit, other) => "level with",
        (Polarity::HighGood, Some(Greater)) | (Polarity::LowGood, Some(Less)) => "better than",
        (Polarity::HighGood | Polarity::LowGood, _) => "worse than",
        (Polarity::None, Some(Greater)) => "above",
        (Polarity::None, _) => "below",
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
    let mut said = Vec::new();
    if let (Some(d), Some(prev), Some(pp)) = (row.direction, row.previous, &row.previous_period) {
        said.push(comparison(row, d, prev, pp));
    }
    if let (Some(d), Some(ya), Some(yp)) = (row.year_ago_direction, row.year_ago, &row.year_ago_period) {
        said.push(format!("{}, the same point last year", comparison(row, d, ya, yp)));
    }
    match said.as_slice() {
        [] if row.partial.is_some() => s.push('.'),
        [] => s.push_str("; there is no earlier figure to compare with."),
        [one] => s.push_str(&format!(", {one}.")),
        [a, b, ..] => s.push_str(&format!(", {a}, and {b}.")),
    }
    if let Some(t) = row.target.filter(|_| row.polarity != Polarity::None) {
        let met = matches!(relation(row, v, t), "better than" | "level with");
        s.push_str(&format!(" The target is {}: {}.", value(row.unit, t), if met { "met" } else { "not met" }));
    }
    let benchmarks: Vec<String> = [
        ("the statistical-neighbour average", row.sn_average),
        ("the England average", row.england),
        ("the regional average", row.regional),
    ]
    .into_iter()
    .filter_map(|(name, x)| x.map(|x| format!("{} {name} of {}", relation(row, v, x), value(row.unit, x))))
    .collect();
    match benchmarks.as_slice() {
        [] => {}
        [one] => s.push_str(&format!(" It is {one}.")),
        [init @ .., last] => s.push_str(&format!(" It is {} and {last}.", init.join(", "))),
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
    if row.small {
        s.push_str(" † It rests on few children, so one child's circumstances can move it a long way.");
    }
    if let Some(why) = &row.partial {
        s.push_str(&format!(" It is partial and not judged: {why}."));
    }
    s
}
