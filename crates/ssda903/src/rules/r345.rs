//! 345: a care leaver the authority is in touch with (IN_TOUCH YES) has an activity and accommodation
//! other than 0.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "345",
        message: "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["IN_TOUCH", "ACTIV", "ACCOM"], |r| r.in_touch.get() == Some(InTouch::Yes) && (r.activ.get() == Some(Activity::Zero) || r.accom.get() == Some(Accommodation::Zero)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_when_either_is_zero() {
        let t = [csv::<Oc3>("CHILD,IN_TOUCH,ACTIV,ACCOM\n1,YES,0,B1\n2,YES,F1,0\n3,YES,F1,B1\n4,NO,0,0")];
        assert_eq!(flagged("345", &t), [("OC3", 0), ("OC3", 1)]);
    }
}
