//! 1580: LAchildID may hold only letters and digits (from 2024-25).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1580",
        message: "LA Child ID must not contain any non-alphanumeric characters",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["LAchildID"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["LAchildID"], |ch| {
        ch.la_child_id.value().is_some_and(|id| !id.chars().all(char::is_alphanumeric))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_other_characters() {
        assert!(hits(&RULE, &census(&child("Ab12", "", ""))).is_empty());
        assert_eq!(hits(&RULE, &census(&child("A-12", "", ""))), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &census(&child("A 12", "", ""))), [("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &census(&child("", "", ""))).is_empty(), "a missing ID is rule 8500's");
    }
}
