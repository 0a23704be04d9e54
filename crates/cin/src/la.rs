//! English local authorities and their DfE numbers (`data/local-authorities.csv`,
//! whose header says where it comes from). Needed for UPN characters 2–4 and the
//! header's LEA.

use std::sync::OnceLock;

/// The shipped table.
pub const LOCAL_AUTHORITIES_CSV: &str = include_str!("../data/local-authorities.csv");

/// One authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAuthority {
    /// The DfE's three-digit number (e.g. 855).
    pub number: u16,
    /// The ONS GSS code (e.g. E10000018).
    pub gss_code: String,
    pub name: String,
    /// False for authorities abolished since 1998 whose numbers live on in older UPNs.
    pub current: bool,
}

/// Splits one CSV line, honouring double quotes.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().expect("never empty").push(ch),
        }
    }
    out
}

/// Every authority of the shipped table.
pub fn all() -> &'static [LocalAuthority] {
    static TABLE: OnceLock<Vec<LocalAuthority>> = OnceLock::new();
    TABLE.get_or_init(|| {
        LOCAL_AUTHORITIES_CSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("dfe_number") && !l.trim().is_empty())
            .map(|l| {
                let f = fields(l);
                LocalAuthority {
                    number: f[0].parse().expect("the shipped table has numeric DfE numbers"),
                    gss_code: f[1].clone(),
                    name: f[2].clone(),
                    current: f[3] == "current",
                }
            })
            .collect()
    })
}

/// The authority with DfE number `number`, current or abolished.
pub fn by_number(number: u16) -> Option<&'static LocalAuthority> {
    all().iter().find(|a| a.number == number)
}

/// The current authority with ONS GSS code `gss` (e.g. E10000018 → 855).
pub fn by_gss(gss: &str) -> Option<&'static LocalAuthority> {
    all().iter().find(|a| a.current && a.gss_code.eq_ignore_ascii_case(gss))
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
        assert!(!by_number(909).unwrap().current);
        assert!(by_number(999).is_none());
        assert_eq!(by_gss("E10000018").map(|a| a.number), Some(855));
        assert_eq!(by_gss("E06000063").map(|a| a.number), Some(942));
        assert!(by_gss("E10000006").is_none(), "Cumbria was abolished in 2023");
        let mut numbers: Vec<_> = all().iter().map(|a| a.number).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), all().len(), "numbers are unique and sorted");
    }
}
