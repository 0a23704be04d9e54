//! 371: a child in supported accommodation must be at least 16 when the placement starts (PLACE K3, DECOM against the Header
//! DOB). (The reference validator checks only episodes that have ended; carefile checks open ones too.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "371",
        message: "Child in supported accomodation not subject to children’s homes regulations should be at least 16.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_placements_under_age(d, s, PlacementType::K3, 16);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_before_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2009\n2,01/05/2009");
        let e = csv::<Episode>("CHILD,DECOM,PLACE\n1,30/04/2025,K3\n2,01/05/2025,K3\n1,30/04/2025,U1\n1,30/04/2025,K3");
        assert_eq!(flagged("371", &[h, e]), [("Episodes", 0), ("Episodes", 3)]);
    }
}
