//! 8730: a child protection plan must give the number of previous plans (a whole number).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8730",
        message: "Total Number of previous Child Protection Plans missing",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["NumberOfPreviousCPP"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["NumberOfPreviousCPP"], |p| p.number_of_previous_cpp.get().is_none());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_missing_number() {
        assert!(hits(&RULE, &one(&cpp(""))).is_empty());
        assert_eq!(hits(&RULE, &one(&cpp("<NumberOfPreviousCPP/>"))), [("ChildProtectionPlans", 0)]);
        assert_eq!(
            hits(&RULE, &one(&cpp("<NumberOfPreviousCPP>-1</NumberOfPreviousCPP>"))),
            [("ChildProtectionPlans", 0)]
        );
    }
}
