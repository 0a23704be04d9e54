//! 117: a decision to place for adoption (DATE_PLACED) or to stop (DATE_PLACED_CEASED) cannot be
//! after the end of the collection year, nor after the child's latest episode (other than an X1
//! change) ended. Both the decision row and that latest episode are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "117",
        message: "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(pa)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    let end = d.year().end();
    for (child, rows) in eps.groups() {
        let Some(last) = latest(rows.into_iter().filter(|e| e.rec.get() != Some(ReasonEpisodeCeased::X1))) else { continue };
        let too_late = |x: &Cell<NaiveDate>| x.get().is_some_and(|x| x > end || last.dec.get().is_some_and(|dec| x > dec));
        for p in pa.of(child) {
            if too_late(&p.date_placed) || too_late(&p.date_placed_ceased) {
                s.flag(child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED", "DATE_PLACED_CEASED"]);
                s.flag(child, Episode::TABLE, last.row, &["DEC", "REC", "DECOM"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_after_the_year_or_after_care_ended() {
        let eps = csv::<Episode>(
            "CHILD,DECOM,DEC,REC\n1,01/04/2025,01/06/2025,X1\n1,01/06/2025,01/09/2025,E11\n2,01/04/2025,,\n3,01/04/2025,,",
        );
        let pa = csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,01/09/2025,\n1,02/09/2025,\n2,31/03/2026,\n3,,01/04/2026",
        );
        assert_eq!(flagged("117", &[eps, pa]), [("Episodes", 1), ("Episodes", 3), ("PlacedAdoption", 1), ("PlacedAdoption", 3)]);
    }
}
