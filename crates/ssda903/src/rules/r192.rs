//! 192: a child with a substance misuse problem needs INTERVENTION_RECEIVED completed.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "192",
        message: "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"], |r| r.substance_misuse.get() == Some(true) && r.intervention_received.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_received_is_blank() {
        let t = [csv::<Oc2>("CHILD,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED\n1,1,\n2,1,0\n3,0,")];
        assert_eq!(flagged("192", &t), [("OC2", 0)]);
    }
}
