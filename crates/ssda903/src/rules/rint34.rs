//! INT34: a child has at most one row in OC3; every row of a repeated child is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT34",
        message: "Internal Check: Child should only exist once in OC3.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    repeated_children(d.this.oc3.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_for_repeated_children() {
        let t = [csv::<Oc3>("CHILD\n1\n2\n1")];
        assert_eq!(flagged("INT34", &t), [("OC3", 0), ("OC3", 2)]);
    }
}
