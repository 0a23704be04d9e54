//! 8920: a child protection plan cannot end after the child's death.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8920",
        message: "Child Protection Plan cannot end after the child’s Date of Death",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["PersonDeathDate", "CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_after_death(c, s, Census::child_cpps, |p| &p.end_date, &["CPPendDate"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_plan_ending_after_death() {
        let died = |d: &str| {
            census(&child("C1", &el("PersonDeathDate", d), &cin(&cpp("<CPPendDate>2025-08-01</CPPendDate>"))))
        };
        assert_eq!(hits(&RULE, &died("2025-07-31")), [("ChildIdentifiers", 0), ("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &died("2025-08-01")).is_empty());
    }
}
