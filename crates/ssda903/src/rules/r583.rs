//! 583: when a child has more than one decision to place for adoption, every decision but the
//! latest must have been reversed (DATE_PLACED_CEASED given); each earlier one left open fires.
//! "Latest" is by date; the reference orders DATE_PLACED as dd/mm/YYYY text, so it can pick
//! the wrong one (see DISAGREEMENTS.toml). A decision with an unreadable date is never the latest
//! unless it is the child's only one.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "583",
        message: "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year.",
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
        // The first of the latest-dated decisions.
        let latest = rows.iter().rev().max_by_key(|p| p.date_placed.get()).map(|p| p.row);
        for p in rows.iter().filter(|p| Some(p.row) != latest && p.date_placed_ceased.is_blank()) {
            s.flag(child, PlacedAdoption::TABLE, p.row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn earlier_open_decisions_fire() {
        // Child 1's latest is 02/01/2025 (the reference, sorting text, would take 10/12/2024).
        let t = [csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,10/12/2024,\n1,02/01/2025,\n2,01/04/2025,01/05/2025\n2,01/06/2025,\n3,01/06/2025,",
        )];
        assert_eq!(flagged("583", &t), [("PlacedAdoption", 0)]);
    }
}
