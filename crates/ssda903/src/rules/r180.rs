//! 180: the SDQ score, when given, must be a whole number from 0 to 40.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "180",
        message: "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SDQ_SCORE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_SCORE"], |r| r.sdq_score.is_invalid() || r.sdq_score.get().is_some_and(|n| n > 40));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_outside_0_to_40() {
        let t = [csv::<Oc2>("CHILD,SDQ_SCORE\n1,0\n2,40\n3,41\n4,\n5,1.5\n6,-1")];
        assert_eq!(flagged("180", &t), [("OC2", 2), ("OC2", 4), ("OC2", 5)]);
    }
}
