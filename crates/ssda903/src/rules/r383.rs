//! 383: after a temporary placement (T0–T4) the child returns to the normal placement: the episode
//! after it starts with RNE P, and has the same placement type and postcode as the episode before it.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "383",
        message: "A child in a temporary placement must subsequently return to his/her normal placement.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "RNE", "PL_POST"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, rows) in eps.groups() {
        for w in by_decom(rows).windows(3) {
            let (before, temp, after) = (w[0], w[1], w[2]);
            if temp.place.get().is_some_and(PlacementType::is_temporary)
                && (after.rne.get() != Some(ReasonNewEpisode::PlacementAndCarer) || after.place != before.place || after.pl_post != before.pl_post)
            {
                s.flag(child, Episode::TABLE, after.row, &["PLACE", "RNE", "PL_POST"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_the_child_does_not_return() {
        let e = csv::<Episode>(
            "CHILD,DECOM,PLACE,RNE,PL_POST\n1,01/04/2025,U1,S,LE1\n1,01/05/2025,T1,P,\n1,10/05/2025,U1,P,LE1\n2,01/04/2025,U1,S,LE1\n2,01/05/2025,T1,P,\n2,10/05/2025,U1,P,LE2",
        );
        assert_eq!(flagged("383", &[e]), [("Episodes", 5)]);
    }
}
