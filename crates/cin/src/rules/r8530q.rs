//! 8530Q: an expected date of birth should lie between 30 days before and 9
//! months after the reference date (both ends included).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8530Q",
        message: "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["ExpectedPersonBirthDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let rd = c.period.end;
    let earliest = rd - chrono::Duration::days(30);
    let latest = rd.checked_add_months(chrono::Months::new(9)).unwrap_or(rd);
    flag_each(c, s, &c.children, &["ExpectedPersonBirthDate"], |ch| {
        ch.expected_person_birth_date.get().is_some_and(|d| d < earliest || d > latest)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_window() {
        let due =
            |d: &str| census(&child("C1", &format!("<PersonBirthDate/>{}", el("ExpectedPersonBirthDate", d)), ""));
        assert!(hits(&RULE, &due("2026-03-01")).is_empty());
        assert!(hits(&RULE, &due("2026-12-31")).is_empty());
        assert_eq!(hits(&RULE, &due("2026-02-28")), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &due("2027-01-01")), [("ChildIdentifiers", 0)]);
    }
}
