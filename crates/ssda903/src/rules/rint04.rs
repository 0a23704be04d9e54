//! INT04: every child in Missing has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT04",
        message: "Internal Check: Child in Missing does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "Missing"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.missing.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Missing};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Missing>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT04", &t), [("Missing", 1), ("Missing", 2)]);
        assert!(flagged("INT04", &[csv::<Missing>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
