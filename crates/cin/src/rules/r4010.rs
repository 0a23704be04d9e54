//! 4010: a CIN plan must have a start date, on or before the end of the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4010",
        message: "CIN Plan start date is missing or out of data collection period",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanStartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_plans, &["CINPlanStartDate"], |p| p.start_date.get().is_none_or(|d| d > c.period.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_late_start() {
        assert!(hits(&RULE, &one(&plan("2026-03-31", None))).is_empty());
        assert!(hits(&RULE, &one(&plan("2024-03-31", None))).is_empty(), "plans may have started in earlier years");
        assert_eq!(hits(&RULE, &one(&plan("2026-04-01", None))), [("CINplanDates", 0)]);
        assert_eq!(hits(&RULE, &one(&plan("", None))), [("CINplanDates", 0)]);
    }
}
