//! 193: a child without a substance misuse problem (SUBSTANCE_MISUSE blank or 0) has neither
//! INTERVENTION_RECEIVED nor INTERVENTION_OFFERED completed.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "193",
        message: "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], |r| matches!(r.substance_misuse, Cell::Blank | Cell::Valid(false)) && (r.intervention_received.is_present() || r.intervention_offered.is_present()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_interventions_are_given_without_misuse() {
        let t = [csv::<Oc2>("CHILD,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n1,0,1,\n2,,,0\n3,1,1,\n4,0,,\n5,x,1,")];
        assert_eq!(flagged("193", &t), [("OC2", 0), ("OC2", 1)]);
    }
}
