//! INT35: a child has at most one row in PrevPerm; every row of a repeated child is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT35",
        message: "Internal Check: Child should only exist once in PrevPerm.",
        severity: Severity::Error,
        tables: &["PrevPerm"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    repeated_children(d.this.prev_perm.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PrevPerm;

    #[test]
    fn fires_for_repeated_children() {
        let t = [csv::<PrevPerm>("CHILD\n1\n2\n1")];
        assert_eq!(flagged("INT35", &t), [("PrevPerm", 0), ("PrevPerm", 2)]);
    }
}
