//! Ofsted's ILACS Annex A: the eleven lists an authority gives inspectors, produced from the record.
//!
//! Each list is one module of [`lists`] declaring its sheet name, its column headers (character for
//! character as the LIIA Annex A schema keys them, which carefile's conformance test reads as a
//! fixture), the columns the record cannot fill yet with what will supply them, and how its rows
//! follow from [`ChildRecord`]s. Values that Ofsted asks for as drop-down choices are written as the
//! template's labels ([`labels`]), dates as real dates (Excel dates shown `dd/mm/yyyy`; text
//! `dd/mm/yyyy` in CSV), ages in whole years on the reference date. Every derived count
//! ([`Count`]) carries the events it counted, so each figure drills down (`--counts`).
//!
//! Windows are half-open like carefile's rolling periods: "the six months before" a reference date
//! D is the days after D minus six months, up to and including D ([`Window`]).

pub mod counts;
pub mod labels;
pub mod lists;
mod person;
#[cfg(test)]
mod testkit;
mod write;

pub use labels::{LabelError, Labels};
pub use write::{WriteError, write_counts, write_csvs, write_xlsx};

use carefile_domain::adopters::AdopterRecord;
use carefile_domain::early_help::FamilyEarlyHelp;
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::{Authority, Organisation};
use carefile_domain::people::{Household, HouseholdId, Person, PersonId};
use carefile_domain::reviewing::ReviewingRecord;
use carefile_domain::{ChildId, ItemNo};
use std::collections::HashMap;
use carefile_ssda903::refdata::Postcodes;
use chrono::{Months, NaiveDate};

/// A stretch of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    /// The `months` months up to and including `to` (from the day after `to` minus `months`).
    pub fn months_to(to: NaiveDate, months: u32) -> Window {
        let from = to.checked_sub_months(Months::new(months)).and_then(|d| d.succ_opt()).unwrap_or(NaiveDate::MIN);
        Window { from, to }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Whether `[start, end]` (`None` = still open) meets the window.
    pub fn meets(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.to && end.is_none_or(|e| e >= self.from)
    }
}

/// One event a count counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The child whose record holds the event, where the row is not the child's (list 11's adopters).
    pub child: Option<ChildId>,
    /// The event's kind as stored (`referral_received`…).
    pub event: &'static str,
    /// Its item number within the child's record, where it has one.
    pub item: Option<ItemNo>,
    pub date: NaiveDate,
}

/// A derived count and the events behind it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Count {
    pub counted: Vec<Counted>,
    /// A number the record reports rather than holds, and the event that reports it (a plan's
    /// "earlier plans" from another authority or a census's NumberOfPreviousCPP): the count is the
    /// larger of the two.
    pub reported: Option<(usize, Counted)>,
}

impl Count {
    pub fn n(&self) -> usize {
        self.counted.len().max(self.reported.as_ref().map_or(0, |r| r.0))
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Blank,
    Text(String),
    Date(NaiveDate),
    Int(i64),
    Count(Count),
    /// A drop-down answer derived from a count (yes when it counted anything), e.g. "second period of care".
    Explained {
        text: String,
        count: Count,
    },
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }
    pub fn date(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::Blank, Value::Date)
    }
    /// The count behind a derived value.
    pub fn count(&self) -> Option<&Count> {
        match self {
            Value::Count(c) | Value::Explained { count: c, .. } => Some(c),
            _ => None,
        }
    }
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Blank) || matches!(self, Value::Text(s) if s.is_empty())
    }
    /// The value as CSV writes it (`dd/mm/yyyy` dates).
    pub fn display(&self) -> String {
        match self {
            Value::Blank => String::new(),
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Int(n) => n.to_string(),
            Value::Count(c) => c.n().to_string(),
            Value::Explained { text, .. } => text.clone(),
        }
    }
}

/// One row of a list: whose it is and its cells, in the list's column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The child (or for list 11 the adopter) the row is about.
    pub subject: String,
    pub values: Vec<Value>,
}

/// A column the record has no source for yet, and what will supply it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub column: &'static str,
    pub supplier: &'static str,
}

/// One list as produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub number: u8,
    /// The sheet name (`List 1`…).
    pub sheet: &'static str,
    /// What it holds, for the summary.
    pub title: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<Row>,
    /// Columns left blank in every row, with what will fill them.
    pub pending: &'static [Pending],
    /// Columns filled only where the record holds the fact, with what will complete them.
    pub partial: &'static [Pending],
    /// Columns filled only where optional reference data was given (e.g. `--postcodes`).
    pub needs_input: Vec<Pending>,
}

impl List {
    /// The position of a column by its header.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| *h == header)
    }
}

