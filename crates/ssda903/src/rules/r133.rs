//! 133: a care leaver's accommodation (ACCOM) must be a DfE code or 0; a blank fires too.
//! S1 and X1 are not in the DfE's list: no fixed abode and custody can never be recorded as suitable.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "133",
        message: "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["ACCOM"], |r| r.accom.value().is_none_or(|a| matches!(a, Accommodation::S1 | Accommodation::X1)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_on_unknown_blank_and_never_suitable_codes() {
        let t = [csv::<Oc3>("CHILD,ACCOM\n1,B1\n2,S1\n3,\n4,X1\n5,S2\n6,0\n7,A1")];
        assert_eq!(flagged("133", &t), [("OC3", 1), ("OC3", 2), ("OC3", 3), ("OC3", 6)]);
    }
}
