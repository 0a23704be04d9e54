//! INT33: a child has at most one row in OC2; every row of a repeated child is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT33",
        message: "Internal Check: Child should only exist once in OC2.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    repeated_children(d.this.oc2.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_repeated_children() {
        let t = [csv::<Oc2>("CHILD\n1\n2\n1")];
        assert_eq!(flagged("INT33", &t), [("OC2", 0), ("OC2", 2)]);
    }
}
