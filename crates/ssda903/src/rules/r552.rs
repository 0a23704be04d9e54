//! 552: the decision to place for adoption comes on or before the placement for adoption.
//! Compares the child's first adoption placement (PLACE A3–A6, earliest readable DECOM) with the
//! latest decision (latest readable DATE_PLACED): when the placement began before the decision,
//! both rows are flagged. Children with neither are left to 551.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "552",
        message: "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(placed)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    for (child, rows) in eps.groups() {
        let Some(e) = earliest(rows.iter().copied().filter(|e| e.place.get().is_some_and(PlacementType::is_adoption))) else { continue };
        let placed_on = e.decom.get();
        let decisions = placed.of(child);
        // The first row among equal latest dates.
        let latest = decisions.iter().filter_map(|p| p.date_placed.get().map(|dp| (dp, p))).rev().max_by_key(|(dp, _)| *dp);
        if let Some((_, p)) = latest.filter(|(decided, _)| placed_on < Some(*decided)) {
            s.flag(child, Episode::TABLE, e.row, &["DECOM"]);
            s.flag(child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_when_placed_before_the_latest_decision() {
        let eps = csv::<Episode>("CHILD,DECOM,PLACE\n1,01/06/2025,A4\n1,01/05/2025,A3\n2,01/05/2025,A4\n3,01/05/2025,A4\n4,01/05/2025,U1");
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,01/01/2025\n1,02/05/2025\n2,01/05/2025\n3,30/04/2025\n4,02/05/2025");
        assert_eq!(flagged("552", &[eps, pa]), [("Episodes", 1), ("PlacedAdoption", 1)]);
    }
}
