//! 8940: a child's child protection plans cannot overlap: no plan may start on
//! or after another's start and on or before its end (an open one runs to the
//! reference date). Both plans are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8940",
        message: "Child Protection Plan data contains overlapping dates",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        flag_overlapping(
            c,
            s,
            c.child_cpps(ch),
            |p| (p.start_date.get(), p.end_date.get()),
            true,
            |_, _| false,
            &["CPPstartDate", "CPPendDate"],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_overlapping_plans() {
        let first = cpp("<CPPendDate>2025-07-01</CPPendDate>");
        let two =
            |start: &str| census(&child("C1", "", &[cin(&first), cin(&cpp(&el("CPPstartDate", start)))].concat()));
        assert_eq!(hits(&RULE, &two("2025-07-01")), [("ChildProtectionPlans", 0), ("ChildProtectionPlans", 1)]);
        assert!(hits(&RULE, &two("2025-07-02")).is_empty());
    }
}
