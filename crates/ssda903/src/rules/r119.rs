//! 119: a reversed decision to place for adoption needs both its date and its reason:
//! DATE_PLACED_CEASED and REASON_PLACED_CEASED are both given or both blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "119",
        message: "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed.",
        severity: Severity::Error,
        tables: &["PlacedAdoption"],
        fields: &["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.placed_adoption.as_ref(), s, &["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"], |r| r.date_placed_ceased.is_blank() != r.reason_placed_ceased.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_when_only_one_is_given() {
        let t = [csv::<PlacedAdoption>("CHILD,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n1,01/05/2025,RD1\n2,01/05/2025,\n3,,RD2\n4,,")];
        assert_eq!(flagged("119", &t), [("PlacedAdoption", 1), ("PlacedAdoption", 2)]);
    }
}
