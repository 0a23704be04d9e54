//! 374: a child in residential employment must be at least 14 when the placement starts (PLACE P3, DECOM against the Header
//! DOB). (The reference validator checks only episodes that have ended; carefile checks open ones too.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "374",
        message: "Child in residential employment should be at least 14 years old.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_placements_under_age(d, s, PlacementType::P3, 14);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_before_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2011\n2,01/05/2011");
        let e = csv::<Episode>("CHILD,DECOM,PLACE\n1,30/04/2025,P3\n2,01/05/2025,P3\n1,30/04/2025,U1\n1,30/04/2025,P3");
        assert_eq!(flagged("374", &[h, e]), [("Episodes", 0), ("Episodes", 3)]);
    }
}
