//! 215: a care leaver (any OC3 item given) cannot also have OC2 outcome items; both rows are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "215",
        message: "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.",
        severity: Severity::Error,
        tables: &["OC2", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(oc3), Some(oc2)) = (&d.this.oc3, &d.this.oc2) else { return };
    for o in oc3.iter().filter(|o| o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present()) {
        for t in oc2.of(&o.child) {
            let outcomes = [&t.convicted, &t.health_check, &t.immunisations, &t.teeth_check, &t.health_assessment, &t.substance_misuse, &t.intervention_received, &t.intervention_offered];
            if outcomes.iter().any(|c| c.is_present()) {
                s.flag(&o.child, Oc3::TABLE, o.row, &["IN_TOUCH", "ACTIV", "ACCOM"]);
                s.flag(&o.child, Oc2::TABLE, t.row, &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Oc2, Oc3};

    #[test]
    fn fires_for_care_leavers_with_outcomes() {
        let oc3 = csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,YES\n3,");
        let oc2 = csv::<Oc2>("CHILD,CONVICTED,SDQ_SCORE\n2,,5\n1,0,\n3,1,");
        assert_eq!(flagged("215", &[oc3, oc2]), [("OC2", 1), ("OC3", 0)]);
    }
}
