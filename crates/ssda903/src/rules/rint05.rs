//! INT05: every child in OC2 has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT05",
        message: "Internal Check: Child in OC2 does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "OC2"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.oc2.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Oc2};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Oc2>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT05", &t), [("OC2", 1), ("OC2", 2)]);
        assert!(flagged("INT05", &[csv::<Oc2>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
