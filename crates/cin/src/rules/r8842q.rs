//! 8842Q: a child protection plan review record should have its date.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8842Q",
        message: "Please check and either amend or provide a reason: Review Record has a missing date",
        severity: Severity::Query,
        tables: &["Reviews"],
        fields: &["CPPreviewDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.reviews, &["CPPreviewDate"], |r| r.review_date.get().is_none());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_review_without_date() {
        assert_eq!(hits(&RULE, &one(&cpp("<Reviews/>"))), [("Reviews", 0)]);
        assert_eq!(
            hits(&RULE, &one(&cpp("<Reviews><CPPreviewDate>2025-07-01</CPPreviewDate><CPPreviewDate/></Reviews>"))),
            [("Reviews", 1)]
        );
        assert!(hits(&RULE, &one(&cpp("<Reviews><CPPreviewDate>2025-07-01</CPPreviewDate></Reviews>"))).is_empty());
    }
}
