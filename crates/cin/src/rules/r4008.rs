//! 4008: a CIN plan cannot start after the child's death.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4008",
        message: "CIN Plan shown as starting after the child’s Date of Death.",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["PersonDeathDate", "CINPlanStartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_after_death(c, s, Census::child_plans, |p| &p.start_date, &["CINPlanStartDate"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_plan_starting_after_death() {
        let c = |died: &str| census(&child("C1", &el("PersonDeathDate", died), &cin(&plan("2025-07-01", None))));
        assert_eq!(hits(&RULE, &c("2025-06-30")), [("CINplanDates", 0), ("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &c("2025-07-01")).is_empty());
    }
}
