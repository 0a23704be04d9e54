//! 522: a decision to place for adoption can only be reversed on or after it was made:
//! DATE_PLACED_CEASED before DATE_PLACED is flagged (the same day is allowed). Rows with a blank
//! or unreadable date are left to 115 and 116.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "522",
        message: "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.",
        severity: Severity::Error,
        tables: &["PlacedAdoption"],
        fields: &["DATE_PLACED", "DATE_PLACED_CEASED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.placed_adoption.as_ref(), s, &["DATE_PLACED", "DATE_PLACED_CEASED"], |p| match (p.date_placed.get(), p.date_placed_ceased.get()) {
        (Some(placed), Some(ceased)) => ceased < placed,
        _ => false,
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_when_reversed_before_the_decision() {
        let t = [csv::<PlacedAdoption>("CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,02/05/2025,01/05/2025\n2,02/05/2025,02/05/2025\n3,02/05/2025,03/05/2025\n4,,01/05/2025")];
        assert_eq!(flagged("522", &t), [("PlacedAdoption", 0)]);
    }
}
