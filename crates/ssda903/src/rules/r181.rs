//! 181: each of the OC2 yes/no items, when given, must be 0 or 1.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "181",
        message: "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], |r| [&r.convicted, &r.health_check, &r.immunisations, &r.teeth_check, &r.health_assessment, &r.substance_misuse, &r.intervention_received, &r.intervention_offered].iter().any(|c| c.is_invalid()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_any_item_is_not_0_or_1() {
        let t = [csv::<Oc2>("CHILD,CONVICTED,HEALTH_CHECK,INTERVENTION_OFFERED\n1,0,1,\n2,,,\n3,0,Y,\n4,,,2")];
        assert_eq!(flagged("181", &t), [("OC2", 2), ("OC2", 3)]);
    }
}
