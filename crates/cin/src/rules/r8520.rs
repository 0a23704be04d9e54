//! 8520: a date of birth cannot be after the end of the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8520",
        message: "Date of Birth is after data collection period (must be on or before the end of the census period)",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["PersonBirthDate", "ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["PersonBirthDate"], |ch| after_period(c, &ch.person_birth_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_after_the_reference_date() {
        let born = |d: &str| census(&child("C1", &el("PersonBirthDate", d), ""));
        assert!(hits(&RULE, &born("2026-03-31")).is_empty());
        assert_eq!(hits(&RULE, &born("2026-04-01")), [("ChildIdentifiers", 0)]);
    }
}
