//! 158: a child who received an intervention for substance misuse (INTERVENTION_RECEIVED = 1)
//! needs no answer on whether one was offered: INTERVENTION_OFFERED must then be blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "158",
        message: "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], |r| r.intervention_received.get() == Some(true) && r.intervention_offered.is_present());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_offered_is_given_after_received() {
        let t = [csv::<Oc2>("CHILD,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n1,1,\n2,1,0\n3,0,1\n4,1,x")];
        assert_eq!(flagged("158", &t), [("OC2", 1), ("OC2", 3)]);
    }
}
