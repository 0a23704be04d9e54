//! 4016: a CIN plan cannot start while a child protection plan of the child is
//! open (on or after its start and before its end; an open one runs to the end
//! of the census year). Both are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4016",
        message: "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanStartDate", "CPPstartDate", "CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let plans = (c.child_plans(ch), plan_start as fn(&CinPlanDates) -> &Cell<NaiveDate>, &["CINPlanStartDate"][..]);
        flag_starts_during(c, s, plans, (c.child_cpps(ch), cpp_span, &["CPPstartDate", "CPPendDate"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_cin_plan_starting_during_protection() {
        let protection = cpp("<CPPendDate>2025-08-01</CPPendDate>");
        let with = |p: String| one(&format!("{protection}{p}"));
        assert_eq!(hits(&RULE, &with(plan("2025-07-31", None))), [("CINplanDates", 0), ("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &with(plan("2025-08-01", None))).is_empty(), "stepping down on the end day");
        assert!(hits(&RULE, &with(plan("2025-06-02", None))).is_empty());
        assert_eq!(hits(&RULE, &one(&format!("{}{}", cpp(""), plan("2026-01-01", None)))).len(), 2);
    }
}
