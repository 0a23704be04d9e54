//! 167: a review's participation code must be PN0–PN7 when the review date is given, and blank
//! when it is not (a review row with neither is not flagged).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "167",
        message: "Data entry for participation is invalid or blank.",
        severity: Severity::Error,
        tables: &["Reviews"],
        fields: &["REVIEW_CODE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.reviews.as_ref(), s, &["REVIEW_CODE"], |r| if r.review.is_present() { r.review_code.value().is_none() } else { r.review_code.is_present() });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Review;

    #[test]
    fn fires_on_bad_or_missing_codes_and_codes_without_a_date() {
        let t = [csv::<Review>("CHILD,REVIEW,REVIEW_CODE\n1,01/05/2025,PN1\n2,01/05/2025,\n3,01/05/2025,PN8\n4,,PN1\n5,,")];
        assert_eq!(flagged("167", &t), [("Reviews", 1), ("Reviews", 2), ("Reviews", 3)]);
    }
}
