//! DfE code lists, one enum per list, with codes and labels side by side.
//!
//! Lists shared by both returns are in [`common`]; the SSDA903's in [`ssda903`];
//! the CIN census's in [`cin`]. Year-limited codes say so (`valid_in`).

#[macro_use]
mod macros;
pub mod cin;
pub mod common;
pub mod ssda903;

pub use cin::*;
pub use common::*;
pub use ssda903::*;

/// A string that is not a code of the list it was read for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a {list} code (expected one of: {expected})")]
pub struct UnknownCode {
    pub list: &'static str,
    pub value: String,
    pub expected: String,
}

impl UnknownCode {
    pub fn new<'a>(list: &'static str, value: &str, codes: impl Iterator<Item = &'a str>) -> Self {
        UnknownCode { list, value: value.to_string(), expected: codes.collect::<Vec<_>>().join(" ") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CollectionYear;

    #[test]
    fn codes_round_trip_through_strings_and_serde() {
        for ls in LegalStatus::ALL {
            assert_eq!(ls.code().parse::<LegalStatus>().unwrap(), *ls);
            let json = serde_json::to_string(ls).unwrap();
            assert_eq!(json, format!("\"{}\"", ls.code()));
            assert_eq!(serde_json::from_str::<LegalStatus>(&json).unwrap(), *ls);
        }
    }

    #[test]
    fn unknown_code_names_list_and_value() {
        let e = "X9".parse::<LegalStatus>().unwrap_err();
        assert_eq!(e.list, "legal status");
        assert!(e.to_string().contains("'X9' is not a legal status code"));
        assert!(e.to_string().contains("C1"));
        assert!(serde_json::from_str::<Ethnicity>("\"ZZZZ\"").is_err());
    }

    #[test]
    fn placement_codes_follow_the_year() {
        let y2025 = CollectionYear::new(2025);
        let y2026 = CollectionYear::new(2026);
        assert!(PlacementType::H5.valid_in(y2025));
        assert!(!PlacementType::H5.valid_in(y2026));
        assert!(!PlacementType::K3.valid_in(y2025));
        assert!(PlacementType::K3.valid_in(y2026));
        assert!(PlacementType::Z11.valid_in(y2026) && !PlacementType::Z1.valid_in(y2026));
        assert!(PlacementType::U1.valid_in(y2025) && PlacementType::U1.valid_in(y2026));
    }

    #[test]
    fn lists_have_no_duplicate_codes() {
        fn check<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) {
            let mut seen = std::collections::HashSet::new();
            for c in all {
                assert!(seen.insert(code(*c)), "duplicate {}", code(*c));
            }
        }
        check(PlacementType::ALL, PlacementType::code);
        check(ReasonEpisodeCeased::ALL, ReasonEpisodeCeased::code);
        check(AssessmentFactor::ALL, AssessmentFactor::code);
        check(Accommodation::ALL, Accommodation::code);
        check(ReferralSource::ALL, ReferralSource::code);
    }
}
