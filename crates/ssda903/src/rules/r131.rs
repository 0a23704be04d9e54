//! 131: a care leaver's IN_TOUCH must be one of YES NO DIED REFU NREQ RHOM; a blank fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "131",
        message: "Data entry for being in touch after leaving care is invalid.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["IN_TOUCH"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc3.as_ref(), s, &["IN_TOUCH"], |r| r.in_touch.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_on_unknown_and_blank_codes() {
        let t = [csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,Y\n3,\n4,rhom")];
        assert_eq!(flagged("131", &t), [("OC3", 1), ("OC3", 2)]);
    }
}
