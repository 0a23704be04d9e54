//! 710 (from 2026-27): a child under a DoLO cannot be in a secure children's home (K1), placed
//! with parents (P1), in a young offender institution (R5) or in supported accommodation (K3).
//! Each episode overlapping an ended DoLO (start and end given, as the DfE specifies) with one
//! of those placements fires, on the episode and the DoLO. The reference crashes here as soon
//! as an overlap exists (DISAGREEMENTS.toml); this is the DfE meaning.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "710",
        message: "Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, or supported accommodation.",
        severity: Severity::Error,
        tables: &["DoLo", "Episodes"],
        fields: &["DOLO_START", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_dolo_placements(d, s, |place| matches!(place, Some(PlacementType::K1 | PlacementType::P1 | PlacementType::R5 | PlacementType::K3)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{DoLo, Episode};

    #[test]
    fn dolo_in_a_forbidden_placement_fires() {
        let eps = csv::<Episode>("CHILD,DECOM,DEC,PLACE\n1,01/04/2026,01/05/2026,K1\n1,02/05/2026,,U4\n2,01/04/2026,,R5\n3,01/04/2026,,P1");
        // Child 1's order starts the day after the K1 episode ended.
        let dolo = csv::<DoLo>("CHILD,DOLO_START,DOLO_END\n1,02/05/2026,10/05/2026\n2,01/05/2026,10/05/2026\n3,01/05/2026,");
        assert_eq!(flagged("710", &[eps, dolo]), [("DoLo", 1), ("Episodes", 2)]);
    }
}
