//! Degrading what identifies a child, as the London pooling tools do: dates of birth (and death)
//! to the first of their month, postcodes to their sector ("E20 1LP" → "E20 1"), and the school
//! year a date of birth puts a child in.

use chrono::{Datelike, NaiveDate};

/// The first of the date's month.
pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a first day")
}

/// The postcode's sector (outward code, a space, the inward code's digit), or `None` when the
/// text is not a UK postcode.
pub fn postcode_sector(p: &str) -> Option<String> {
    let compact: String = p.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward = inward.as_bytes();
    let outward_ok = outward.as_bytes()[0].is_ascii_alphabetic()
        && outward.bytes().all(|b| b.is_ascii_alphanumeric())
        && outward.bytes().any(|b| b.is_ascii_digit());
    let inward_ok = inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic();
    (outward_ok && inward_ok).then(|| format!("{outward} {}", inward[0] as char))
}

/// The school year (September to August) a child born on `dob` belongs to, by the year it starts:
/// born 1 September 2012 to 31 August 2013 → 2012.
pub fn school_year(dob: NaiveDate) -> i32 {
    if dob.month() >= 9 { dob.year() } else { dob.year() - 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The London tools' own known answers.
    #[test]
    fn known_answers() {
        for p in ["AA9 4AA", "  AA9 4AA  ", "AA94AA", "aa9 4aa"] {
            assert_eq!(postcode_sector(p).as_deref(), Some("AA9 4"), "{p:?}");
        }
        assert_eq!(postcode_sector("E20 1LP").as_deref(), Some("E20 1"));
        assert_eq!(postcode_sector("LE11 3AB").as_deref(), Some("LE11 3"));
        assert_eq!(postcode_sector("EC1A 1BB").as_deref(), Some("EC1A 1"));
        assert_eq!(first_of_month(d("2012-04-25")), d("2012-04-01"));
        assert_eq!(first_of_month(d("2012-04-01")), d("2012-04-01"));
        for bad in ["", "   ", "not a postcode", "12345", "E20 LLP", "ÉÉ1 1AA", "AAAAAAA"] {
            assert_eq!(postcode_sector(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn school_years_run_september_to_august() {
        assert_eq!(school_year(d("2012-09-01")), 2012);
        assert_eq!(school_year(d("2013-08-31")), 2012);
        assert_eq!(school_year(d("2013-09-01")), 2013);
    }
}
