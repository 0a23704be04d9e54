//! English local authorities and their DfE numbers: the list both returns share
//! (`carefile_returns::la`, shipped in crates/returns/data). Needed for UPN
//! characters 2–4 and the header's LEA.

/// One authority, as the CIN code knows it.
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

impl From<&carefile_returns::la::LocalAuthority> for LocalAuthority {
    fn from(a: &carefile_returns::la::LocalAuthority) -> Self {
        LocalAuthority { number: a.dfe_number, gss_code: a.gss_code.clone(), name: a.name.clone(), current: a.current }
    }
}

/// The authority with DfE number `number`, current or abolished (the current one where a number
/// was reused).
pub fn by_number(number: u16) -> Option<LocalAuthority> {
    carefile_returns::la::by_number(number).map(LocalAuthority::from)
}

/// The current authority with ONS GSS code `gss` (e.g. E10000018 → 855).
pub fn by_gss(gss: &str) -> Option<LocalAuthority> {
    carefile_returns::la::by_gss(gss).map(LocalAuthority::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes_come_from_the_shared_list() {
        let leics = by_number(855).unwrap();
        assert_eq!(
            (leics.gss_code.as_str(), leics.name.as_str(), leics.current),
            ("E10000018", "Leicestershire", true)
        );
        assert!(!by_number(909).unwrap().current);
        assert!(by_number(820).is_some(), "Bedfordshire's number is still valid in a UPN");
        assert!(by_number(999).is_none());
        assert_eq!(by_gss("E06000063").map(|a| a.number), Some(942));
    }
}
