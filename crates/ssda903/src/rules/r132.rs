//! 132: a care leaver's main activity (ACTIV) must be a DfE code or 0; a blank fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "132",
        message: "Data entry for activity after leaving care is invalid.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["ACTIV"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["ACTIV"], |r| r.activ.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_on_unknown_and_blank_codes() {
        let t = [csv::<Oc3>("CHILD,ACTIV\n1,F1\n2,F3\n3,\n4,0")];
        assert_eq!(flagged("132", &t), [("OC3", 1), ("OC3", 2)]);
    }
}
