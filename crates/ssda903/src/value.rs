//! How one submitted string becomes a typed [`Cell`].
//!
//! The reference validator upper-cases every cell before judging it, so codes
//! and text are read case-insensitively the same way here.

use carefile_domain::codes::*;
use carefile_returns::Cell;
use chrono::NaiveDate;

/// A type a field of an SSDA903 table can hold.
pub trait Value: Sized {
    /// Parses a trimmed, non-empty string; `None` keeps it as [`Cell::Invalid`].
    fn parse(s: &str) -> Option<Self>;

    /// Reads a raw cell: blank, understood, or kept as written.
    fn read(raw: &str) -> Cell<Self> {
        Cell::parse(raw, Self::parse)
    }
}

/// Free text (identifiers, postcodes, URNs), upper-cased as the DfE tool reads it.
pub type Text = Box<str>;

impl Value for Text {
    fn parse(s: &str) -> Option<Self> {
        Some(s.to_uppercase().into())
    }
}

/// Dates are `dd/mm/YYYY` (one or two digits for day and month, as `%d/%m/%Y` allows).
impl Value for NaiveDate {
    fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('/');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !short(d) || !short(m) || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

/// 0/1 flags.
impl Value for bool {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        }
    }
}

/// Whole numbers (SDQ score, number of adopters).
impl Value for u32 {
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

macro_rules! code_values {
    ($($t:ty),+ $(,)?) => {$(
        impl Value for $t {
            fn parse(s: &str) -> Option<Self> {
                <$t>::from_code(&s.to_uppercase())
            }
        }
    )+};
}

code_values!(
    Sex,
    Ethnicity,
    ReasonNewEpisode,
    LegalStatus,
    CategoryOfNeed,
    PlacementType,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonPlaceChange,
    MissingType,
    SdqReason,
    InTouch,
    Activity,
    Accommodation,
    ReasonPlacedCeased,
    PreviousPermanence,
    ReviewParticipation,
    AdopterSex,
    AdopterLegalStatus,
    SocialWorkerChangeReason,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Cell<NaiveDate> {
        NaiveDate::read(s)
    }

    #[test]
    fn dates_are_day_month_year_and_bad_ones_are_kept() {
        assert_eq!(date("01/04/2025"), Cell::Valid(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()));
        assert_eq!(date("1/4/2025"), Cell::Valid(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()));
        assert_eq!(date("31/02/2025"), Cell::Invalid("31/02/2025".into()));
        assert_eq!(date("2025-04-01"), Cell::Invalid("2025-04-01".into()));
        assert_eq!(date("01/04/25"), Cell::Invalid("01/04/25".into()));
        assert_eq!(date("01/04/2025/1"), Cell::Invalid("01/04/2025/1".into()));
        assert_eq!(date(" "), Cell::Blank);
    }

    #[test]
    fn codes_and_text_are_read_upper_case() {
        assert_eq!(PlacementType::read("z11"), Cell::Valid(PlacementType::Z11));
        assert_eq!(LegalStatus::read("C9"), Cell::Invalid("C9".into()));
        assert_eq!(Text::read(" le1 1aa "), Cell::Valid("LE1 1AA".into()));
        assert_eq!(bool::read("1"), Cell::Valid(true));
        assert_eq!(bool::read("yes"), Cell::Invalid("yes".into()));
    }
}
