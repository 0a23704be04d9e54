//! 4001: within an episode, a CIN plan and a child protection plan cannot both
//! be open (no end date): a child on a protection plan is not also on a CIN plan.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4001",
        message: "A CIN Plan cannot run concurrently with a Child Protection Plan",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanEndDate", "CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in &c.cin_details {
        let open_plans: Vec<_> = c.plans_of(ep).iter().filter(|p| has(&p.start_date) && lacks(&p.end_date)).collect();
        let open_cpps: Vec<_> = c.cpps_of(ep).iter().filter(|p| lacks(&p.end_date)).collect();
        if open_plans.is_empty() || open_cpps.is_empty() {
            continue;
        }
        open_plans.iter().for_each(|r| flag(c, s, *r, &["CINPlanEndDate"]));
        open_cpps.iter().for_each(|r| flag(c, s, *r, &["CPPendDate"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_both_are_open() {
        let both = format!("{}{}", plan("2025-06-05", None), cpp(""));
        assert_eq!(hits(&RULE, &one(&both)), [("CINplanDates", 0), ("ChildProtectionPlans", 0)]);
        let ended = format!("{}{}", plan("2025-06-05", Some("2025-06-06")), cpp(""));
        assert!(hits(&RULE, &one(&ended)).is_empty());
    }
}
