//! How values are written. The table, the narrative and the spreadsheets all
//! print through these functions, so a number reads the same everywhere.

use crate::model::{Direction, Rag, Row, Unit};

/// `1234567.0, 0` → "1,234,567"; the separators make large counts readable, as the seed prints "7,245".
pub fn number(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    // "-0.0" would be a rounding artefact, not a negative value.
    let negative = v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value in its unit: "22.3%", "257", "42.5 per 10,000", "385 days", "15.0" (score), "17.25" (ratio).
pub fn value(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Percent => format!("{}%", number(v, 1)),
        Unit::Count => number(v, 0),
        Unit::RatePer10k => format!("{} per 10,000", number(v, 1)),
        Unit::Days => format!("{} days", number(v, 0)),
        Unit::MeanScore => number(v, 1),
        Unit::Ratio => number(v, 2),
    }
}

pub fn count(n: u64) -> String {
    // u64 → f64 is exact below 2^53, far beyond any authority's counts.
    number(n as f64, 0)
}

/// The current-performance cell: the value with its count in brackets for percentages ("22.3% (257)");
/// a figure resting on few children shows them all ("50.0% (1 of 2) †", "342 days (2 children) †").
pub fn value_cell(row: &Row) -> String {
    match (row.value, &row.unavailable) {
        (_, Some(_)) => "not available".to_owned(),
        (None, None) => "no data".to_owned(),
        (Some(v), None) => {
            let mut cell = match (row.unit, row.numerator, row.denominator) {
                (Unit::Percent, Some(n), Some(d)) if row.small => {
                    format!("{} ({} of {})", value(row.unit, v), count(n), count(d))
                }
                (Unit::Percent, Some(n), _) => format!("{} ({})", value(row.unit, v), count(n)),
                (_, _, Some(d)) if row.small => {
                    format!("{} ({})", value(row.unit, v), agree_count(d, "child", "children"))
                }
                _ => value(row.unit, v),
            };
            if row.small {
                cell.push_str(" †");
            }
            if row.partial.is_some() {
                cell.push_str(", partial");
            }
            cell
        }
    }
}

/// Why a figure is not available or partial, as the table notes it under the figure.
pub fn note_cell(row: &Row) -> String {
    match (&row.unavailable, &row.partial) {
        (Some(why), _) => format!("Not available: {why}."),
        (None, Some(why)) => format!("Partial: {why}."),
        (None, None) => String::new(),
    }
}

/// The arrow shows which way the value moved; the word says whether that is good.
pub fn arrow(previous: f64, latest: f64) -> &'static str {
    if latest > previous {
        "▲"
    } else if latest < previous {
        "▼"
    } else {
        "►"
    }
}

/// By how much a value moved, in its unit: "2.3 pts" (percentage points), "12", "5 days".
pub fn change(unit: Unit, before: f64, now: f64) -> String {
    let d = (now - before).abs();
    match unit {
        Unit::Percent => format!("{} pts", number(d, 1)),
        _ => value(unit, d),
    }
}

/// A comparison cell: "Better ▼ 1.3 pts from 21.6% (2025-26-Q3)".
fn compared(row: &Row, d: Option<Direction>, then: Option<f64>, period: &Option<String>) -> String {
    match (d, then, row.value, period) {
        (Some(d), Some(prev), Some(v), Some(p)) => {
            format!(
                "{} {} {} from {} ({p})",
                d.label(),
                arrow(prev, v),
                change(row.unit, prev, v),
                value(row.unit, prev)
            )
        }
        _ => "n/a".to_owned(),
    }
}

/// The vs-previous cell.
pub fn direction_cell(row: &Row) -> String {
    compared(row, row.direction, row.previous, &row.previous_period)
}

/// The same point last year.
pub fn year_ago_cell(row: &Row) -> String {
    compared(row, row.year_ago_direction, row.year_ago, &row.year_ago_period)
}

pub fn rag_word(r: Rag) -> &'static str {
    match r {
        Rag::Red => "Red",
        Rag::Amber => "Amber",
        Rag::Green => "Green",
    }
}

pub fn rag_cell(row: &Row) -> String {
    row.rag.map_or("n/a", rag_word).to_owned()
}

pub fn quartile_cell(row: &Row) -> String {
    row.quartile.map_or_else(|| "n/a".to_owned(), |q| q.to_string())
}

fn comparator(row: &Row, v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| value(row.unit, v))
}

pub fn sn_cell(row: &Row) -> String {
    comparator(row, row.sn_average)
}

/// England's value, and the region's beside it where known ("22.6%; region 24.7%").
pub fn england_cell(row: &Row) -> String {
    match row.regional {
        Some(r) => format!("{}; region {}", comparator(row, row.england), value(row.unit, r)),
        None => comparator(row, row.england),
    }
}

pub fn target_cell(row: &Row) -> String {
    comparator(row, row.target)
}

/// The table's columns, in order (the trend chart comes after the year-ago column).
pub const COLUMNS: [&str; 10] = [
    "Indicator",
    "Latest period",
    "Current performance",
    "Compared to previous data point",
    "Compared to the same point last year",
    "RAG",
    "National quartile (1 = top)",
    "Statistical neighbour average",
    "England (and region)",
    "Target",
];

/// Every cell of the row as the table shows it (the trend chart aside), in column order.
pub fn table_cells(row: &Row) -> [String; 10] {
    [
        row.name.clone(),
        row.period.clone(),
        value_cell(row),
        direction_cell(row),
        year_ago_cell(row),
        rag_cell(row),
        quartile_cell(row),
        sn_cell(row),
        england_cell(row),
        target_cell(row),
    ]
}

/// "1 child", "2 children".
pub fn agree_count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// "1 has", "2 have": the count with the words that agree with it.
pub fn agree(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn ordinal(q: u8) -> &'static str {
    match q {
        1 => "top",
        2 => "second",
        3 => "third",
        _ => "fourth",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(number(1234567.0, 0), "1,234,567");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(1000.0, 0), "1,000");
        assert_eq!(number(22.349, 1), "22.3");
        assert_eq!(number(22.35001, 1), "22.4");
        assert_eq!(number(-3.25, 2), "-3.25");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(0.0, 1), "0.0");
    }

    #[test]
    fn values_carry_their_unit() {
        assert_eq!(value(Unit::Percent, 22.3), "22.3%");
        assert_eq!(value(Unit::Count, 7245.0), "7,245");
        assert_eq!(value(Unit::RatePer10k, 42.53), "42.5 per 10,000");
        assert_eq!(value(Unit::Days, 384.6), "385 days");
        assert_eq!(value(Unit::MeanScore, 15.0), "15.0");
        assert_eq!(value(Unit::Ratio, 17.254), "17.25");
    }

    #[test]
    fn arrows_follow_the_value() {
        assert_eq!(arrow(21.6, 22.3), "▲");
        assert_eq!(arrow(22.3, 21.6), "▼");
        assert_eq!(arrow(5.0, 5.0), "►");
    }
}
