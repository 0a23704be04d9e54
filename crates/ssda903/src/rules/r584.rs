//! 584: if last year's return shows a decision to place for adoption that was since reversed
//! (a DATE_PLACED_CEASED or REASON_PLACED_CEASED), any decision this year must be a new one,
//! dated after that reversed decision's DATE_PLACED. A blank DATE_PLACED this year fires too.
//! The reference compares the dates as text and mixes up row numbers after its merge, so it
//! flags the wrong rows (DISAGREEMENTS.toml); this is the DfE meaning.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "584",
        message: "Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption.",
        severity: Severity::Error,
        tables: &["PlacedAdoption", "PlacedAdoption_last"],
        fields: &["DATE_PLACED"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(pa), Some(last)) = (&d.this.placed_adoption, &d.last.placed_adoption) else { return };
    for (child, rows) in pa.groups() {
        let reversed = last.of(child);
        let reversed: Vec<_> = reversed.iter().filter(|p| p.date_placed_ceased.is_present() || p.reason_placed_ceased.is_present()).collect();
        if reversed.is_empty() {
            continue;
        }
        for p in rows {
            let not_new = match &p.date_placed {
                Cell::Blank => true,
                Cell::Valid(now) => reversed.iter().any(|l| l.date_placed.get().is_some_and(|before| *now <= before)),
                Cell::Invalid(_) => false,
            };
            if not_new {
                s.flag(child, PlacedAdoption::TABLE, p.row, RULE.meta.fields);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn decision_not_after_a_reversed_one_fires() {
        let this = [csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,01/02/2025\n1,02/02/2025\n1,\n2,01/01/2025\n3,")];
        let last = [csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n1,01/02/2025,01/03/2025,RD1\n2,01/02/2025,,\n3,01/01/2024,,RD2",
        )];
        assert_eq!(flagged_with("584", &this, &last, opts()), [("PlacedAdoption", 0), ("PlacedAdoption", 2), ("PlacedAdoption", 4)]);
    }
}
