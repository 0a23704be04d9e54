//! 551: a child placed for adoption (PLACE A3–A6) must have a decision that they should be placed
//! for adoption. Each such episode is flagged when the child has no PlacedAdoption row, or has one
//! whose DATE_PLACED is blank (an unreadable date is present, and left to 115).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "551",
        message: "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(placed) = &d.this.placed_adoption else { return };
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE"], |e| {
        let decisions = placed.of(&e.child);
        e.place.get().is_some_and(PlacementType::is_adoption) && (decisions.is_empty() || decisions.iter().any(|p| p.date_placed.is_blank()))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_without_a_decision_date() {
        let eps = csv::<Episode>("CHILD,PLACE\n1,A3\n2,A6\n3,a5\n4,U1\n5,A4");
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED\n2,\n3,01/01/2025\n4,\n5,99/99/2025");
        assert_eq!(flagged("551", &[eps, pa]), [("Episodes", 0), ("Episodes", 1)]);
    }
}
