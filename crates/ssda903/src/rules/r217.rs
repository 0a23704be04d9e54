//! 217: from 1 April 2015, a placement for adoption with the current foster carers (A3 or A5) starts
//! an episode only with RNE S, T or U (a change of placement alone, not of carers).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "217",
        message: "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "DECOM", "RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let from = NaiveDate::from_ymd_opt(2015, 4, 1);
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "DECOM", "RNE"], |r| {
        use ReasonNewEpisode::*;
        matches!(r.place.get(), Some(PlacementType::A3 | PlacementType::A5))
            && r.decom.get() >= from
            && !matches!(r.rne.get(), Some(Started | PlacementOnly | LegalStatusAndPlacement))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_from_april_2015_for_other_reasons() {
        let t = [csv::<Episode>("CHILD,PLACE,DECOM,RNE\n1,A3,01/04/2015,P\n2,A5,31/03/2015,P\n3,A3,01/04/2025,T\n4,A5,01/04/2025,\n5,A4,01/04/2025,P")];
        assert_eq!(flagged("217", &t), [("Episodes", 0), ("Episodes", 3)]);
    }
}
