//! 8535Q: a child's date of death should not be before its date of birth.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8535Q",
        message: "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["PersonDeathDate", "PersonBirthDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["PersonDeathDate", "PersonBirthDate"], |ch| {
        before(&ch.person_death_date, &ch.person_birth_date)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_death_before_birth() {
        assert_eq!(
            hits(&RULE, &census(&child("C1", &el("PersonDeathDate", "2015-05-31"), ""))),
            [("ChildIdentifiers", 0)]
        );
        assert!(hits(&RULE, &census(&child("C1", &el("PersonDeathDate", "2015-06-01"), ""))).is_empty());
    }
}
