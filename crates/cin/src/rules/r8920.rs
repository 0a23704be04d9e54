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
    for ch in c.children.iter().filter(|ch| ch.person_death_date.get().is_some()) {
        for p in c.child_cpps(ch).iter().filter(|p| before(&ch.person_death_date, &p.end_date)) {
            flag(c, s, p, &["CPPendDate"]);
            flag(c, s, ch, &["PersonDeathDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_plan_ending_after_death() {
        let died = |d: &str| census(&child("C1", &el("PersonDeathDate", d), &cin(&cpp("<CPPendDate>2025-08-01</CPPendDate>"))));
        assert_eq!(hits(&RULE, &died("2025-07-31")), [("ChildIdentifiers", 0), ("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &died("2025-08-01")).is_empty());
    }
}
