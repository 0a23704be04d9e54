//! English local authorities with children's services and their DfE numbers, shipped as
//! `data/local-authorities.csv` (whose header says where it comes from), for both returns: UPN
//! characters 2–4, the CIN header's LEA, the 903's LA codes and the authority being validated.

use std::sync::OnceLock;

/// One authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAuthority {
    /// The DfE's three-digit number (e.g. 855), also characters 2–4 of a UPN.
    pub dfe_number: u16,
    /// The ONS GSS code (e.g. E10000018).
    pub gss_code: String,
    pub name: String,
    /// False for authorities abolished since 1998 whose numbers live on in older UPNs and returns.
    pub current: bool,
}

const CSV: &str = include_str!("../data/local-authorities.csv");

/// The data lines of a shipped CSV (comment lines starting `#` left out, header kept).
pub fn shipped_csv(text: &'static str) -> csv::Reader<std::io::Cursor<String>> {
    let data: String = text.lines().filter(|l| !l.starts_with('#')).flat_map(|l| [l, "\n"]).collect();
    csv::Reader::from_reader(std::io::Cursor::new(data))
}

/// Every authority of the shipped table, in DfE number order, a current one before an abolished
/// one with the same number.
pub fn all() -> &'static [LocalAuthority] {
    static TABLE: OnceLock<Vec<LocalAuthority>> = OnceLock::new();
    TABLE.get_or_init(|| {
        shipped_csv(CSV)
            .records()
            .map(|r| {
                let r = r.expect("the shipped table is well-formed CSV");
                LocalAuthority {
                    dfe_number: r[0].parse().expect("the shipped table has numeric DfE numbers"),
                    gss_code: r[1].to_string(),
                    name: r[2].to_string(),
                    current: &r[3] == "current",
                }
            })
            .collect()
    })
}

/// The authority with DfE number `number`, the current one where the number was reused.
pub fn by_number(number: u16) -> Option<&'static LocalAuthority> {
    all().iter().find(|a| a.dfe_number == number)
}

/// The current authority with ONS GSS code `gss` (e.g. E10000018 → 855).
pub fn by_gss(gss: &str) -> Option<&'static LocalAuthority> {
    all().iter().find(|a| a.current && a.gss_code.eq_ignore_ascii_case(gss))
}

/// An authority by DfE number, GSS code or name (case-insensitive), current ones first.
pub fn find(key: &str) -> Option<&'static LocalAuthority> {
    let key = key.trim();
    all().iter().find(|a| {
        a.dfe_number.to_string() == key || a.gss_code.eq_ignore_ascii_case(key) || a.name.eq_ignore_ascii_case(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_the_153_current_authorities() {
        assert_eq!(all().iter().filter(|a| a.current).count(), 153);
        let leics = by_number(855).unwrap();
        assert_eq!((leics.gss_code.as_str(), leics.name.as_str()), ("E10000018", "Leicestershire"));
        assert_eq!(by_number(801).unwrap().name, "Bristol, City of");
        assert!(!by_number(909).unwrap().current, "Cumbria's number lives on in older UPNs");
        assert!(by_number(999).is_none());
        assert_eq!(by_gss("E10000018").map(|a| a.dfe_number), Some(855));
        assert_eq!(by_gss("E06000063").map(|a| a.dfe_number), Some(942));
        assert!(by_gss("E10000006").is_none(), "Cumbria was abolished in 2023");
        assert_eq!(find("815").unwrap().gss_code, "E06000065", "the current North Yorkshire first");
        assert_eq!(find("e06000023").unwrap().name, "Bristol, City of");
        assert_eq!(find(" leicestershire ").map(|a| a.dfe_number), Some(855));
        let keys: Vec<_> = all().iter().map(|a| (a.dfe_number, !a.current)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted, one current and at most one abolished per number");
    }
}
