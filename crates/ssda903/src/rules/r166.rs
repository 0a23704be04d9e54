//! 166: every review needs a real review date: a blank or unreadable REVIEW fires.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "166",
        message: "Date of review is invalid or blank.",
        severity: Severity::Error,
        tables: &["Reviews"],
        fields: &["REVIEW"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.reviews.as_ref(), s, &["REVIEW"], |r| r.review.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Review;

    #[test]
    fn fires_on_blank_and_unreadable_dates() {
        let t = [csv::<Review>("CHILD,REVIEW\n1,29/02/2024\n2,\n3,29/02/2025\n4,1/5/2025")];
        assert_eq!(flagged("166", &t), [("Reviews", 1), ("Reviews", 2)]);
    }
}
