//! 118: a decision to no longer place for adoption (DATE_PLACED_CEASED) cannot be before the
//! collection year began, nor before the start of the child's earliest episode that is not a
//! short break (LS V3/V4). Both the decision and that episode are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "118",
        message: "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DECOM", "DECOM", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(pa)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    let start = d.year().start();
    for (child, rows) in eps.groups() {
        let first = earliest(rows.into_iter().filter(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))));
        let Some(first) = first else { continue };
        for p in pa.of(child) {
            if p.date_placed_ceased.get().is_some_and(|c| c < start || first.decom.get().is_some_and(|dc| c < dc)) {
                s.flag(child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED_CEASED"]);
                s.flag(child, Episode::TABLE, first.row, &["DECOM", "LS"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_before_the_year_or_before_care_began() {
        let eps = csv::<Episode>("CHILD,DECOM,LS\n1,01/03/2025,V3\n1,01/05/2025,C2\n2,01/01/2025,C2\n3,01/05/2025,C2");
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED_CEASED\n1,30/04/2025\n1,01/05/2025\n2,31/03/2025\n2,01/04/2025\n3,");
        assert_eq!(flagged("118", &[eps, pa]), [("Episodes", 1), ("Episodes", 2), ("PlacedAdoption", 0), ("PlacedAdoption", 2)]);
    }
}
