//! 1570: LAchildID may be at most 20 characters (from 2024-25).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1570",
        message: "LA Child ID must not be longer than 20 characters",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["LAchildID"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["LAchildID"], |ch| ch.la_child_id.value().is_some_and(|id| id.chars().count() > 20));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_above_20_characters() {
        assert!(hits(&RULE, &census(&child(&"A".repeat(20), "", ""))).is_empty());
        assert_eq!(hits(&RULE, &census(&child(&"A".repeat(21), "", ""))), [("ChildIdentifiers", 0)]);
    }
}
