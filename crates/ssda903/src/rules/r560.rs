//! 560: a decision to place for adoption still open at the end of last year (DATE_PLACED given,
//! DATE_PLACED_CEASED blank) carries into this year with the same date. Each of the child's rows
//! this year whose DATE_PLACED differs from that open decision's is flagged, a blank date included.
//! Needs both years' PlacedAdoption tables.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "560",
        message: "Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.",
        severity: Severity::Error,
        tables: &["PlacedAdoption", "PlacedAdoption_last"],
        fields: &["DATE_PLACED", "DATE_PLACED_CEASED"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(now), Some(last)) = (&d.this.placed_adoption, &d.last.placed_adoption) else { return };
    flag_rows(Some(now), s, &["DATE_PLACED", "DATE_PLACED_CEASED"], |p| {
        last.of(&p.child).iter().any(|l| l.date_placed.is_present() && l.date_placed_ceased.is_blank() && (p.date_placed.is_blank() || l.date_placed != p.date_placed))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_when_an_open_decision_changes_date() {
        let now = [csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,01/02/2025\n2,02/02/2025\n3,\n4,02/02/2025\n5,02/02/2025")];
        let last = [csv::<PlacedAdoption>("CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,01/02/2025,\n2,01/02/2025,\n3,01/02/2025,\n4,01/02/2025,01/03/2025")];
        assert_eq!(flagged_with("560", &now, &last, opts()), [("PlacedAdoption", 1), ("PlacedAdoption", 2)]);
    }
}
