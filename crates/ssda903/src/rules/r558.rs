//! 558: an adopted child's decision to place for adoption was not disrupted, so the latest decision
//! should have no DATE_PLACED_CEASED. Flags each episode ending in adoption (REC E11/E12) of a
//! child with more than one PlacedAdoption row this year, every one of them carrying a
//! DATE_PLACED_CEASED (so even the latest decision is recorded as reversed). A child with a single
//! reversed decision is left to 525, which covers adoption after a reversal.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "558",
        message: "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED_CEASED", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(placed) = &d.this.placed_adoption else { return };
    flag_rows(d.this.episodes.as_ref(), s, &["REC"], |e| {
        let decisions = placed.of(&e.child);
        matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12))
            && decisions.len() > 1
            && decisions.iter().all(|p| p.date_placed_ceased.is_present())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_when_every_decision_was_reversed() {
        let eps = csv::<Episode>("CHILD,REC\n1,E11\n1,X1\n2,E12\n3,E11\n4,E4A");
        let pa = csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED\n1,01/01/2025,01/02/2025\n1,01/03/2025,01/04/2025\n2,01/01/2025,01/02/2025\n2,01/03/2025,\n3,01/01/2025,01/02/2025\n4,01/01/2025,01/02/2025\n4,01/03/2025,01/04/2025",
        );
        assert_eq!(flagged("558", &[eps, pa]), [("Episodes", 0)]);
    }
}
