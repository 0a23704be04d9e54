//! 153: the three care leaver items of OC3 (IN_TOUCH, ACTIV, ACCOM) are all given or all blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "153",
        message: "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["IN_TOUCH", "ACTIV", "ACCOM"], |r| !(r.in_touch.is_blank() == r.activ.is_blank() && r.activ.is_blank() == r.accom.is_blank()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_when_some_but_not_all_are_given() {
        let t = [csv::<Oc3>("CHILD,IN_TOUCH,ACTIV,ACCOM\n1,YES,F1,B1\n2,,,\n3,YES,,\n4,,,0")];
        assert_eq!(flagged("153", &t), [("OC3", 2), ("OC3", 3)]);
    }
}
