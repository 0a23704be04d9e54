//! The eleven lists, one module each: sheet, headers, the columns waiting for a source, and rows.

mod list1;
mod list10;
mod list11;
mod list2;
mod list3;
mod list4;
mod list5;
mod list6;
mod list7;
mod list8;
mod list9;

use crate::labels::LabelError;
use crate::{Ctx, Pending, Row};
use carefile_domain::journey::ChildRecord;

/// One list's declaration.
pub struct Def {
    pub number: u8,
    pub sheet: &'static str,
    pub title: &'static str,
    /// Column headers, character for character as in the LIIA Annex A schema.
    pub headers: &'static [&'static str],
    /// Columns with no source in the record yet: blank in every row.
    pub pending: &'static [Pending],
    /// Columns filled only where the record holds the fact, with what will complete them.
    pub partial: &'static [Pending],
    /// How its rows are made.
    pub rows: Rows,
    /// Columns left blank because optional reference data was not given.
    pub needs_input: fn(&Ctx) -> Vec<Pending>,
}

/// How a list's rows follow from the record.
#[derive(Clone, Copy)]
pub enum Rows {
    /// Each child's rows, the children in ID order.
    PerChild(fn(&Ctx, &ChildRecord, &mut Vec<Row>) -> Result<(), LabelError>),
    /// Rows about others than the children (list 11's adopters), from all the children at once.
    Whole(fn(&Ctx, &[&ChildRecord], &mut Vec<Row>) -> Result<(), LabelError>),
}

/// Every list, in order.
pub const ALL: &[Def] = &[
    list1::DEF,
    list2::DEF,
    list3::DEF,
    list4::DEF,
    list5::DEF,
    list6::DEF,
    list7::DEF,
    list8::DEF,
    list9::DEF,
    list10::DEF,
    list11::DEF,
];

/// A list's headers: the five lead columns of lists 1-9, then its own.
macro_rules! headers {
    ($($h:literal),* $(,)?) => {
        &["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", $($h),*]
    };
}
pub(crate) use headers;

/// For lists that need no optional reference data.
fn no_inputs(_: &Ctx) -> Vec<Pending> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_numbered_in_order_with_the_published_column_counts() {
        let counts: Vec<usize> = ALL.iter().map(|d| d.headers.len()).collect();
        assert_eq!(counts, [7, 8, 11, 12, 14, 14, 17, 34, 17, 16, 19]);
        for (i, d) in ALL.iter().enumerate() {
            assert_eq!(usize::from(d.number), i + 1);
            assert_eq!(d.sheet, format!("List {}", i + 1));
            for p in d.pending.iter().chain(d.partial) {
                assert!(d.headers.contains(&p.column), "list {}: pending '{}' is not a column", d.number, p.column);
            }
        }
        for d in &ALL[2..8] {
            assert!(d.headers.ends_with(&["Allocated Team", "Allocated Worker"]), "list {}", d.number);
        }
    }
}
