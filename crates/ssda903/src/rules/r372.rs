//! 372: a child in a young offender institution or prison must be at least 10 when the placement starts (PLACE R5, DECOM against the Header
//! DOB). (The reference validator checks only episodes that have ended; carefile checks open ones too.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "372",
        message: "Child in youth custody or prison should be at least 10.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_placements_under_age(d, s, PlacementType::R5, 10);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_before_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2015\n2,01/05/2015");
        let e = csv::<Episode>("CHILD,DECOM,PLACE\n1,30/04/2025,R5\n2,01/05/2025,R5\n1,30/04/2025,U1\n1,30/04/2025,R5");
        assert_eq!(flagged("372", &[h, e]), [("Episodes", 0), ("Episodes", 3)]);
    }
}
