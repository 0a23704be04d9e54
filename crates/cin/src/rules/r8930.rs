//! 8930: a child protection plan's end date must fall within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8930",
        message: "Child Protection Plan End Date must fall within the census year",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPendDate", "ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["CPPendDate"], |p| outside_period(c, &p.end_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_year() {
        let ended = |d: &str| one(&cpp(&format!("<CPPstartDate>2025-01-01</CPPstartDate>{}", el("CPPendDate", d))));
        assert!(hits(&RULE, &ended("2025-04-01")).is_empty());
        assert!(hits(&RULE, &ended("2026-03-31")).is_empty());
        assert_eq!(hits(&RULE, &ended("2025-03-31")), [("ChildProtectionPlans", 0)]);
        assert_eq!(hits(&RULE, &ended("2026-04-01")), [("ChildProtectionPlans", 0)]);
    }
}
