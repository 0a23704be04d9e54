//! 559: a decision to place for adoption dated before this collection year should already be in
//! last year's return. A row whose DATE_PLACED is before 1 April is flagged when the child has no
//! PlacedAdoption row last year, or has one whose DATE_PLACED is blank or unreadable (not
//! completed). Needs both years' PlacedAdoption tables; unreadable dates this year are left to 115.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "559",
        message: "Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.",
        severity: Severity::Error,
        tables: &["PlacedAdoption", "PlacedAdoption_last"],
        fields: &["DATE_PLACED"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(now), Some(last)) = (&d.this.placed_adoption, &d.last.placed_adoption) else { return };
    let start = d.year().start();
    flag_rows(Some(now), s, &["DATE_PLACED"], |p| {
        let before = p.date_placed.value().is_some_and(|&dp| dp < start);
        let earlier = last.of(&p.child);
        before && (earlier.is_empty() || earlier.iter().any(|l| l.date_placed.value().is_none()))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn fires_for_old_decisions_missing_last_year() {
        let now = [csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,31/03/2025\n2,01/04/2025\n3,31/03/2025\n4,31/03/2025")];
        let last = [csv::<PlacedAdoption>("CHILD,DATE_PLACED\n3,31/03/2025\n4,")];
        assert_eq!(flagged_with("559", &now, &last, opts()), [("PlacedAdoption", 0), ("PlacedAdoption", 3)]);
        assert!(flagged_with("559", &now, &[], opts()).is_empty());
    }
}
