//! 196: the reason for no SDQ score, when given, must be SDQ1–SDQ5.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "196",
        message: "Strengths and Difficulties (SDQ) reason is not a valid code.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SDQ_REASON"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_REASON"], |r| r.sdq_reason.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Oc2>("CHILD,SDQ_REASON\n1,SDQ1\n2,SDQ6\n3,")];
        assert_eq!(flagged("196", &t), [("OC2", 1)]);
    }
}
