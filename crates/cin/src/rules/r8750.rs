//! 8750: an unborn child (expected date of birth, no date of birth) must have sex U.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8750",
        message: "Sex must equal U for an unborn child",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::Sex;
    flag_each(c, s, &c.children, &["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"], |ch| {
        lacks(&ch.person_birth_date) && has(&ch.expected_person_birth_date) && ch.sex.get() != Some(Sex::Unknown)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_sexed_unborn_child() {
        let unborn = |sex: &str| {
            census(&child(
                "C1",
                &format!("<PersonBirthDate/><ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>{sex}"),
                "",
            ))
        };
        assert!(hits(&RULE, &unborn("<Sex>U</Sex>")).is_empty());
        assert_eq!(hits(&RULE, &unborn("<Sex>F</Sex>")), [("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &census(&child("C1", "<Sex>F</Sex>", ""))).is_empty());
    }
}
