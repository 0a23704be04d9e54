//! 115: the date of the decision to place for adoption, when given, must be a real dd/mm/YYYY date (a blank is allowed here).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "115",
        message: "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.",
        severity: Severity::Error,
        tables: &["PlacedAdoption"],
        fields: &["DATE_PLACED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.placed_adoption.as_ref(), s, &["DATE_PLACED"], |r| r.date_placed.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_on_unreadable_dates_only() {
        let t = [csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,29/02/2024\n2,29/02/2025\n3,\n4,01/13/2024\n5,1/4/2024")];
        assert_eq!(flagged("115", &t), [("PlacedAdoption", 1), ("PlacedAdoption", 3)]);
    }
}
