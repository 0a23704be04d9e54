//! 120: the reason a decision to place for adoption was reversed, when given, must be RD1–RD4.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "120",
        message: "The reason for the reversal of the decision that the child should be placed for adoption code is not valid.",
        severity: Severity::Error,
        tables: &["PlacedAdoption"],
        fields: &["REASON_PLACED_CEASED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.placed_adoption.as_ref(), s, &["REASON_PLACED_CEASED"], |r| r.reason_placed_ceased.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<PlacedAdoption>("CHILD,REASON_PLACED_CEASED\n1,RD1\n2,RD5\n3,\n4,rd4")];
        assert_eq!(flagged("120", &t), [("PlacedAdoption", 1)]);
    }
}
