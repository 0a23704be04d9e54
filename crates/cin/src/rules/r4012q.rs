//! 4012Q: a CIN plan starting and ending on the same day is queried.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4012Q",
        message: "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day",
        severity: Severity::Query,
        tables: &["CINplanDates"],
        fields: &["CINPlanStartDate", "CINPlanEndDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_plans, &["CINPlanStartDate", "CINPlanEndDate"], |p| same_day(&p.start_date, &p.end_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_one_day_plan() {
        assert_eq!(hits(&RULE, &one(&plan("2025-07-02", Some("2025-07-02")))), [("CINplanDates", 0)]);
        assert!(hits(&RULE, &one(&plan("2025-07-02", Some("2025-07-03")))).is_empty());
    }
}
