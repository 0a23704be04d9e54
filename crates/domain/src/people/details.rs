//! Who an adult is: names, date of birth, identifiers, addresses and contact
//! details, checked once here so every stream that records them agrees.

use crate::codes::{Ethnicity, Sex};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Longest name, former name or professional's agency and role.
const MAX_NAME: usize = 100;
/// Longest address, telephone number or email address.
const MAX_LINE: usize = 200;

/// An address: its lines as written, and the postcode apart (searched on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Address {
    pub lines: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

/// A professional's place of work and role (a GP, a health visitor, a teacher…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Professional {
    pub agency: String,
    pub role: String,
}

/// An adult's details. Recorded when the person is first known, replaced whole
/// by an amendment, so the log keeps every earlier version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PersonDetails {
    pub forename: String,
    pub surname: String,
    /// Earlier names ("Jane Smith"), searched as well as the current one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dob: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Ethnicity>,
    /// Ten digits, the last a modulus-11 check digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhs_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Set for a professional involved with a child.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional: Option<Professional>,
}

/// A detail that cannot be recorded, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct BadDetail {
    pub field: &'static str,
    pub message: String,
}

fn bad(field: &'static str, message: impl Into<String>) -> BadDetail {
    BadDetail { field, message: message.into() }
}

fn bounded(field: &'static str, value: &str, max: usize) -> Result<(), BadDetail> {
    if value.chars().count() > max {
        return Err(bad(field, format!("at most {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(bad(field, "contains a control character"));
    }
    Ok(())
}

impl PersonDetails {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.forename.trim(), self.surname.trim()).trim().to_string()
    }

    /// Checks every field; `today` bounds the date of birth.
    pub fn check(&self, today: Option<NaiveDate>) -> Result<(), BadDetail> {
        if self.forename.trim().is_empty() && self.surname.trim().is_empty() {
            return Err(bad("surname", "a person needs a name (a forename or a surname)"));
        }
        bounded("forename", &self.forename, MAX_NAME)?;
        bounded("surname", &self.surname, MAX_NAME)?;
        for n in &self.former_names {
            bounded("former_names", n, MAX_NAME)?;
            if n.trim().is_empty() {
                return Err(bad("former_names", "a former name cannot be blank"));
            }
        }
        if let Some(dob) = self.dob {
            if dob.year_ce().1 < 1900 {
                return Err(bad("dob", format!("{dob} is before 1900")));
            }
            if today.is_some_and(|t| dob > t) {
                return Err(bad("dob", format!("{dob} is in the future")));
            }
        }
        if let Some(n) = &self.nhs_number
            && !nhs_number_valid(n)
        {
            return Err(bad("nhs_number", format!("'{n}' is not an NHS number (10 digits with a valid check digit)")));
        }
        if let Some(a) = &self.address {
            bounded("address", &a.lines, MAX_LINE)?;
            if let Some(p) = &a.postcode
                && normalise_postcode(p).as_deref() != Some(p.as_str())
            {
                return Err(bad("postcode", format!("'{p}' is not a UK postcode written like 'LE1 6ZG'")));
            }
        }
        for (field, v) in [("phone", &self.phone), ("email", &self.email)] {
            if let Some(v) = v {
                bounded(field, v, MAX_LINE)?;
            }
        }
        if let Some(p) = &self.professional {
            bounded("agency", &p.agency, MAX_NAME)?;
            bounded("role", &p.role, MAX_NAME)?;
            if p.agency.trim().is_empty() || p.role.trim().is_empty() {
                return Err(bad("agency", "a professional needs an agency and a role"));
            }
        }
        Ok(())
    }
}

/// Whether `s` is an NHS number: ten digits whose last is the modulus-11
/// check digit of the first nine (weights 10 down to 2; 11 reads as 0; 10 never valid).
pub fn nhs_number_valid(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || s.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => digits[9] == 0,
        10 => false,
        check => digits[9] == check,
    }
}

/// A UK postcode in its written form ("le16zg" → "LE1 6ZG"), or `None` when
/// the text cannot be one (outward code of 2 to 4 characters starting with a
/// letter, inward code of a digit and two letters).
pub fn normalise_postcode(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let ib = inward.as_bytes();
    let inward_ok = ib[0].is_ascii_digit() && ib[1].is_ascii_alphabetic() && ib[2].is_ascii_alphabetic();
    let ob = outward.as_bytes();
    let outward_ok = ob[0].is_ascii_alphabetic()
        && ob.iter().all(|b| b.is_ascii_alphanumeric())
        && ob.iter().any(|b| b.is_ascii_digit());
    (inward_ok && outward_ok).then(|| format!("{outward} {inward}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_check_their_digit() {
        // Published test numbers: the check digit of 943 476 591 is 9.
        assert!(nhs_number_valid("9434765919"));
        assert!(!nhs_number_valid("9434765918"));
        assert!(!nhs_number_valid("943476591"));
        assert!(!nhs_number_valid("943 476 5919"));
        // A remainder of 1 gives check 10: no valid number.
        assert!(!nhs_number_valid("0000200000"));
        assert!(nhs_number_valid("4010232137"));
    }

    #[test]
    fn postcodes_are_normalised_or_refused() {
        assert_eq!(normalise_postcode("le16zg").as_deref(), Some("LE1 6ZG"));
        assert_eq!(normalise_postcode(" SW1A 1AA ").as_deref(), Some("SW1A 1AA"));
        assert_eq!(normalise_postcode("M11AE").as_deref(), Some("M1 1AE"));
        for bad in ["", "LE1", "123 456", "LE1 6Z1", "ÉE1 6ZG", "LEICESTER"] {
            assert_eq!(normalise_postcode(bad), None, "{bad}");
        }
    }

    #[test]
    fn details_are_checked_field_by_field() {
        let ok = PersonDetails { forename: "Jo".into(), surname: "Bloggs".into(), ..Default::default() };
        assert!(ok.check(None).is_ok());
        let field = |d: PersonDetails| d.check(NaiveDate::from_ymd_opt(2026, 3, 31)).unwrap_err().field;
        assert_eq!(field(PersonDetails::default()), "surname");
        assert_eq!(field(PersonDetails { nhs_number: Some("123".into()), ..ok.clone() }), "nhs_number");
        assert_eq!(field(PersonDetails { dob: NaiveDate::from_ymd_opt(2027, 1, 1), ..ok.clone() }), "dob");
        assert_eq!(field(PersonDetails { forename: "x".repeat(101), ..ok.clone() }), "forename");
        let address = Address { lines: "1 High St".into(), postcode: Some("le1 6zg".into()) };
        assert_eq!(field(PersonDetails { address: Some(address), ..ok.clone() }), "postcode");
        let pro = Professional { agency: "".into(), role: "GP".into() };
        assert_eq!(field(PersonDetails { professional: Some(pro), ..ok }), "agency");
    }
}
