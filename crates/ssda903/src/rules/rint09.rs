//! INT09: every child in UASC has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT09",
        message: "Internal Check: Child in UASC does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "UASC"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.uasc.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<Uasc>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT09", &t), [("UASC", 1), ("UASC", 2)]);
        assert!(flagged("INT09", &[csv::<Uasc>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
