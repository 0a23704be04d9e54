//! Reference data beyond the return: English local authorities (shipped), postcodes
//! (the user's ONSPD CSV) and Ofsted providers (the user's CSV, format in PROVIDERS.md).

use crate::read::ReadError;
use crate::tables::Return;
use crate::value::Value;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::io::Read;

pub use carefile_returns::la::LocalAuthority;

const LTLA_CSV: &str = include_str!("../../returns/data/lower-tier-authorities.csv");

/// Every English local authority carefile knows (the list both returns share), current ones first
/// for each number.
pub fn local_authorities() -> &'static [LocalAuthority] {
    carefile_returns::la::all()
}

/// Finds an authority by DfE number, GSS code or name (case-insensitive).
pub fn find_local_authority(key: &str) -> Option<LocalAuthority> {
    carefile_returns::la::find(key).cloned()
}

/// The upper-tier authority (children's services) for a lower-tier GSS code.
fn upper_tier() -> HashMap<String, String> {
    carefile_returns::la::shipped_csv(LTLA_CSV)
        .records()
        .filter_map(Result::ok)
        .map(|r| (r[0].to_string(), r[2].to_string()))
        .collect()
}

/// Where a postcode is.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The ONSPD `laua` code (lower-tier authority; S…, W…, N… outside England).
    pub laua: Box<str>,
    pub easting: Option<f64>,
    pub northing: Option<f64>,
}

/// Postcode → place, from the ONS Postcode Directory CSV (columns `pcd`, `laua` or
/// `oslaua`, `oseast1m`, `osnrth1m`; other columns ignored).
#[derive(Debug, Clone, Default)]
pub struct Postcodes {
    places: HashMap<Box<str>, Place>,
    upper: HashMap<String, String>,
}

/// A postcode as a lookup key: upper case, no spaces.
pub fn postcode_key(pc: &str) -> String {
    pc.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

impl Postcodes {
    /// Reads an ONSPD CSV, keeping only the postcodes `keep` accepts (the whole
    /// directory is large; see [`Postcodes::read_for`]).
    pub fn read(name: &str, input: impl Read, keep: impl Fn(&str) -> bool) -> Result<Self, ReadError> {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let bad = |line: u64, message: String| ReadError::Malformed { file: name.into(), line, field: None, message };
        let header = rdr.headers().map_err(|e| bad(1, e.to_string()))?.clone();
        let col = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
        let (Some(pcd), Some(laua), Some(east), Some(north)) =
            (col(&["pcd"]), col(&["laua", "oslaua"]), col(&["oseast1m"]), col(&["osnrth1m"]))
        else {
            return Err(ReadError::UnknownColumns {
                file: name.into(),
                columns: header.iter().collect::<Vec<_>>().join(", "),
                hint: " (a postcode file needs pcd, laua or oslaua, oseast1m and osnrth1m)".into(),
            });
        };
        // The directory is large: reuse one byte record and decode only the four columns used.
        let mut places = HashMap::new();
        let mut rec = csv::ByteRecord::new();
        let text = |rec: &csv::ByteRecord, i: usize| {
            std::str::from_utf8(rec.get(i).unwrap_or(b"")).unwrap_or("").trim().to_string()
        };
        while rdr.read_byte_record(&mut rec).map_err(|e| bad(e.position().map_or(0, |p| p.line()), e.to_string()))? {
            let key = postcode_key(&text(&rec, pcd));
            if key.is_empty() || !keep(&key) {
                continue;
            }
            let num = |i: usize| text(&rec, i).parse::<f64>().ok();
            places
                .insert(key.into(), Place { laua: text(&rec, laua).into(), easting: num(east), northing: num(north) });
        }
        Ok(Postcodes { places, upper: upper_tier() })
    }

    /// Reads an ONSPD CSV, keeping only the postcodes `ret` uses.
    pub fn read_for(name: &str, input: impl Read, ret: &Return) -> Result<Self, ReadError> {
        let wanted: HashSet<String> = [&ret.this, &ret.last]
            .into_iter()
            .filter_map(|t| t.episodes.as_ref())
            .flat_map(|e| e.iter().flat_map(|r| [r.home_post.value(), r.pl_post.value()]))
            .flatten()
            .map(|p| postcode_key(p))
            .collect();
        Self::read(name, input, |k| wanted.contains(k))
    }

    pub fn place(&self, postcode: &str) -> Option<&Place> {
        self.places.get(postcode_key(postcode).as_str())
    }

    /// The responsible authority of a postcode as the DfE tool derives PL_LA: the
    /// upper-tier GSS code in England, SCO/WAL/NIR elsewhere in the UK.
    pub fn authority(&self, postcode: &str) -> Option<&str> {
        let laua: &str = &self.place(postcode)?.laua;
        match laua.as_bytes().first() {
            Some(b'S') => Some("SCO"),
            Some(b'W') => Some("WAL"),
            Some(b'N') => Some("NIR"),
            _ => self.upper.get(laua).map(String::as_str),
        }
    }

    /// Miles between two postcodes, as the DfE guidance computes it (straight line on
    /// easting/northing, metres / 1000 / 1.6093), rounded to 0.1.
    pub fn distance(&self, from: &str, to: &str) -> Option<f64> {
        let (a, b) = (self.place(from)?, self.place(to)?);
        let dx = a.easting? - b.easting?;
        let dy = a.northing? - b.northing?;
        Some(((dx * dx + dy * dy).sqrt() / 1000.0 / 1.6093 * 10.0).round() / 10.0)
    }
}

/// One Ofsted-registered provider (a row of carefile's provider CSV, see PROVIDERS.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub urn: Box<str>,
    /// The local authority named by Ofsted.
    pub local_authority: Box<str>,
    /// Placement types the provider offers (e.g. K2), from Ofsted's "Provider Placement Code".
    pub placement_codes: Vec<Box<str>>,
    /// Placement provider codes (PR0–PR5).
    pub provider_codes: Vec<Box<str>>,
    /// When registration ended, if it has.
    pub registration_end: Option<NaiveDate>,
    /// Upper case, no spaces.
    pub postcode: Box<str>,
}

