//! INT07: every child in PrevPerm has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT07",
        message: "Internal Check: Child in PrevPerm does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "PrevPerm"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.prev_perm.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, PrevPerm};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<PrevPerm>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT07", &t), [("PrevPerm", 1), ("PrevPerm", 2)]);
        assert!(flagged("INT07", &[csv::<PrevPerm>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
