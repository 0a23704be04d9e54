//! 8500: every child must have an LA child ID.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8500",
        message: "LA Child ID missing",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["LAchildID"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["LAchildID"], |ch| ch.la_child_id.is_blank());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_missing_id() {
        assert!(hits(&RULE, &census(&child("C1", "", ""))).is_empty());
        assert_eq!(hits(&RULE, &census(&child("", "", ""))), [("ChildIdentifiers", 0)]);
    }
}
