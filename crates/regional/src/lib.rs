//! Pseudonymised regional extracts: the SSDA903 tables, the CIN census and Annex A in the shapes
//! regional pools use, for a named use (a profile: `data/profiles.toml`) under a data-sharing
//! agreement. Each table is made by carefile's own export of the return, then:
//! - pseudonymised: child IDs (and adopters' and families') by a keyed HMAC per authority and use
//!   ([`key`]); unique pupil numbers keyed-hashed by default, or dropped, or kept;
//! - degraded ([`degrade`]): dates of birth and death to the first of the month, postcodes to the
//!   sector; a value that cannot be degraded is blanked and counted, never passed on;
//! - minimised: allocated workers, teams and personal advisers, the organisation completing an
//!   early help assessment, social workers' IDs, and the adoption tables are not shared;
//! - enriched as the London tools do: `LA` and `YEAR` on every table, `PersonSchoolYear` beside a
//!   date of birth.
//!
//! Pseudonymised data is still personal data: the extract says so, with the use, the agreement,
//! whether the authority has signed it, the retention and the key's ID (never the key), in
//! `metadata.json` and in every Parquet file's metadata.

pub mod degrade;
pub mod key;
pub mod sources;
pub mod table;
mod write;

pub use key::{Key, KeyError};
pub use write::{Format, WriteError, Written, write};

use carefile_domain::CollectionYear;
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::{Authority, Organisation};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use table::{Cell, Column, Kind, Role, Table};

/// What an extract is for: the datasets it shares and how long the pool keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(skip_deserializing)]
    pub name: String,
    pub description: String,
    pub retention_years: u32,
    /// SSDA903 tables by file name (`header`, `episodes`…).
    pub ssda903: Vec<String>,
    pub cin: bool,
    /// Annex A lists by number.
    pub annex_a: Vec<u8>,
}

/// Tables that are never shared, whatever a profile says: who adopted (AD1) and adoption placements.
const NEVER_SHARED: &[&str] = &["ad1", "placed_for_adoption", "sw_episodes"];

/// A profiles file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ProfileError {
    pub file: String,
    pub message: String,
}

/// The profiles carefile ships.
pub const PROFILES: &str = include_str!("../data/profiles.toml");

/// Reads a profiles file (`[NAME]` tables), refusing a table no profile may share.
pub fn profiles(file: &str, text: &str) -> Result<BTreeMap<String, Profile>, ProfileError> {
    let bad = |message: String| ProfileError { file: file.into(), message };
    let mut all: BTreeMap<String, Profile> = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    for (name, p) in &mut all {
        p.name = name.clone();
        if let Some(t) = p.ssda903.iter().find(|t| NEVER_SHARED.contains(&t.to_lowercase().as_str())) {
            return Err(bad(format!("profile {name}: the SSDA903 table '{t}' is never shared")));
        }
        if let Some(n) = p.annex_a.iter().find(|n| !(1..=11).contains(*n)) {
            return Err(bad(format!("profile {name}: there is no Annex A list {n}")));
        }
    }
    Ok(all)
}

/// What to do with unique pupil numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Upn {
    /// Replaced by a keyed hash (the default: a UPN identifies a child in every school record).
    #[default]
    Hash,
    Drop,
    /// Passed on as they are (as LIIA does; only where the agreement asks for it).
    Keep,
}

/// The agreement an extract is made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// The data-sharing agreement's reference.
    pub reference: String,
    /// Whether the authority has signed it for this use.
    pub signed: bool,
}

/// What to extract.
pub struct Options<'a> {
    pub profile: &'a Profile,
    pub key: &'a Key,
    pub agreement: Agreement,
    pub year: CollectionYear,
    /// Annex A's reference date (the year's last day by default).
    pub as_of: NaiveDate,
    pub upn: Upn,
    /// When the extract is made (the caller's clock).
    pub made_at: NaiveDateTime,
    /// The adoption agency's records, for Annex A's list 11 (adopters' and families' IDs are
    /// pseudonymised as children's are).
    pub streams: &'a carefile_annex_a::Streams,
}

/// Said in every extract.
pub const NOTICE: &str = "Pseudonymised data is still personal data (UK GDPR, recital 26): the authority holds the key \
that links each pseudonym to a child, and other data could re-identify one. Keep it under the data-sharing agreement \
named here, only for its use, and destroy it when its retention ends.";

/// The extract's governance, written with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Governance {
    #[serde(rename = "use")]
    pub use_: String,
    pub description: String,
    pub agreement: Agreement,
    pub retention_years: u32,
    pub key_id: String,
    pub authority: AuthorityRef,
    pub collection_year: String,
    pub as_of: NaiveDate,
    pub made_at: NaiveDateTime,
    pub software: String,
    pub upn: Upn,
    pub degraded: Vec<String>,
    pub not_shared: Vec<String>,
    pub notice: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorityRef {
    pub la: u16,
    pub gss: String,
    pub name: String,
}

/// An extract ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Extract {
    pub governance: Governance,
    pub tables: Vec<Table>,
    /// Values that could not be degraded and were blanked, by `dataset/table.column`.
    pub blanked: BTreeMap<String, usize>,
    /// The children in the extract (by carefile ID, for the authority's audit only).
    pub children: Vec<String>,
}

/// An extract that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Source(#[from] sources::SourceError),
}

