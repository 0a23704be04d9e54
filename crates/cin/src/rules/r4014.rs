//! 4014: a child's CIN plans cannot overlap: no plan may start on or after
//! another's start and on or before its end (an open plan runs to the end of
//! the census year). Both plans are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4014",
        message: "CIN Plan data contains overlapping dates",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanStartDate", "CINPlanEndDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        flag_overlapping(
            c,
            s,
            c.child_plans(ch),
            |p| (p.start_date.get(), p.end_date.get()),
            true,
            |_, _| false,
            &["CINPlanStartDate", "CINPlanEndDate"],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_overlapping_plans() {
        let two = |a: &str, b: &str| one(&format!("{a}{b}"));
        let first = plan("2025-06-05", Some("2025-07-01"));
        assert_eq!(hits(&RULE, &two(&first, &plan("2025-07-01", None))).len(), 2, "starting on the other's end day");
        assert!(hits(&RULE, &two(&first, &plan("2025-07-02", None))).is_empty());
        let across_episodes =
            census(&child("C1", "", &[cin(&plan("2025-06-05", None)), cin(&plan("2025-08-01", None))].concat()));
        assert_eq!(hits(&RULE, &across_episodes), [("CINplanDates", 0), ("CINplanDates", 1)]);
    }
}
