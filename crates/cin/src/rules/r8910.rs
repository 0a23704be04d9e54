//! 8910: a child protection plan needs a valid latest category of abuse.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8910",
        message: "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["LatestCategoryOfAbuse"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cpps, &["LatestCategoryOfAbuse"], |p| p.latest_category_of_abuse.get().is_none());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_unknown_category() {
        assert!(hits(&RULE, &one(&cpp(""))).is_empty());
        assert_eq!(
            hits(&RULE, &one(&cpp("<LatestCategoryOfAbuse>neg</LatestCategoryOfAbuse>"))),
            [("ChildProtectionPlans", 0)]
        );
        assert_eq!(hits(&RULE, &one(&cpp("<LatestCategoryOfAbuse/>"))), [("ChildProtectionPlans", 0)]);
    }
}
