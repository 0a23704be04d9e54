//! 523: the decision that a child should be placed for adoption (PlacedAdoption DATE_PLACED) and
//! the decision that adoption is in the child's best interests (AD1 DATE_INT) are the same
//! decision, so the dates should match. Every pair of the child's readable dates that differ
//! flags both rows; blank or unreadable dates are left to 112 and 115.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "523",
        message: "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).",
        severity: Severity::Error,
        tables: &["AD1", "PlacedAdoption"],
        fields: &["DATE_PLACED", "DATE_INT"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(placed), Some(ad1)) = (&d.this.placed_adoption, &d.this.ad1) else { return };
    for p in placed.iter() {
        let Some(decided) = p.date_placed.get() else { continue };
        for a in ad1.of(&p.child).into_iter().filter(|a| a.date_int.get().is_some_and(|di| di != decided)) {
            s.flag(&p.child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED"]);
            s.flag(&p.child, Ad1::TABLE, a.row, &["DATE_INT"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, PlacedAdoption};

    #[test]
    fn fires_when_the_two_decision_dates_differ() {
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,01/05/2025\n2,01/05/2025\n3,01/05/2025\n4,");
        let ad1 = csv::<Ad1>("CHILD,DATE_INT\n1,1/5/2025\n2,02/05/2025\n3,\n4,01/05/2025");
        assert_eq!(flagged("523", &[pa, ad1]), [("AD1", 1), ("PlacedAdoption", 1)]);
    }
}
