//! INT08: every child in Reviews has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT08",
        message: "Internal Check: Child in Reviews does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "Reviews"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.reviews.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Review};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Review>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT08", &t), [("Reviews", 1), ("Reviews", 2)]);
        assert!(flagged("INT08", &[csv::<Review>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
