//! 561: a decision to place for adoption carried over from last year must still have been open
//! last year. When this year's DATE_PLACED equals one of last year's for the same child, and
//! last year's row recorded that the decision was reversed (a DATE_PLACED_CEASED or a
//! REASON_PLACED_CEASED), this year's row is flagged. Needs both years' PlacedAdoption tables;
//! a blank DATE_PLACED this year matches nothing.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "561",
        message: "Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.",
        severity: Severity::Error,
        tables: &["PlacedAdoption", "PlacedAdoption_last"],
        fields: &["DATE_PLACED"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(now), Some(last)) = (&d.this.placed_adoption, &d.last.placed_adoption) else { return };
    flag_rows(Some(now), s, &["DATE_PLACED"], |p| {
        p.date_placed.is_present()
            && last.of(&p.child).iter().any(|l| l.date_placed == p.date_placed && (l.date_placed_ceased.is_present() || l.reason_placed_ceased.is_present()))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_when_a_reversed_decision_reappears() {
        let now = [csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,01/02/2025\n2,01/02/2025\n3,01/03/2025\n4,\n5,01/02/2025")];
        let last = [csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n1,01/02/2025,01/03/2025,RD1\n2,01/02/2025,,\n3,01/02/2025,01/03/2025,RD1\n4,,01/03/2025,RD1\n5,1/2/2025,,RD4",
        )];
        assert_eq!(flagged_with("561", &now, &last, opts()), [("PlacedAdoption", 0), ("PlacedAdoption", 4)]);
        assert!(flagged_with("561", &now, &[], opts()).is_empty());
    }
}
