//! 8590: every child in the census must have at least one CIN episode.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8590",
        message: "Child does not have a recorded CIN episode.",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["LAchildID"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["LAchildID"], |ch| ch.cin_details.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_child_without_episodes() {
        assert_eq!(hits(&RULE, &census(&child("C1", "", ""))), [("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &one("")).is_empty());
    }
}
