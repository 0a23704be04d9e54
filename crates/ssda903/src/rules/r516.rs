//! 516: a special guardianship order to former foster carers (REC E45 or E46) needs the child to
//! have been with foster carers: the episode's PLACE must be U1–U6. Any other PLACE, blank or
//! unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "516",
        message: "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REC", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["REC", "PLACE"], |e| {
        matches!(e.rec.get(), Some(ReasonEpisodeCeased::E45 | ReasonEpisodeCeased::E46)) && !e.place.get().is_some_and(PlacementType::is_foster)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_sgo_to_foster_carers_ends_a_non_foster_placement() {
        let t = [csv::<Episode>("CHILD,REC,PLACE\n1,E45,U1\n2,E46,K2\n3,E46,\n4,E47,K2\n5,E45,U6")];
        assert_eq!(flagged("516", &t), [("Episodes", 1), ("Episodes", 2)]);
    }
}
