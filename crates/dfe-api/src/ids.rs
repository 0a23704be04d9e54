//! Identifiers sent to the DfE, all derived from carefile's own: the child's ID, the item numbers
//! that tell a child's referrals, assessments, enquiries and plans apart (kept through corrections),
//! and the dates that order a period of care's changes. None comes from a row that could be
//! renumbered, so a rerun sends the same IDs and the API replaces each item by its ID.

use carefile_domain::{ChildId, ItemNo, WorkerId};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// The version of the DfE's OpenAPI document payloads are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum SchemaVersion {
    /// 1.0.0 (February 2026): `la_child_id` up to 36 of `[A-Za-z0-9_-]`.
    V1_0_0,
    /// 1.0.1 (May 2026): `la_child_id` up to 20 letters and digits only.
    #[default]
    V1_0_1,
}

impl SchemaVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaVersion::V1_0_0 => "1.0.0",
            SchemaVersion::V1_0_1 => "1.0.1",
        }
    }
}

impl std::str::FromStr for SchemaVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "1.0.0" => Ok(SchemaVersion::V1_0_0),
            "1.0.1" => Ok(SchemaVersion::V1_0_1),
            _ => Err(format!("unknown DfE API schema version '{s}' (known: 1.0.0, 1.0.1)")),
        }
    }
}

impl std::fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The child's `la_child_id`, or why the version's pattern refuses it.
pub fn la_child_id(id: &ChildId, v: SchemaVersion) -> Result<String, String> {
    let s = id.as_str();
    let ok = match v {
        SchemaVersion::V1_0_0 => s.len() <= 36,
        SchemaVersion::V1_0_1 => s.len() <= 20 && s.bytes().all(|b| b.is_ascii_alphanumeric()),
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("child ID '{s}' does not fit schema {v}'s la_child_id (up to 20 letters and digits)"))
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A social care episode opened by referral `no`.
pub fn referral(child: &ChildId, no: ItemNo) -> String {
    format!("{child}-R{no}")
}

/// A social care episode for a period of care with no referral recorded, by the date care started.
pub fn care_period(child: &ChildId, start: NaiveDate) -> String {
    format!("{child}-C{}", ymd(start))
}

pub fn assessment(child: &ChildId, no: ItemNo) -> String {
    format!("{child}-A{no}")
}

pub fn cin_plan(child: &ChildId, no: ItemNo) -> String {
    format!("{child}-N{no}")
}

pub fn section_47(child: &ChildId, no: ItemNo) -> String {
    format!("{child}-S{no}")
}

pub fn cp_plan(child: &ChildId, no: ItemNo) -> String {
    format!("{child}-P{no}")
}

/// A looked-after placement (an SSDA903 episode), by the date it started: a period of care's changes
/// are on different days, and periods do not overlap.
pub fn placement(child: &ChildId, start: NaiveDate) -> String {
    format!("{child}-L{}", ymd(start))
}

/// A worker's ID as the schema takes it (up to 12 of `[A-Za-z0-9_-]`): carefile's staff ID when it
/// fits, else `W` and the first 11 hex digits of its SHA-256 (stable, and no longer than allowed).
pub fn worker(w: &WorkerId) -> String {
    let s = w.as_str();
    if s.len() <= 12 {
        return s.to_string();
    }
    let hex: String = Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    format!("W{}", &hex[..11])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_fit_the_schema_patterns() {
        let c = ChildId::new("C0012345").unwrap();
        let d = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        for id in [
            referral(&c, u32::MAX),
            care_period(&c, d),
            assessment(&c, 3),
            cin_plan(&c, 1),
            section_47(&c, 2),
            cp_plan(&c, 9),
            placement(&c, d),
        ] {
            assert!(id.len() <= 36 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{id}");
        }
        assert_eq!(placement(&c, d), "C0012345-L20250401");
        let long = WorkerId::new("a-very-long-worker-identifier").unwrap();
        assert_eq!(worker(&long).len(), 12);
        assert_eq!(worker(&long), worker(&long));
        assert_eq!(worker(&WorkerId::new("W000335").unwrap()), "W000335");
    }

    #[test]
    fn la_child_id_follows_the_version() {
        let plain = ChildId::new("C0012345").unwrap();
        let dashed = ChildId::new("C-12_3").unwrap();
        assert_eq!(la_child_id(&plain, SchemaVersion::V1_0_1).unwrap(), "C0012345");
        assert!(la_child_id(&dashed, SchemaVersion::V1_0_1).unwrap_err().contains("1.0.1"));
        assert_eq!(la_child_id(&dashed, SchemaVersion::V1_0_0).unwrap(), "C-12_3");
        assert_eq!("1.0.0".parse::<SchemaVersion>().unwrap(), SchemaVersion::V1_0_0);
        assert!("2.0".parse::<SchemaVersion>().is_err());
    }
}
