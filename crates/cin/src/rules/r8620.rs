//! 8620: a CIN closure date must fall within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8620",
        message: "CIN Closure Date present and does not fall within the Census year",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINclosureDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["CINclosureDate"], |e| outside_period(c, &e.cin_closure_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_year() {
        assert!(hits(&RULE, &one("<CINclosureDate>2025-04-01</CINclosureDate>")).is_empty());
        assert_eq!(hits(&RULE, &one("<CINclosureDate>2025-03-31</CINclosureDate>")), [("CINdetails", 0)]);
        assert_eq!(hits(&RULE, &one("<CINclosureDate>2026-04-01</CINclosureDate>")), [("CINdetails", 0)]);
    }
}
