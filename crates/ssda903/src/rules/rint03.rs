//! INT03: every child in Episodes has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT03",
        message: "Internal Check: Child in Episodes does not exist in Header.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.episodes.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Episode};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Episode>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT03", &t), [("Episodes", 1), ("Episodes", 2)]);
        assert!(flagged("INT03", &[csv::<Episode>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