/// What to produce.
pub struct Options<'a> {
    /// The reference date (the day before the inspection's notification, usually).
    pub as_of: NaiveDate,
    /// The lists' look-back, 6 months by default (lists 10 and 11 always look back 12).
    pub months: u32,
    pub labels: &'a Labels,
    /// The ONS Postcode Directory (for placement location and authority), when given.
    pub postcodes: Option<&'a Postcodes>,
    /// The records beside the children's (lists 2 and 11).
    pub streams: &'a Streams,
}

/// The records kept on streams beside the children's that lists 2, 8 and 11 read: each adoptive
/// household's adopter record, the households (whose members in the adopter role are the adopters)
/// and those adults' details (decision 007); families' early help (decision 008); the reviewing
/// officers' records of each child (their contacts with the child). Empty, list 11 has no rows,
/// list 2 only the early help recorded on children's own records, and list 8 no reviewer's contact.
#[derive(Debug, Clone, Default)]
pub struct Streams {
    pub adopters: Vec<AdopterRecord>,
    pub households: HashMap<HouseholdId, Household>,
    pub people: HashMap<PersonId, Person>,
    pub early_help: Vec<FamilyEarlyHelp>,
    pub reviewing: HashMap<ChildId, ReviewingRecord>,
}

/// Everything a list's rows are computed from.
pub struct Ctx<'a> {
    pub as_of: NaiveDate,
    /// The list's look-back (lists 1-8).
    pub window: Window,
    /// The 12 months to the reference date (counts "in the last 12 months", lists 10-11).
    pub year: Window,
    pub org: &'a Organisation,
    pub authority: &'a Authority,
    pub labels: &'a Labels,
    pub postcodes: Option<&'a Postcodes>,
    pub streams: &'a Streams,
}

/// All eleven lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexA {
    pub as_of: NaiveDate,
    pub months: u32,
    pub template: String,
    pub lists: Vec<List>,
}

/// An Annex A that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Label(#[from] LabelError),
}

/// Builds every list from `children` (in any order; rows come out by child ID, then date).
pub fn build(
    children: &[ChildRecord],
    org: &Organisation,
    authority: &Authority,
    opts: &Options,
) -> Result<AnnexA, BuildError> {
    let ctx = Ctx {
        as_of: opts.as_of,
        window: Window::months_to(opts.as_of, opts.months),
        year: Window::months_to(opts.as_of, 12),
        org,
        authority,
        labels: opts.labels,
        postcodes: opts.postcodes,
        streams: opts.streams,
    };
    let mut sorted: Vec<&ChildRecord> = children.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let lists = lists::ALL
        .iter()
        .map(|def| {
            let mut rows = Vec::new();
            match def.rows {
                lists::Rows::PerChild(f) => {
                    for c in &sorted {
                        f(&ctx, c, &mut rows)?;
                    }
                }
                lists::Rows::Whole(f) => f(&ctx, &sorted, &mut rows)?,
            }
            let needs_input = (def.needs_input)(&ctx);
            Ok(List {
                number: def.number,
                sheet: def.sheet,
                title: def.title,
                headers: def.headers,
                rows,
                pending: def.pending,
                partial: def.partial,
                needs_input,
            })
        })
        .collect::<Result<Vec<_>, LabelError>>()?;
    Ok(AnnexA { as_of: opts.as_of, months: opts.months, template: opts.labels.template.clone(), lists })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn windows_are_half_open_months() {
        let w = Window::months_to(d("2026-03-31"), 6);
        assert_eq!(w.from, d("2025-10-01"));
        assert!(w.contains(d("2026-03-31")) && w.contains(d("2025-10-01")) && !w.contains(d("2025-09-30")));
        // Month ends clamp: six months before 31 August is 28 February.
        assert_eq!(Window::months_to(d("2025-08-31"), 6).from, d("2025-03-01"));
        assert!(w.meets(d("2020-01-01"), None));
        assert!(w.meets(d("2020-01-01"), Some(d("2025-10-01"))));
        assert!(!w.meets(d("2020-01-01"), Some(d("2025-09-30"))));
        assert!(!w.meets(d("2026-04-01"), None));
    }

    #[test]
    fn values_display_as_csv_writes_them() {
        assert_eq!(Value::Date(d("2026-03-01")).display(), "01/03/2026");
        assert_eq!(Value::Int(7).display(), "7");
        let c = Count {
            counted: vec![Counted { child: None, event: "referral_received", item: Some(2), date: d("2026-01-01") }],
            reported: None,
        };
        assert_eq!(Value::Count(c).display(), "1");
        assert!(Value::text("").is_blank() && Value::Blank.is_blank() && !Value::text("x").is_blank());
    }
}
