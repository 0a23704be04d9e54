//! 8720: a child protection plan must have a start date, not after the end of the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8720",
        message: "Child Protection Plan Start Date missing or out of data collection period",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["CPPstartDate"], |p| p.start_date.get().is_none_or(|d| d > c.period.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_late_start() {
        assert!(hits(&RULE, &one(&cpp("<CPPstartDate>2026-03-31</CPPstartDate>"))).is_empty());
        assert_eq!(hits(&RULE, &one(&cpp("<CPPstartDate>2026-04-01</CPPstartDate>"))), [("ChildProtectionPlans", 0)]);
        assert_eq!(hits(&RULE, &one(&cpp("<CPPstartDate/>"))), [("ChildProtectionPlans", 0)]);
    }
}
