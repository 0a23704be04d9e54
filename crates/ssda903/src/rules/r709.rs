//! 709 (from 2026-27): a child under a DoLO is expected to be in a children's home: K2, or
//! unregistered children's home placements Z12/Z13. Each episode overlapping an ended DoLO
//! (start and end given, as the DfE specifies) in any other placement (or none) fires, on the
//! episode and the DoLO. The reference crashes here as soon as an overlap exists (it reads a
//! PLACEMENT column that does not exist; DISAGREEMENTS.toml); this is the DfE meaning.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "709",
        message: "Child with a DoLO is in an unexpected placement type.",
        severity: Severity::Error,
        tables: &["DoLo", "Episodes"],
        fields: &["DOLO_START", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_dolo_placements(d, s, |place| !matches!(place, Some(PlacementType::K2 | PlacementType::Z12 | PlacementType::Z13)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{DoLo, Episode};

    #[test]
    fn dolo_outside_a_childrens_home_fires() {
        let eps = csv::<Episode>(
            "CHILD,DECOM,DEC,PLACE\n1,01/04/2026,01/05/2026,K2\n1,01/05/2026,,U4\n2,01/04/2026,10/05/2026,Z12\n2,10/05/2026,,U4\n3,01/04/2026,,U4",
        );
        // Child 2's order ends the day the U4 episode begins: that counts as overlapping.
        // Child 3's order is open, so not judged.
        let dolo = csv::<DoLo>("CHILD,DOLO_START,DOLO_END\n1,01/04/2026,30/04/2026\n1,02/05/2026,10/05/2026\n2,01/04/2026,10/05/2026\n3,01/04/2026,");
        assert_eq!(flagged("709", &[eps, dolo]), [("DoLo", 1), ("DoLo", 2), ("Episodes", 1), ("Episodes", 3)]);
    }
}
