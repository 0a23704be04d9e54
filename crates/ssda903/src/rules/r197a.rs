//! 197a: an SDQ score and a reason for no SDQ score are not both recorded.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "197a",
        message: "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SDQ_SCORE", "SDQ_REASON"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_SCORE", "SDQ_REASON"], |r| r.sdq_score.is_present() && r.sdq_reason.is_present());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_both_are_given() {
        let t = [csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,,5,SDQ1\n2,,5,\n3,,,SDQ2")];
        assert_eq!(flagged("197a", &t), [("OC2", 0)]);
    }
}
