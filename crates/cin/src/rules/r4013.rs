//! 4013: a CIN plan's end date must fall within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4013",
        message: "CIN Plan end date must fall within the census year",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanEndDate", "ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_plans, &["CINPlanEndDate"], |p| outside_period(c, &p.end_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_year() {
        assert!(hits(&RULE, &one(&plan("2025-03-01", Some("2025-04-01")))).is_empty());
        assert!(hits(&RULE, &one(&plan("2025-03-01", Some("2026-03-31")))).is_empty());
        assert_eq!(hits(&RULE, &one(&plan("2025-03-01", Some("2025-03-31")))), [("CINplanDates", 0)]);
        assert_eq!(hits(&RULE, &one(&plan("2025-03-01", Some("2026-04-01")))), [("CINplanDates", 0)]);
    }
}
