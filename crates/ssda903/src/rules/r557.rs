//! 557: a child placed for adoption (PLACE A3–A6) or under a placement order (LS E1) whose episode
//! ended other than by adoption (REC given and not E11, E12 or X1) must have the reversal of the
//! adoption decision recorded: a PlacedAdoption row with both DATE_PLACED_CEASED and
//! REASON_PLACED_CEASED. The episode is flagged when the child has no PlacedAdoption row or has one
//! missing either item, and each such incomplete row is flagged too. An unreadable REC counts as
//! "not adopted" (it is present and not an adoption code).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "557",
        message: "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption"],
        fields: &["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(placed)) = (&d.this.episodes, &d.this.placed_adoption) else { return };
    for e in eps.iter() {
        let for_adoption = e.place.get().is_some_and(PlacementType::is_adoption) || e.ls.get() == Some(LegalStatus::E1);
        let adopted = matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12 | ReasonEpisodeCeased::X1));
        if !for_adoption || e.rec.is_blank() || adopted {
            continue;
        }
        let decisions = placed.of(&e.child);
        let incomplete: Vec<_> = decisions.iter().filter(|p| p.date_placed_ceased.is_blank() || p.reason_placed_ceased.is_blank()).collect();
        if decisions.is_empty() || !incomplete.is_empty() {
            s.flag(&e.child, Episode::TABLE, e.row, &["PLACE", "LS", "REC"]);
        }
        for p in incomplete {
            s.flag(&p.child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PlacedAdoption};

    #[test]
    fn fires_when_the_reversal_is_not_recorded() {
        let eps = csv::<Episode>("CHILD,PLACE,LS,REC\n1,A4,C2,E4A\n2,U1,E1,E8\n3,A3,C2,E11\n4,A5,C2,\n5,A6,C2,E8\n6,U1,C2,E8");
        let pa = csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n2,01/02/2025,\n3,,\n4,,\n5,01/02/2025,RD1\n6,,",
        );
        assert_eq!(flagged("557", &[eps, pa]), [("Episodes", 0), ("Episodes", 1), ("PlacedAdoption", 0)]);
    }
}
