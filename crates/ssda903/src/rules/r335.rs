//! 335: for an adopted child (episode ending E11 or E12), FOSTER_CARE agrees with the placement: 1
//! (adopted by the foster carers) for A3/A5 (placed with current foster carers), 0 for A4/A6.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "335",
        message: "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["PLACE", "FOSTER_CARE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(ad1), Some(eps)) = (&d.this.ad1, &d.this.episodes) else { return };
    use PlacementType::*;
    for e in eps.iter().filter(|e| matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12))) {
        for a in ad1.of(&e.child) {
            let clash = match (e.place.get(), a.foster_care.get()) {
                (Some(A3 | A5), Some(false)) | (Some(A4 | A6), Some(true)) => true,
                _ => false,
            };
            if clash {
                s.flag(&e.child, Episode::TABLE, e.row, &["PLACE"]);
                s.flag(&e.child, Ad1::TABLE, a.row, &["FOSTER_CARE"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn fires_when_foster_care_contradicts_the_placement() {
        let e = csv::<Episode>("CHILD,PLACE,REC\n1,A3,E11\n2,A4,E12\n3,A5,E11\n4,A3,E4A");
        let a = csv::<Ad1>("CHILD,FOSTER_CARE\n1,0\n2,1\n3,1\n4,0");
        assert_eq!(flagged("335", &[e, a]), [("AD1", 0), ("AD1", 1), ("Episodes", 0), ("Episodes", 1)]);
    }
}
