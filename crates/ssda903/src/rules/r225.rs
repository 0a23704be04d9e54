//! 225: when an episode ends with X1 and the next starts a placement change (RNE P, B, T or U), the
//! reason for the placement change is recorded, unless either placement is temporary (T0–T4).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "225",
        message: "Reason for placement change must be recorded.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REASON_PLACE_CHANGE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let temporary = |e: &Episode| e.place.get().is_some_and(PlacementType::is_temporary);
    for (child, rows) in eps.groups() {
        for pair in by_decom(rows).windows(2) {
            let (e, next) = (pair[0], pair[1]);
            use ReasonNewEpisode::*;
            if e.rec.get() == Some(ReasonEpisodeCeased::X1)
                && e.reason_place_change.is_blank()
                && !temporary(e)
                && matches!(next.rne.get(), Some(PlacementAndCarer | LegalStatusPlacementAndCarer | PlacementOnly | LegalStatusAndPlacement))
                && !temporary(next)
            {
                s.flag(child, Episode::TABLE, e.row, &["REASON_PLACE_CHANGE"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_placement_changes_without_a_reason() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,REC,RNE,PLACE,REASON_PLACE_CHANGE\n1,01/06/2025,,P,U1,\n1,01/04/2025,X1,S,U1,\n2,01/04/2025,X1,S,U1,CARPL\n2,01/06/2025,,P,U1,\n3,01/04/2025,X1,S,U1,\n3,01/06/2025,,L,U1,\n4,01/04/2025,X1,S,U1,\n4,01/06/2025,,T,T1,",
        )];
        assert_eq!(flagged("225", &t), [("Episodes", 1)]);
    }
}
