//! 8905: a child protection plan needs a valid initial category of abuse.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8905",
        message: "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["InitialCategoryOfAbuse"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["InitialCategoryOfAbuse"], |p| p.initial_category_of_abuse.get().is_none());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_unknown_category() {
        assert!(hits(&RULE, &one(&cpp(""))).is_empty());
        assert_eq!(
            hits(&RULE, &one(&cpp("<InitialCategoryOfAbuse>XXX</InitialCategoryOfAbuse>"))),
            [("ChildProtectionPlans", 0)]
        );
        assert_eq!(hits(&RULE, &one(&cpp("<InitialCategoryOfAbuse/>"))), [("ChildProtectionPlans", 0)]);
    }
}
