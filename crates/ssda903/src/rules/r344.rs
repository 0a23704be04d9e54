//! 344: a care leaver who has died or returned home (IN_TOUCH DIED or RHOM) has activity and
//! accommodation both recorded as 0.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "344",
        message: "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["IN_TOUCH", "ACTIV", "ACCOM"], |r| matches!(r.in_touch.get(), Some(InTouch::Died | InTouch::ReturnedHome)) && (r.activ.get() != Some(Activity::Zero) || r.accom.get() != Some(Accommodation::Zero)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_unless_both_are_zero() {
        let t = [csv::<Oc3>("CHILD,IN_TOUCH,ACTIV,ACCOM\n1,DIED,0,0\n2,DIED,F1,0\n3,RHOM,0,\n4,YES,F1,B1")];
        assert_eq!(flagged("344", &t), [("OC3", 1), ("OC3", 2)]);
    }
}
