//! 114: whether the adopters were the child's foster carers (FOSTER_CARE), when given, must be 0 or 1.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "114",
        message: "Data entry to record the status of former carer(s) of an adopted child is invalid.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["FOSTER_CARE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["FOSTER_CARE"], |r| r.foster_care.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_on_values_other_than_0_or_1() {
        let t = [csv::<Ad1>("CHILD,FOSTER_CARE\n1,0\n2,1\n3,\n4,2\n5,Y")];
        assert_eq!(flagged("114", &t), [("AD1", 3), ("AD1", 4)]);
    }
}
