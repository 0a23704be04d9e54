//! 390: a child adopted (REC E11 or E12) leaves care from a placement for adoption (A3–A6).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "390",
        message: "Reason episode ceased is adopted but child has not been previously placed for adoption.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "REC"], |r| matches!(r.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)) && !r.place.get().is_some_and(PlacementType::is_adoption));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_adoptions_from_other_placements() {
        let t = [csv::<Episode>("CHILD,REC,PLACE\n1,E11,A3\n2,E12,U1\n3,E11,\n4,E4A,U1")];
        assert_eq!(flagged("390", &t), [("Episodes", 1), ("Episodes", 2)]);
    }
}
