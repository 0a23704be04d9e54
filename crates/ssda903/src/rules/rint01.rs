//! INT01: every child in AD1 has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT01",
        message: "Data Integrity Check: Child in AD1 does not exist in Header.",
        severity: Severity::Error,
        tables: &["AD1", "Header"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.ad1.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Ad1};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Ad1>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT01", &t), [("AD1", 1), ("AD1", 2)]);
        assert!(flagged("INT01", &[csv::<Ad1>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
