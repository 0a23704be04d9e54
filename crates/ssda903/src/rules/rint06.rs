//! INT06: every child in OC3 has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT06",
        message: "Internal Check: Child in OC3 does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "OC3"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.oc3.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Oc3};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Oc3>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT06", &t), [("OC3", 1), ("OC3", 2)]);
        assert!(flagged("INT06", &[csv::<Oc3>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
