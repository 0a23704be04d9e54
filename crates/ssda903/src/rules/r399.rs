//! 399: children looked after only for short breaks (every episode LS V3 or V4) are not reported
//! with motherhood or review data. For such a child, when the Header's MOTHER or a review's REVIEW
//! or REVIEW_CODE is completed, the child's episodes are flagged with the Header rows and review
//! rows involved: a completed MOTHER implicates all the child's reviews, a completed review its
//! own row and the Header. Needs Episodes, Header and Reviews.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "399",
        message: "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.",
        severity: Severity::Error,
        tables: &["Episodes", "Header", "Reviews"],
        fields: &["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(header), Some(reviews)) = (&d.this.episodes, &d.this.header, &d.this.reviews) else { return };
    for (child, rows) in eps.groups() {
        if !rows.iter().all(|e| matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))) {
            continue;
        }
        // Every pairing of the child's Header rows with their reviews, either side possibly absent.
        let mut any = false;
        for h in or_none(header.of(child)) {
            let mother = h.is_some_and(|h| h.mother.is_present());
            for r in or_none(reviews.of(child)) {
                if mother || r.is_some_and(|r| r.review.is_present() || r.review_code.is_present()) {
                    any = true;
                    if let Some(h) = h {
                        s.flag(child, Header::TABLE, h.row, &["MOTHER"]);
                    }
                    if let Some(r) = r {
                        s.flag(child, Review::TABLE, r.row, &["REVIEW", "REVIEW_CODE"]);
                    }
                }
            }
        }
        if any {
            for e in &rows {
                s.flag(child, Episode::TABLE, e.row, &["LS"]);
            }
        }
    }
}

/// The rows as options, or a single `None` when there are none.
fn or_none<T>(rows: Vec<T>) -> Vec<Option<T>> {
    if rows.is_empty() { vec![None] } else { rows.into_iter().map(Some).collect() }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Review};

    #[test]
    fn fires_on_mother_or_review_data_for_short_breaks_only() {
        let eps = csv::<Episode>("CHILD,LS\n1,V3\n1,V4\n2,V3\n3,V3\n3,C2\n4,V4");
        let h = csv::<Header>("CHILD,MOTHER\n1,1\n2,\n3,1\n4,");
        let r = csv::<Review>("CHILD,REVIEW,REVIEW_CODE\n1,,\n2,01/05/2025,PN1\n2,,\n3,01/05/2025,PN1\n4,,");
        assert_eq!(
            flagged("399", &[eps, h, r]),
            [("Episodes", 0), ("Episodes", 1), ("Episodes", 2), ("Header", 0), ("Header", 1), ("Reviews", 0), ("Reviews", 1)]
        );
    }
}
