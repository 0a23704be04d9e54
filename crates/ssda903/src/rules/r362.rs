//! 362: an emergency protection order (21 days) cannot last longer than the law allows: a spell of episodes under legal status L2
//! (joined while each starts when the previous ends) longer than 21 days from its first start to its
//! last end (an open end counts as 31 March) has all its episodes flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "362",
        message: "Emergency protection order (EPO) lasted longer than 21 days",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "LS", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_long_spells(d, s, LegalStatus::L2, 21);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_spells_over_21_days() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,DEC,LS\n1,01/05/2025,22/05/2025,L2\n1,22/05/2025,23/05/2025,L2\n2,01/05/2025,22/05/2025,L2\n3,01/05/2025,23/05/2025,C2\n4,25/03/2026,,L2",
        )];
        assert_eq!(flagged("362", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
