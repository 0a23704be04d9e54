//! 379: a temporary placement for another reason (PLACE T4) lasts at most 7 days: an ended episode whose DEC is more than
//! 7 days after its DECOM is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "379",
        message: "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_long_placements(d, s, PlacementType::T4, 7);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_after_7_days() {
        let e = csv::<Episode>("CHILD,DECOM,DEC,PLACE\n1,01/05/2025,08/05/2025,T4\n2,01/05/2025,09/05/2025,T4\n3,01/05/2025,09/05/2025,U1\n4,01/05/2025,,T4");
        assert_eq!(flagged("379", &[e]), [("Episodes", 1)]);
    }
}
