//! 553: a placement order (LS E1) implies a decision that the child should be placed for
//! adoption. Each E1 episode of a child with no PlacedAdoption row is flagged; and while an E1
//! episode is still open (DEC blank) the decision cannot have been reversed, so the child's
//! PlacedAdoption rows carrying a DATE_PLACED_CEASED or a REASON_PLACED_CEASED are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "553",
        message: "Placement order has been granted but there is no date of decision that the child should be placed for adoption.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(placed)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    for e in eps.iter().filter(|e| e.ls.get() == Some(LegalStatus::E1)) {
        let decisions = placed.of(&e.child);
        if decisions.is_empty() {
            s.flag(&e.child, Episode::TABLE, e.row, &["CHILD"]);
        }
        if e.dec.is_blank() {
            for p in decisions.iter().filter(|p| p.date_placed_ceased.is_present() || p.reason_placed_ceased.is_present()) {
                s.flag(&p.child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_without_a_decision_or_with_a_reversal_during_an_open_order() {
        let eps = csv::<Episode>("CHILD,LS,DEC\n1,E1,01/05/2025\n2,E1,\n3,E1,01/05/2025\n4,C2,");
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n2,01/01/2025,,RD1\n2,01/01/2024,,\n3,01/01/2025,01/06/2025,RD1\n4,01/01/2025,01/06/2025,RD1");
        assert_eq!(flagged("553", &[eps, pa]), [("Episodes", 0), ("PlacedAdoption", 0)]);
    }
}
