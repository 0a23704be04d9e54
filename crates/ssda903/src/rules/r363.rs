//! 363: a child assessment order (7 days) cannot last longer than the law allows: a spell of episodes under legal status L3
//! (joined while each starts when the previous ends) longer than 7 days from its first start to its
//! last end (an open end counts as 31 March) has all its episodes flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "363",
        message: "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "DECOM", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_long_spells(d, s, LegalStatus::L3, 7);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_spells_over_7_days() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,DEC,LS\n1,01/05/2025,08/05/2025,L3\n1,08/05/2025,09/05/2025,L3\n2,01/05/2025,08/05/2025,L3\n3,01/05/2025,09/05/2025,C2\n4,25/03/2026,,L3",
        )];
        assert_eq!(flagged("363", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
