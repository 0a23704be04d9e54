//! 8915: a child protection plan cannot start after the child's death.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8915",
        message: "Child Protection Plan shown as starting after the child’s Date of Death",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "PersonDeathDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_after_death(c, s, Census::child_cpps, |p| &p.start_date, &["CPPstartDate"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_plan_starting_after_death() {
        let died = |d: &str| census(&child("C1", &el("PersonDeathDate", d), &cin(&cpp(""))));
        assert_eq!(hits(&RULE, &died("2025-06-02")), [("ChildIdentifiers", 0), ("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &died("2025-06-03")).is_empty());
    }
}
