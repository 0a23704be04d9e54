//! 4004: within an episode at most one CIN plan may be open (no end date).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4004",
        message: "This child is showing more than one open CIN Plan, i.e. with no End Date",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanEndDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in &c.cin_details {
        let open: Vec<_> = c.plans_of(ep).iter().filter(|p| lacks(&p.end_date)).collect();
        flag_if_several(c, s, &open, &["CINPlanEndDate"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_two_open_plans() {
        let two = format!(
            "{}{}{}",
            plan("2025-06-05", None),
            plan("2025-06-03", Some("2025-06-04")),
            plan("2025-07-05", None)
        );
        assert_eq!(hits(&RULE, &one(&two)), [("CINplanDates", 0), ("CINplanDates", 2)]);
        assert!(hits(&RULE, &one(&plan("2025-06-05", None))).is_empty());
    }
}
