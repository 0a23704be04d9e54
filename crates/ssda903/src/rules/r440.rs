//! 440: participation code PN0 means the child was under 4 at the review, so it cannot be used on
//! or after the child's fourth birthday (by the Reviews row's own DOB). The reference validator
//! accepts PN0 on the birthday itself (see DISAGREEMENTS.toml); carefile counts the child as 4 that
//! day, as 441 does. Rows with an unreadable DOB or REVIEW date are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "440",
        message: "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.",
        severity: Severity::Error,
        tables: &["Reviews"],
        fields: &["DOB", "REVIEW", "REVIEW_CODE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.reviews.as_ref(), s, &["DOB", "REVIEW", "REVIEW_CODE"], |r| {
        r.review_code.get() == Some(ReviewParticipation::PN0) && super::r441::age_at_review(r).is_some_and(|a| a >= 4)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Review;

    #[test]
    fn fires_from_the_fourth_birthday() {
        let t = [csv::<Review>("CHILD,DOB,REVIEW,REVIEW_CODE\n1,10/05/2021,09/05/2025,PN0\n2,10/05/2021,10/05/2025,PN0\n3,10/05/2021,11/05/2025,PN0\n4,10/05/2021,11/05/2025,PN1")];
        assert_eq!(flagged("440", &t), [("Reviews", 1), ("Reviews", 2)]);
    }
}
