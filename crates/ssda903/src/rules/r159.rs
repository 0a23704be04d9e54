//! 159: a child with a substance misuse problem who did not receive an intervention
//! (SUBSTANCE_MISUSE = 1, INTERVENTION_RECEIVED = 0) must say whether one was offered.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "159",
        message: "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], |r| r.substance_misuse.get() == Some(true) && r.intervention_received.get() == Some(false) && r.intervention_offered.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_offered_is_missing() {
        let t = [csv::<Oc2>("CHILD,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n1,1,0,\n2,1,0,1\n3,0,0,\n4,1,1,")];
        assert_eq!(flagged("159", &t), [("OC2", 0)]);
    }
}
