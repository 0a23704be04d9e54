//! 376: a temporary placement while the usual foster carers are on holiday (PLACE T3) lasts at most 21 days: an ended episode whose DEC is more than
//! 21 days after its DECOM is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "376",
        message: "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_long_placements(d, s, PlacementType::T3, 21);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_after_21_days() {
        let e = csv::<Episode>("CHILD,DECOM,DEC,PLACE\n1,01/05/2025,22/05/2025,T3\n2,01/05/2025,23/05/2025,T3\n3,01/05/2025,23/05/2025,U1\n4,01/05/2025,,T3");
        assert_eq!(flagged("376", &[e]), [("Episodes", 1)]);
    }
}
