//! 8925: a child protection plan cannot end before it starts.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8925",
        message: "Child Protection Plan End Date earlier than Start Date",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["CPPstartDate", "CPPendDate"], |p| before(&p.end_date, &p.start_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_end_before_start() {
        assert_eq!(hits(&RULE, &one(&cpp("<CPPendDate>2025-06-02</CPPendDate>"))), [("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &one(&cpp("<CPPendDate>2025-06-03</CPPendDate>"))).is_empty());
    }
}