/// Ofsted's providers by URN.
#[derive(Debug, Clone, Default)]
pub struct Providers {
    by_urn: HashMap<Box<str>, Provider>,
}

impl Providers {
    /// Columns, in any order: `urn,local_authority,placement_codes,provider_codes,registration_end,postcode`;
    /// code lists separated by `;` or `/`, dates dd/mm/YYYY.
    pub fn read(name: &str, input: impl Read) -> Result<Self, ReadError> {
        const COLUMNS: [&str; 6] =
            ["urn", "local_authority", "placement_codes", "provider_codes", "registration_end", "postcode"];
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let bad = |line: u64, field: Option<&str>, message: String| ReadError::Malformed {
            file: name.into(),
            line,
            field: field.map(String::from),
            message,
        };
        let header = rdr.headers().map_err(|e| bad(1, None, e.to_string()))?.clone();
        let at: Option<Vec<usize>> =
            COLUMNS.iter().map(|c| header.iter().position(|h| h.trim().eq_ignore_ascii_case(c))).collect();
        let Some(at) = at else {
            return Err(ReadError::UnknownColumns {
                file: name.into(),
                columns: header.iter().collect::<Vec<_>>().join(", "),
                hint: format!(" (a provider file needs {})", COLUMNS.join(", ")),
            });
        };
        let mut by_urn = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| bad(e.position().map_or(0, |p| p.line()), None, e.to_string()))?;
            let line = rec.position().map_or(0, |p| p.line());
            let get = |i: usize| rec.get(at[i]).unwrap_or("").trim();
            let codes = |i: usize| {
                get(i)
                    .split([';', '/', ','])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| c.to_uppercase().into())
                    .collect()
            };
            let end = get(4);
            let registration_end =
                if end.is_empty() {
                    None
                } else {
                    Some(NaiveDate::parse(end).ok_or_else(|| {
                        bad(line, Some("registration_end"), format!("'{end}' is not a dd/mm/YYYY date"))
                    })?)
                };
            let p = Provider {
                urn: get(0).to_uppercase().into(),
                local_authority: get(1).into(),
                placement_codes: codes(2),
                provider_codes: codes(3),
                registration_end,
                postcode: postcode_key(get(5)).into(),
            };
            by_urn.insert(p.urn.clone(), p);
        }
        Ok(Providers { by_urn })
    }

    pub fn get(&self, urn: &str) -> Option<&Provider> {
        self.by_urn.get(urn.trim().to_uppercase().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_authorities_cover_england() {
        let las = local_authorities();
        assert_eq!(las.iter().filter(|l| l.current).count(), 153);
        let leics = find_local_authority("855").unwrap();
        assert_eq!((leics.gss_code.as_str(), leics.name.as_str()), ("E10000018", "Leicestershire"));
        assert_eq!(find_local_authority("e06000023").unwrap().name, "Bristol, City of");
        assert_eq!(find_local_authority("815").unwrap().gss_code, "E06000065", "the current code comes first");
        assert!(find_local_authority("999").is_none());
    }

    #[test]
    fn postcodes_give_authority_and_distance() {
        let csv = "pcd,oslaua,oseast1m,osnrth1m,x\nLE1 1AA,E07000129,458000,304000,\nLE2  2BB,E06000016,461000,308000,\nCF10 1AA,W06000015,318000,176000,\nZZ1 1ZZ,E07000129,,,\n";
        let p = Postcodes::read("pc.csv", csv.as_bytes(), |_| true).unwrap();
        assert_eq!(p.authority("le11aa"), Some("E10000018"), "Blaby is in Leicestershire");
        assert_eq!(p.authority("LE2 2BB"), Some("E06000016"));
        assert_eq!(p.authority("CF10 1AA"), Some("WAL"));
        assert_eq!(p.distance("LE1 1AA", "LE22BB"), Some(3.1));
        assert_eq!(p.distance("LE1 1AA", "ZZ1 1ZZ"), None);
        assert!(Postcodes::read("pc.csv", "pcd,lat\n".as_bytes(), |_| true).is_err());
    }

    #[test]
    fn providers_by_urn() {
        let csv = "URN,local_authority,placement_codes,provider_codes,registration_end,postcode\nsc123,Leicestershire,K2;S1,PR4,,le1 1aa\nSC9,X,K2,PR4,01/02/2024,\n";
        let p = Providers::read("prov.csv", csv.as_bytes()).unwrap();
        let a = p.get("SC123").unwrap();
        assert_eq!(a.placement_codes, vec!["K2".into(), "S1".into()]);
        assert_eq!(&*a.postcode, "LE11AA");
        assert_eq!(p.get("sc9").unwrap().registration_end, NaiveDate::from_ymd_opt(2024, 2, 1));
        let e = Providers::read(
            "prov.csv",
            "urn,local_authority,placement_codes,provider_codes,registration_end,postcode\n1,a,b,c,2024-01-01,\n"
                .as_bytes(),
        );
        assert!(e.unwrap_err().to_string().starts_with("prov.csv, line 2, registration_end"));
    }
}
