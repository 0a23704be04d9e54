//! 373: a child placed in a residential school must be at least 4 when the placement starts (PLACE S1, DECOM against the Header
//! DOB). (The reference validator checks only episodes that have ended; carefile checks open ones too.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "373",
        message: "Child placed in a school should be at least 4 years old.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_placements_under_age(d, s, PlacementType::S1, 4);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_before_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2021\n2,01/05/2021");
        let e = csv::<Episode>("CHILD,DECOM,PLACE\n1,30/04/2025,S1\n2,01/05/2025,S1\n1,30/04/2025,U1\n1,30/04/2025,S1");
        assert_eq!(flagged("373", &[h, e]), [("Episodes", 0), ("Episodes", 3)]);
    }
}
