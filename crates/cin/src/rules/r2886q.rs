//! 2886Q: across the return, children with no sex recorded (blank or U), not
//! counting unborn children (those with an expected date of birth), should be
//! at most 2%. Return-level.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2886Q",
        message: "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["ExpectedPersonBirthDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::Sex;
    let unknown = c
        .children
        .iter()
        .filter(|ch| matches!(ch.sex, Cell::Blank | Cell::Valid(Sex::Unknown)) && lacks(&ch.expected_person_birth_date))
        .count();
    if unknown * 50 > c.children.len() {
        s.flag_return(&["Sex", "ExpectedPersonBirthDate"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_above_two_percent() {
        let many = |unknown: usize, total: usize| {
            let kids: String = (0..total)
                .map(|i| child(&format!("C{i}"), if i < unknown { "<Sex>U</Sex>" } else { "" }, ""))
                .collect();
            census(&kids)
        };
        assert!(!flags_return(&RULE, &many(2, 100)), "exactly 2%");
        assert!(flags_return(&RULE, &many(3, 100)));
        let unborn = child("U1", "<Sex>U</Sex><ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>", "");
        assert!(!flags_return(&RULE, &census(&unborn)));
    }
}
