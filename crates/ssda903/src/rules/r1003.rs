//! 1003: a decision to place for adoption cannot predate the child's care: DATE_PLACED before
//! the DECOM of the child's first episode starting a period of care (RNE S) fires, on that
//! episode and the PlacedAdoption row. Unreadable dates are left to the date rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1003",
        message: "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED", "DECOM", "RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(pa)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    for (child, rows) in pa.groups() {
        let starts = eps.of(child).into_iter().filter(|e| e.rne.get() == Some(ReasonNewEpisode::Started));
        let Some(first) = earliest(starts) else { continue };
        let Some(decom) = first.decom.get() else { continue };
        for p in rows.iter().filter(|p| p.date_placed.get().is_some_and(|dp| dp < decom)) {
            s.flag(child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED"]);
            s.flag(child, Episode::TABLE, first.row, &["DECOM", "RNE"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn decision_before_care_began_fires() {
        let e = csv::<Episode>("CHILD,DECOM,RNE\n1,01/05/2025,S\n1,01/03/2025,P\n2,01/05/2025,S\n3,01/05/2025,P");
        let p = csv::<PlacedAdoption>("CHILD,DATE_PLACED\n1,30/04/2025\n2,01/05/2025\n3,01/01/2025\n1,01/05/2025");
        assert_eq!(flagged("1003", &[e, p]), [("Episodes", 0), ("PlacedAdoption", 0)]);
    }
}
