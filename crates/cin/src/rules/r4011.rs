//! 4011: a CIN plan cannot end before it starts.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4011",
        message: "CIN Plan End Date earlier than Start Date",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanEndDate", "CINPlanStartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_plans, &["CINPlanEndDate", "CINPlanStartDate"], |p| before(&p.end_date, &p.start_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_end_before_start() {
        assert_eq!(hits(&RULE, &one(&plan("2025-07-02", Some("2025-07-01")))), [("CINplanDates", 0)]);
        assert!(hits(&RULE, &one(&plan("2025-07-02", Some("2025-07-02")))).is_empty());
    }
}
