//! 8525Q: a child has either a date of birth or, if unborn, an expected date of
//! birth: exactly one of the two. A date that cannot be read counts as not provided.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8525Q",
        message: "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["PersonBirthDate", "ExpectedPersonBirthDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["PersonBirthDate", "ExpectedPersonBirthDate"], |ch| {
        has(&ch.person_birth_date) == has(&ch.expected_person_birth_date)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_both_or_neither() {
        assert!(hits(&RULE, &census(&child("C1", "", ""))).is_empty());
        let both = el("ExpectedPersonBirthDate", "2026-05-01");
        assert_eq!(hits(&RULE, &census(&child("C1", &both, ""))), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &census(&child("C1", "<PersonBirthDate/>", ""))), [("ChildIdentifiers", 0)]);
        let unreadable = el("PersonBirthDate", "2015-13-01");
        assert_eq!(hits(&RULE, &census(&child("C1", &unreadable, ""))), [("ChildIdentifiers", 0)]);
        let unborn = format!("<PersonBirthDate/>{both}");
        assert!(hits(&RULE, &census(&child("C1", &unborn, ""))).is_empty());
    }
}
