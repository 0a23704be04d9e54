//! 399: a child looked after only on short breaks (every episode LS V3 or V4) has no mother status and
//! no reviews: the episodes, the Header row and the offending review rows are flagged.

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
    let (Some(eps), Some(h), Some(reviews)) = (&d.this.episodes, &d.this.header, &d.this.reviews) else { return };
    for (child, rows) in eps.groups() {
        if !rows.iter().all(|e| matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))) {
            continue;
        }
        let headers = h.of(child);
        let mother = headers.iter().any(|r| r.mother.is_present());
        let bad_reviews: Vec<&Review> =
            reviews.of(child).into_iter().filter(|r| mother || r.review.is_present() || r.review_code.is_present()).collect();
        if mother || !bad_reviews.is_empty() {
            for e in &rows {
                s.flag(child, Episode::TABLE, e.row, &["LS"]);
            }
            for r in headers {
                s.flag(child, Header::TABLE, r.row, &["MOTHER"]);
            }
            for r in bad_reviews {
                s.flag(child, Review::TABLE, r.row, &["REVIEW", "REVIEW_CODE"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Review};

    #[test]
    fn fires_for_short_break_children_with_reviews_or_mother_status() {
        let e = csv::<Episode>("CHILD,LS\n1,V3\n1,V4\n2,V3\n2,C2\n3,V3");
        let h = csv::<Header>("CHILD,MOTHER\n1,\n2,1\n3,");
        let r = csv::<Review>("CHILD,REVIEW\n1,01/05/2025\n2,01/05/2025\n3,");
        assert_eq!(flagged("399", &[e, h, r]), [("Episodes", 0), ("Episodes", 1), ("Header", 0), ("Reviews", 0)]);
    }
}
