//! 8840: a child protection plan cannot start and end on the same day.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8840",
        message: "Child Protection Plan cannot start and end on the same day",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["CPPstartDate", "CPPendDate"], |p| same_day(&p.start_date, &p.end_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_one_day_plan() {
        assert_eq!(hits(&RULE, &one(&cpp("<CPPendDate>2025-06-03</CPPendDate>"))), [("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &one(&cpp("<CPPendDate>2025-06-04</CPPendDate>"))).is_empty());
    }
}
