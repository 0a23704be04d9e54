//! 375: a temporary stay in hospital (PLACE T1) lasts at most 42 days: an ended episode whose DEC is more than
//! 42 days after its DECOM is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "375",
        message: "Hospitalisation coded as a temporary placement exceeds six weeks.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_long_placements(d, s, PlacementType::T1, 42);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_after_42_days() {
        let e = csv::<Episode>("CHILD,DECOM,DEC,PLACE\n1,01/05/2025,12/06/2025,T1\n2,01/05/2025,13/06/2025,T1\n3,01/05/2025,13/06/2025,U1\n4,01/05/2025,,T1");
        assert_eq!(flagged("375", &[e]), [("Episodes", 1)]);
    }
}
