//! 579: a child's decisions to place for adoption must not overlap: in date order, a decision
//! cannot follow one that was never reversed (blank or unreadable DATE_PLACED_CEASED), nor be
//! dated before the previous decision's reversal. The later decision is flagged. A decision
//! without a readable DATE_PLACED goes last and clashes only with an open one before it.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "579",
        message: "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.",
        severity: Severity::Error,
        tables: &["PlacedAdoption"],
        fields: &["DATE_PLACED", "DATE_PLACED_CEASED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(pa) = &d.this.placed_adoption else { return };
    for (child, rows) in pa.groups() {
        let mut decisions: Vec<_> = rows.iter().map(|p| (p.date_placed.get(), p.date_placed_ceased.get(), p.row)).collect();
        decisions.sort_by_key(|&(placed, _, _)| (placed.is_none(), placed));
        for row in starts_before_previous_end(&decisions) {
            s.flag(child, PlacedAdoption::TABLE, row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn overlapping_decisions_fire() {
        let t = [csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,01/06/2025,\n1,01/04/2025,01/06/2025\n2,01/04/2025,01/06/2025\n2,31/05/2025,\n3,01/04/2025,\n3,01/05/2025,",
        )];
        // Child 1: the new decision is on the day the earlier one was reversed, which is fine.
        assert_eq!(flagged("579", &t), [("PlacedAdoption", 3), ("PlacedAdoption", 5)]);
        let undated = [csv::<PlacedAdoption>("CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,,\n1,01/04/2025,\n2,,\n2,01/04/2025,01/05/2025")];
        assert_eq!(flagged("579", &undated), [("PlacedAdoption", 0)]);
    }
}
