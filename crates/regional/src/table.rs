//! The extract's tables before they are written: typed cells, so CSV and Parquet say the same.

use chrono::NaiveDate;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    Int,
}

/// One value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Null,
    Text(String),
    Date(NaiveDate),
    Int(i64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() { Cell::Null } else { Cell::Text(s) }
    }
    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Null, Cell::Date)
    }
    /// As CSV writes it: dates ISO (`YYYY-MM-DD`), as pooled tools read them.
    pub fn display(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Int(n) => n.to_string(),
        }
    }
}

/// What a column is, for degrading and minimising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// The child's ID: pseudonymised.
    ChildId,
    /// Another identifier of a person or family (adopters): pseudonymised under its own purpose.
    OtherId(&'static str),
    /// The person's date of birth: to the first of the month, with their school year added.
    Birth,
    /// Another date that identifies (death, a mother's child's birth): to the first of the month.
    PersonalDate,
    Postcode,
    Upn,
    /// Not shared.
    Drop,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    pub role: Role,
}

/// One table of the extract: `dataset/name` (e.g. `ssda903/episodes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub dataset: &'static str,
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}
