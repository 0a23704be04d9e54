//! 607: a girl (SEX F) who left care during the year (an episode with DEC in the year and a REC
//! other than X1), other than from short breaks (LS V3/V4), must have MOTHER completed. A blank
//! MOTHER flags the Header row and each such episode. A blank LS counts as not a short break.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "607",
        message: "Child ceased to be looked after in the year, but mother field has not been completed.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DEC", "REC", "MOTHER", "LS", "SEX"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(header)) = (&d.this.episodes, &d.this.header) else { return };
    let year = d.year();
    for h in header.iter().filter(|h| h.sex.get() == Some(Sex::Female) && h.mother.is_blank()) {
        let left = |e: &&Episode| {
            e.dec.get().is_some_and(|x| year.contains(x))
                && e.rec.is_present()
                && e.rec.get() != Some(ReasonEpisodeCeased::X1)
                && !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))
        };
        for e in eps.of(&h.child).into_iter().filter(left) {
            s.flag(&h.child, Episode::TABLE, e.row, &["DEC", "REC", "LS"]);
            s.flag(&h.child, Header::TABLE, h.row, &["MOTHER", "SEX"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn girl_leaving_care_needs_mother() {
        let h = csv::<Header>("CHILD,SEX,MOTHER\n1,F,\n2,F,0\n3,M,\n4,F,\n5,F,");
        let e = csv::<Episode>("CHILD,DEC,REC,LS\n1,31/03/2026,E4A,C2\n2,10/05/2025,E4A,C2\n3,10/05/2025,E4A,C2\n4,10/05/2025,X1,C2\n5,10/05/2025,E4A,V3\n1,31/03/2025,E4A,C2");
        assert_eq!(flagged("607", &[h, e]), [("Episodes", 0), ("Header", 0)]);
    }
}
