//! 182: when any of CONVICTED, HEALTH_CHECK, INTERVENTION_RECEIVED or INTERVENTION_OFFERED is given, the
//! items on immunisations, teeth check, health assessment and substance misuse must all be given.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "182",
        message: "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], |r| [&r.immunisations, &r.teeth_check, &r.health_assessment, &r.substance_misuse].iter().any(|c| c.is_blank()) && [&r.convicted, &r.health_check, &r.intervention_received, &r.intervention_offered].iter().any(|c| c.is_present()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_health_items_are_missing_but_others_are_given() {
        let t = [csv::<Oc2>("CHILD,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,CONVICTED\n1,1,1,1,0,0\n2,1,,1,0,0\n3,,,,,\n4,1,,1,0,")];
        assert_eq!(flagged("182", &t), [("OC2", 1)]);
    }
}
