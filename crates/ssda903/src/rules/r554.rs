//! 554: the decision to place for adoption comes before the placement order. Takes the child's
//! earliest episode under a placement order (LS E1, by readable DECOM; the first in input order
//! on a tie) and flags it with every PlacedAdoption row of the child whose DATE_PLACED is after
//! that DECOM. Unreadable dates are ignored (115 and 141 report them).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "554",
        message: "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED", "DECOM", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(placed)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    for (child, rows) in eps.groups() {
        let Some(e) = earliest(rows.iter().copied().filter(|e| e.ls.get() == Some(LegalStatus::E1))) else { continue };
        let granted = e.decom.get();
        for p in placed.of(child).into_iter().filter(|p| p.date_placed.get() > granted) {
            s.flag(child, Episode::TABLE, e.row, &["DECOM", "LS"]);
            s.flag(child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_when_the_decision_follows_the_first_order() {
        let eps = csv::<Episode>("CHILD,DECOM,LS\n1,10/05/2025,E1\n1,01/05/2025,E1\n1,01/04/2025,C2\n2,10/05/2025,E1\n3,10/05/2025,E1\n4,10/05/2025,C2");
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,02/05/2025\n2,10/05/2025\n3,11/05/2025\n4,11/05/2025");
        assert_eq!(flagged("554", &[eps, pa]), [("Episodes", 1), ("Episodes", 4), ("PlacedAdoption", 0), ("PlacedAdoption", 2)]);
    }
}
