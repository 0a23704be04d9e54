//! 393: a looked-after girl (SEX F) with an episode other than a short break (LS V3/V4) has MOTHER
//! completed.

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
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    flag_rows(Some(h), s, &["MOTHER"], |r| {
        r.sex.get() == Some(Sex::Female)
            && r.mother.is_blank()
            && eps.of(&r.child).iter().any(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_for_girls_without_mother_status() {
        let h = csv::<Header>("CHILD,SEX,MOTHER\n1,F,\n2,F,0\n3,M,\n4,F,\n5,F,");
        let e = csv::<Episode>("CHILD,LS\n1,C2\n2,C2\n3,C2\n4,V3");
        assert_eq!(flagged("393", &[h, e]), [("Header", 0)]);
    }
}
