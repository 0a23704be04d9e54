//! 435: RNE P or T says the placement changed but not the legal status, so compared with the
//! child's previous episode (in DECOM order) the LS must be the same and at least one of PLACE,
//! PL_POST, URN and PLACE_PROVIDER must differ. Blank equals blank here; the reference validator
//! treats two blanks as different, so it flags a blank LS carried over and misses an unchanged
//! placement whose URN or PL_POST is blank (see DISAGREEMENTS.toml).

use super::prelude::*;
use super::r436::{flag_after_previous, same_placement};

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "435",
        message: "Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use ReasonNewEpisode::{PlacementAndCarer, PlacementOnly};
    flag_after_previous(d, s, RULE.meta.fields, |prev, e| {
        matches!(e.rne.get(), Some(PlacementAndCarer | PlacementOnly)) && (e.ls != prev.ls || same_placement(prev, e))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_unless_only_the_placement_changes() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,RNE,LS,PLACE,PL_POST\n1,01/05/2025,S,C2,U1,\n1,01/06/2025,P,C2,U4,\n2,01/05/2025,S,C1,U1,\n2,01/06/2025,T,C2,U4,\n3,01/05/2025,S,C2,U1,\n3,01/06/2025,P,C2,U1,\n4,01/05/2025,S,,U1,\n4,01/06/2025,T,,U1,LE1 1AA",
        )];
        assert_eq!(flagged("435", &t), [("Episodes", 3), ("Episodes", 5)]);
    }
}
