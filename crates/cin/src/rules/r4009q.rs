//! 4009Q: a CIN plan should not end after the child's death.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4009Q",
        message: "CIN Plan cannot end after the child’s Date of Death",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["PersonDeathDate", "CINPlanEndDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_after_death(c, s, Census::child_plans, |p| &p.end_date, &["CINPlanEndDate"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_plan_ending_after_death() {
        let c = |died: &str| {
            census(&child("C1", &el("PersonDeathDate", died), &cin(&plan("2025-07-01", Some("2025-08-01")))))
        };
        assert_eq!(hits(&RULE, &c("2025-07-31")), [("CINplanDates", 0), ("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &c("2025-08-01")).is_empty());
    }
}