/// Makes the extract of `children` for `opts.profile`.
pub fn extract(
    children: &[ChildRecord],
    org: &Organisation,
    authority: &Authority,
    opts: &Options,
) -> Result<Extract, ExtractError> {
    let p = opts.profile;
    let mut raw = sources::ssda903(children, opts.year, authority, &p.ssda903)?;
    if p.cin {
        raw.extend(sources::cin(children, opts.year, authority, opts.made_at)?);
    }
    raw.extend(sources::annex_a(children, org, authority, opts.streams, opts.as_of, &p.annex_a)?);
    let mut blanked = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut dropped = std::collections::BTreeSet::new();
    let tables: Vec<Table> =
        raw.into_iter().map(|t| protect(t, opts, authority, &mut blanked, &mut seen, &mut dropped)).collect();
    let governance = Governance {
        use_: p.name.clone(),
        description: p.description.clone(),
        agreement: opts.agreement.clone(),
        retention_years: p.retention_years,
        key_id: opts.key.id.clone(),
        authority: AuthorityRef { la: authority.dfe_number, gss: authority.gss.clone(), name: authority.name.clone() },
        collection_year: opts.year.to_string(),
        as_of: opts.as_of,
        made_at: opts.made_at,
        software: concat!("carefile ", env!("CARGO_PKG_VERSION")).into(),
        upn: opts.upn,
        degraded: vec![
            "dates of birth and death to the first of the month".into(),
            "postcodes to the sector".into(),
            "child, adopter and family identifiers to keyed pseudonyms".into(),
        ],
        not_shared: NEVER_SHARED.iter().map(|t| format!("ssda903/{t}")).chain(dropped).collect(),
        notice: NOTICE,
    };
    Ok(Extract { governance, tables, blanked, children: seen.into_iter().collect() })
}

/// Pseudonymises, degrades, minimises and enriches one table.
fn protect(
    t: Table,
    opts: &Options,
    authority: &Authority,
    blanked: &mut BTreeMap<String, usize>,
    children: &mut std::collections::BTreeSet<String>,
    dropped: &mut std::collections::BTreeSet<String>,
) -> Table {
    let (use_, la, key) = (opts.profile.name.as_str(), authority.dfe_number, opts.key);
    let drop = |c: &Column| c.role == Role::Drop || (c.role == Role::Upn && opts.upn == Upn::Drop);
    let mut columns = Vec::new();
    for c in &t.columns {
        if drop(c) {
            dropped.insert(format!("{}/{}.{}", t.dataset, t.name, c.name));
            continue;
        }
        columns.push(c.clone());
        if c.role == Role::Birth {
            columns.push(Column { name: "PersonSchoolYear".into(), kind: Kind::Int, role: Role::Plain });
        }
    }
    columns.push(Column { name: "LA".into(), kind: Kind::Int, role: Role::Plain });
    columns.push(Column { name: "YEAR".into(), kind: Kind::Int, role: Role::Plain });
    let mut blank = |column: &str| *blanked.entry(format!("{}/{}.{column}", t.dataset, t.name)).or_default() += 1;
    let rows = t
        .rows
        .into_iter()
        .map(|row| {
            let mut out = Vec::with_capacity(columns.len());
            for (c, v) in t.columns.iter().zip(row) {
                if drop(c) {
                    continue;
                }
                let to_date = |v: &Cell| match v {
                    Cell::Date(d) => Some(*d),
                    _ => None,
                };
                match c.role {
                    Role::ChildId => {
                        if let Cell::Text(id) = &v {
                            children.insert(id.clone());
                            out.push(Cell::Text(key.child(use_, la, id)));
                        } else {
                            out.push(Cell::Null);
                        }
                    }
                    Role::OtherId(purpose) => out.push(match &v {
                        Cell::Null => Cell::Null,
                        other => Cell::Text(key.pseudonym(purpose, use_, la, &other.display())),
                    }),
                    Role::Birth | Role::PersonalDate => {
                        let d = to_date(&v);
                        if d.is_none() && v != Cell::Null {
                            blank(&c.name);
                        }
                        out.push(Cell::date(d.map(degrade::first_of_month)));
                        if c.role == Role::Birth {
                            out.push(d.map_or(Cell::Null, |d| Cell::Int(i64::from(degrade::school_year(d)))));
                        }
                    }
                    Role::Postcode => out.push(match &v {
                        Cell::Null => Cell::Null,
                        other => match degrade::postcode_sector(&other.display()) {
                            Some(s) => Cell::Text(s),
                            None => {
                                blank(&c.name);
                                Cell::Null
                            }
                        },
                    }),
                    Role::Upn => out.push(match (&v, opts.upn) {
                        (Cell::Text(u), Upn::Hash) if !is_upn_unknown_code(u) => Cell::Text(key.upn(use_, la, u)),
                        _ => v,
                    }),
                    Role::Plain | Role::Drop => out.push(v),
                }
            }
            out.push(Cell::Int(i64::from(la)));
            out.push(Cell::Int(i64::from(opts.year.ending())));
            out
        })
        .collect();
    Table { dataset: t.dataset, name: t.name, columns, rows }
}

/// UN1-UN7: why a child has no UPN, not an identifier.
fn is_upn_unknown_code(s: &str) -> bool {
    s.len() == 3 && s.starts_with("UN") && s.as_bytes()[2].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_profiles_read_and_a_profile_cannot_share_adoption_tables() {
        let all = profiles("profiles.toml", PROFILES).unwrap();
        assert_eq!(all.keys().collect::<Vec<_>>(), ["PAN", "SUFFICIENCY"]);
        assert_eq!((all["PAN"].retention_years, all["SUFFICIENCY"].retention_years), (12, 7));
        let bad = PROFILES.replace("\"previous_permanence\"", "\"ad1\"");
        assert!(profiles("p.toml", &bad).unwrap_err().to_string().contains("'ad1' is never shared"));
        let bad = PROFILES.replace("annex_a = [8]", "annex_a = [12]");
        assert!(profiles("p.toml", &bad).unwrap_err().message.contains("no Annex A list 12"));
    }
}
