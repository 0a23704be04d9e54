//! 436: RNE B or U says both the legal status and the placement changed, so compared with the
//! child's previous episode (in DECOM order) the LS must differ and at least one of PLACE,
//! PL_POST, URN and PLACE_PROVIDER must differ. Blank equals blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "436",
        message: "Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use ReasonNewEpisode::{LegalStatusAndPlacement, LegalStatusPlacementAndCarer};
    flag_after_previous(d, s, RULE.meta.fields, |prev, e| {
        matches!(e.rne.get(), Some(LegalStatusPlacementAndCarer | LegalStatusAndPlacement)) && (e.ls == prev.ls || same_placement(prev, e))
    });
}

/// For each child's episodes in DECOM order (unreadable DECOMs last), flags each episode `e`
/// for which `bad(previous, e)` holds.
pub(super) fn flag_after_previous(d: &Input, s: &mut Sink, fields: &'static [&'static str], bad: impl Fn(&Episode, &Episode) -> bool) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, rows) in eps.groups() {
        for w in by_decom(rows).windows(2) {
            if bad(w[0], w[1]) {
                s.flag(child, Episode::TABLE, w[1].row, fields);
            }
        }
    }
}

/// Whether two episodes have the same placement: PLACE, PL_POST, URN and PLACE_PROVIDER all equal.
pub(super) fn same_placement(a: &Episode, b: &Episode) -> bool {
    a.place == b.place && a.pl_post == b.pl_post && a.urn == b.urn && a.place_provider == b.place_provider
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_unless_both_status_and_placement_change() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,RNE,LS,PLACE,URN\n1,01/05/2025,S,C1,U1,\n1,01/06/2025,B,C2,U4,\n2,01/05/2025,S,C1,U1,\n2,01/06/2025,U,C1,U4,\n3,01/05/2025,S,C1,U1,\n3,01/06/2025,B,C2,U1,\n4,01/05/2025,S,,K2,SC1\n4,01/06/2025,U,,K2,SC2",
        )];
        assert_eq!(flagged("436", &t), [("Episodes", 3), ("Episodes", 5), ("Episodes", 7)]);
    }
}
