//! 434: RNE L says only the legal status changed, so compared with the child's previous episode
//! (in DECOM order) the LS must differ and PLACE, PL_POST, URN and PLACE_PROVIDER must all be the
//! same. Blank equals blank.

use super::prelude::*;
use super::r436::{flag_after_previous, same_placement};

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "434",
        message: "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_after_previous(d, s, RULE.meta.fields, |prev, e| {
        e.rne.get() == Some(ReasonNewEpisode::LegalStatus) && (e.ls == prev.ls || !same_placement(prev, e))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_unless_only_the_legal_status_changes() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,RNE,LS,PLACE,URN\n1,01/05/2025,S,C1,U1,\n1,01/06/2025,L,C2,U1,\n2,01/05/2025,S,C1,U1,\n2,01/06/2025,L,C1,U1,\n3,01/05/2025,S,C1,K2,SC1\n3,01/06/2025,L,C2,K2,SC2",
        )];
        assert_eq!(flagged("434", &t), [("Episodes", 3), ("Episodes", 5)]);
    }
}
