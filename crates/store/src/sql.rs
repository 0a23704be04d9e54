//! Plain SQL on either backend, for the tables outside the log (sessions,
//! server keys, servers, settings, import journals). Statements are written
//! once with PostgreSQL's numbered parameters (`$1`); SQLite reads the same
//! numbers as `?1`. Values are text or integers only, as those tables hold.

use crate::error::StoreError;

/// A parameter or a column's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<u64> for Value {
    fn from(i: u64) -> Self {
        // Counters and sequence numbers stay far below i64::MAX.
        Value::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Runs statements inside the current transaction.
pub(crate) trait Sql {
    /// Runs a statement; returns the number of rows it changed.
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    /// Runs a query; every row as its columns' values.
    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError>;
}

/// The statement with SQLite's spelling of numbered parameters.
pub(crate) fn for_sqlite(sql: &str) -> String {
    sql.replace('$', "?")
}

/// Column `i` of `row` as text (a NULL or a number is a stored-data error).
pub(crate) fn text_at(row: &[Value], i: usize) -> Result<String, StoreError> {
    row.get(i)
        .and_then(Value::text)
        .map(str::to_string)
        .ok_or_else(|| StoreError::Corrupt(format!("column {i} is not text: {:?}", row.get(i))))
}

/// Column `i` of `row` as a time stored as the log stores times.
pub(crate) fn time_at(row: &[Value], i: usize) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    let t = text_at(row, i)?;
    crate::jsonl::parse_timestamp(&t).ok_or_else(|| StoreError::Corrupt(format!("'{t}' is not a stored time")))
}

/// A time as a parameter, stored as the log stores times (UTC, microseconds), so text order is time order.
pub(crate) fn ts(t: chrono::DateTime<chrono::Utc>) -> Value {
    Value::Text(crate::jsonl::format_timestamp(&t))
}

/// Column `i` of `row` as an unsigned integer.
pub(crate) fn uint_at(row: &[Value], i: usize) -> Result<u64, StoreError> {
    let v =
        row.get(i).and_then(Value::int).ok_or_else(|| StoreError::Corrupt(format!("column {i} is not a number")))?;
    crate::backend::unsigned(v, "a stored count")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_parameters_read_the_same_on_sqlite() {
        assert_eq!(
            for_sqlite("SELECT a FROM t WHERE b = $1 AND c = $2 OR b = $1"),
            "SELECT a FROM t WHERE b = ?1 AND c = ?2 OR b = ?1"
        );
    }
}
