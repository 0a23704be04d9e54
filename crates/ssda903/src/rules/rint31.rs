//! INT31: a child has at most one row in AD1; every row of a repeated child is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT31",
        message: "Internal Check: Child should only exist once in AD1.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    repeated_children(d.this.ad1.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_for_repeated_children() {
        let t = [csv::<Ad1>("CHILD\n1\n2\n1")];
        assert_eq!(flagged("INT31", &t), [("AD1", 0), ("AD1", 2)]);
    }
}
