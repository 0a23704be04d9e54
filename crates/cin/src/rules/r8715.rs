//! 8715: a section 47 enquiry's initial conference must fall within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8715",
        message: "Date of Initial Child Protection Conference must fall within the census year",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["DateOfInitialCPC", "ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.section47, &["DateOfInitialCPC"], |r| outside_period(c, &r.date_of_initial_cpc));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_year() {
        assert!(hits(&RULE, &one(&s47("2025-03-05", Some("2025-04-01"), "false"))).is_empty());
        assert_eq!(hits(&RULE, &one(&s47("2025-03-05", Some("2025-03-31"), "false"))), [("Section47", 0)]);
        assert_eq!(hits(&RULE, &one(&s47("2025-03-05", Some("2026-04-01"), "false"))), [("Section47", 0)]);
    }
}
