//! The export format: one JSON object per event, in log order. It is also the
//! backup format, so it carries every column exactly (the payload as the text
//! that was stored, timestamps to the microsecond).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;
use std::str::FromStr;

/// A stream of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stream {
    /// Children's records.
    Child,
    /// Teams and staff, which children's records refer to.
    Org,
    /// User accounts of the web application.
    Users,
    /// Who viewed or changed what.
    Audit,
    /// A stream beside the child's, by its registered name (`person`, `household`…):
    /// one log per subject, folded by its projection (decision 002).
    Subject(&'static str),
}

impl Stream {
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Child => "child",
            Stream::Org => "org",
            Stream::Users => "users",
            Stream::Audit => "audit",
            Stream::Subject(name) => name,
        }
    }

    /// Whether each row names its subject (a child, a person…) rather than ''.
    pub fn has_subjects(self) -> bool {
        matches!(self, Stream::Child | Stream::Subject(_))
    }
}

impl fmt::Display for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stream {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Stream::ALL.iter().copied().find(|x| x.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = Stream::ALL.iter().map(|x| x.as_str()).collect();
            format!("'{s}' is not a stream (expected one of {})", names.join(", "))
        })
    }
}

impl Serialize for Stream {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Stream {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One line of an export.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportLine {
    pub seq: u64,
    pub stream: Stream,
    pub subject: String,
    pub version: u64,
    pub kind: String,
    pub effective: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
    pub reason: Option<String>,
    pub payload: Box<RawValue>,
    /// For audit lines: the entry's place in the hash chain, so an import
    /// notices an altered backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// The stored form of a timestamp: UTC, always six fractional digits.
pub(crate) const TIMESTAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

pub(crate) fn format_timestamp(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.format(TIMESTAMP_FORMAT).to_string()
}

/// Reads a stored timestamp back; only the exact stored form is accepted, so
/// an export re-imported writes the same text.
pub(crate) fn parse_timestamp(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let t = chrono::NaiveDateTime::parse_from_str(s.strip_suffix('Z')?, "%Y-%m-%dT%H:%M:%S%.6f").ok()?.and_utc();
    (format_timestamp(&t) == s).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_microseconds_and_reject_other_forms() {
        let t = parse_timestamp("2026-03-31T09:15:00.123456Z").unwrap();
        assert_eq!(format_timestamp(&t), "2026-03-31T09:15:00.123456Z");
        assert!(parse_timestamp("2026-03-31T09:15:00Z").is_none());
        assert!(parse_timestamp("2026-03-31 09:15:00.123456").is_none());
        assert!(parse_timestamp("2026-02-30T09:15:00.000000Z").is_none());
    }

    #[test]
    fn streams_parse_by_name() {
        assert_eq!("audit".parse::<Stream>().unwrap(), Stream::Audit);
        assert!("people".parse::<Stream>().unwrap_err().contains("not a stream"));
    }
}
