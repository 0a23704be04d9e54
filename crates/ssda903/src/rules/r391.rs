//! 391: care leaver information (OC3) is only for young people aged 17 or over by 31 March.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "391",
        message: "Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["DOB", "IN_TOUCH", "ACTIV", "ACCOM"], |r| (r.in_touch.is_present() || r.activ.is_present() || r.accom.is_present()) && r.dob.get().is_some_and(|b| add_years(b, 17) > d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_for_under_17s() {
        let t = [csv::<Oc3>("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n1,31/03/2009,YES,F1,B1\n2,01/04/2009,YES,F1,B1\n3,01/04/2009,,,")];
        assert_eq!(flagged("391", &t), [("OC3", 1)]);
    }
}
