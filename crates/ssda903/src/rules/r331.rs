//! 331: for an adopted child (episode ending E11 or E12) the date of matching with adopters
//! (DATE_MATCH) is on or before the start of that episode (the placement for adoption).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "331",
        message: "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["DATE_MATCH", "DECOM", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(ad1), Some(eps)) = (&d.this.ad1, &d.this.episodes) else { return };
    let adopted = |e: &&Episode| matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12));
    for e in eps.iter().filter(adopted) {
        for a in ad1.of(&e.child) {
            if a.date_match.get().zip(e.decom.get()).is_some_and(|(m, c)| m > c) {
                s.flag(&e.child, Ad1::TABLE, a.row, &["DATE_MATCH"]);
                s.flag(&e.child, Episode::TABLE, e.row, &["DECOM", "REC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn fires_when_matching_is_after_placement() {
        let a = csv::<Ad1>("CHILD,DATE_MATCH\n1,02/05/2025\n2,01/05/2025\n3,02/05/2025");
        let e = csv::<Episode>("CHILD,DECOM,REC\n1,01/05/2025,E11\n2,01/05/2025,E12\n3,01/05/2025,E13");
        assert_eq!(flagged("331", &[a, e]), [("AD1", 0), ("Episodes", 0)]);
    }
}
