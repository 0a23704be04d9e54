//! 380: a temporary placement (T0–T4) only follows a change of placement (RNE P or B); it cannot start
//! a period of care.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "380",
        message: "A period of care cannot start with a temporary placement.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "RNE"], |e| {
        e.place.get().is_some_and(PlacementType::is_temporary) && !matches!(e.rne.get(), Some(ReasonNewEpisode::PlacementAndCarer | ReasonNewEpisode::LegalStatusPlacementAndCarer))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let e = csv::<Episode>("CHILD,PLACE,RNE\n1,T1,S\n2,T1,P\n3,T0,B\n4,T4,\n5,U1,S");
        assert_eq!(flagged("380", &[e]), [("Episodes", 0), ("Episodes", 3)]);
    }
}
