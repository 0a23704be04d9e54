//! INT02: every child in PlacedAdoption has a Header row (an internal consistency check of the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT02",
        message: "Internal Check: Child in PlacedAdoption does not exist in Header.",
        severity: Severity::Error,
        tables: &["Header", "PlacedAdoption"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    not_in_header(d, d.this.placed_adoption.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, PlacedAdoption};

    #[test]
    fn fires_for_children_missing_from_header() {
        let t = [csv::<Header>("CHILD\n1"), csv::<PlacedAdoption>("CHILD\n1\n2\n2")];
        assert_eq!(flagged("INT02", &t), [("PlacedAdoption", 1), ("PlacedAdoption", 2)]);
        assert!(flagged("INT02", &[csv::<PlacedAdoption>("CHILD\n2")]).is_empty(), "no Header, no check");
    }
}
