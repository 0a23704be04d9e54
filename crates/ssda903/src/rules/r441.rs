//! 441: participation codes PN1–PN7 describe a child of 4 or over, so a review held before the
//! child's fourth birthday (by the Reviews row's own DOB) cannot use them. Rows with an unreadable
//! DOB or REVIEW date are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "441",
        message: "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.",
        severity: Severity::Error,
        tables: &["Reviews"],
        fields: &["DOB", "REVIEW", "REVIEW_CODE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.reviews.as_ref(), s, &["DOB", "REVIEW", "REVIEW_CODE"], |r| {
        r.review_code.get().is_some_and(|c| c != ReviewParticipation::PN0) && age_at_review(r).is_some_and(|a| a < 4)
    });
}

/// The child's age in whole years on the review date (the fourth birthday itself counts as 4).
pub(super) fn age_at_review(r: &Review) -> Option<i32> {
    Some(age(r.dob.get()?, r.review.get()?))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Review;

    #[test]
    fn fires_before_the_fourth_birthday() {
        let t = [csv::<Review>("CHILD,DOB,REVIEW,REVIEW_CODE\n1,10/05/2021,09/05/2025,PN1\n2,10/05/2021,10/05/2025,PN1\n3,10/05/2021,09/05/2025,PN0\n4,,09/05/2025,PN7")];
        assert_eq!(flagged("441", &t), [("Reviews", 0)]);
    }
}
