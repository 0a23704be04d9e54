//! The export format: one JSON object per event, in log order. It is also the
//! backup format, so it carries every column exactly (the payload as the text
//! that was stored, timestamps to the microsecond).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;
use std::str::FromStr;

/// A stream of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// Children's records.
    Child,
    /// Teams and staff, which children's records refer to.
    Org,
    /// User accounts of the web application.
    Users,
    /// Who viewed or changed what.
    Audit,
}

impl Stream {
    pub const ALL: [Stream; 4] = [Stream::Child, Stream::Org, Stream::Users, Stream::Audit];
    /// What `carefile events` writes without `--include`: the record itself.
    pub const RECORD: [Stream; 2] = [Stream::Child, Stream::Org];

    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Child => "child",
            Stream::Org => "org",
            Stream::Users => "users",
            Stream::Audit => "audit",
        }
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
        Stream::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("'{s}' is not a stream (expected child, org, users or audit)"))
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
