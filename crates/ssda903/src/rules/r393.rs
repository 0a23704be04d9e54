//! 393: whether a looked-after girl is a mother (MOTHER) must be completed. A female child's
//! Header row (SEX F) is flagged when MOTHER is blank and she has an episode other than a short
//! break (LS not V3 or V4; a blank or unreadable LS counts).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "393",
        message: "Child is looked after but mother field is not completed.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["MOTHER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    flag_rows(d.this.header.as_ref(), s, &["MOTHER"], |h| {
        h.sex.get() == Some(Sex::Female)
            && h.mother.is_blank()
            && eps.of(&h.child).iter().any(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_for_looked_after_girls_without_mother() {
        let eps = csv::<Episode>("CHILD,LS\n1,C2\n2,C2\n3,V3\n4,\n5,C2");
        let h = csv::<Header>("CHILD,SEX,MOTHER\n1,F,\n2,F,0\n3,F,\n4,f,\n5,M,\n6,F,");
        assert_eq!(flagged("393", &[eps, h]), [("Header", 0), ("Header", 3)]);
    }
}
