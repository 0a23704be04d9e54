//! 361: police protection (72 hours) cannot last longer than the law allows: a spell of episodes under legal status L1
//! (joined while each starts when the previous ends) longer than 3 days from its first start to its
//! last end (an open end counts as 31 March) has all its episodes flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "361",
        message: "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "LS", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_long_spells(d, s, LegalStatus::L1, 3);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_spells_over_3_days() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,DEC,LS\n1,01/05/2025,04/05/2025,L1\n1,04/05/2025,05/05/2025,L1\n2,01/05/2025,04/05/2025,L1\n3,01/05/2025,05/05/2025,C2\n4,25/03/2026,,L1",
        )];
        assert_eq!(flagged("361", &t), [("Episodes", 0), ("Episodes", 1), ("Episodes", 4)]);
    }
}
