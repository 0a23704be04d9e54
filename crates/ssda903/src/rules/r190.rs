//! 190: the OC2 outcome items are only recorded for a child looked after continuously for 12 months.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "190",
        message: "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let cla = continuously_looked_after(d);
    flag_rows(d.this.oc2.as_ref(), s, &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], |r| !cla.contains(&*r.child) && [&r.convicted, &r.health_check, &r.immunisations, &r.teeth_check, &r.health_assessment, &r.substance_misuse, &r.intervention_received, &r.intervention_offered].iter().any(|c| c.is_present()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_outcomes_of_children_not_looked_after_all_year() {
        let t = [csv::<crate::tables::Episode>("CHILD,DECOM,RNE,LS,DEC,REC\n1,01/01/2024,S,C2,,\n2,01/06/2025,S,C2,,"), csv::<Oc2>("CHILD,CONVICTED,TEETH_CHECK\n1,0,1\n2,0,\n2,,\n3,,1")];
        assert_eq!(flagged("190", &t), [("OC2", 1), ("OC2", 3)]);
    }
}
