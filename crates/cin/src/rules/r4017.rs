//! 4017: a child protection plan cannot start while a CIN plan of the child is
//! open (on or after its start and before its end; an open one runs to the end
//! of the census year). Both are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4017",
        message: "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let cpps = (c.child_cpps(ch), cpp_start as fn(&ChildProtectionPlan) -> &Cell<NaiveDate>, &["CPPstartDate"][..]);
        flag_starts_during(c, s, cpps, (c.child_plans(ch), plan_span, &["CINPlanStartDate", "CINPlanEndDate"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_protection_starting_during_a_cin_plan() {
        let with = |p: String| one(&format!("{p}{}", cpp("<CPPstartDate>2025-07-01</CPPstartDate>")));
        assert_eq!(
            hits(&RULE, &with(plan("2025-06-05", Some("2025-07-02")))),
            [("CINplanDates", 0), ("ChildProtectionPlans", 0)]
        );
        assert!(hits(&RULE, &with(plan("2025-06-05", Some("2025-07-01")))).is_empty(), "stepping up on the end day");
        assert_eq!(hits(&RULE, &with(plan("2025-06-05", None))).len(), 2);
    }
}
