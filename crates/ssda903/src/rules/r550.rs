//! 550: placement provider PR0 (parents or others with parental responsibility) belongs only to
//! placement P1 (placed with parents). A PR0 episode with any other PLACE, blank or unreadable
//! included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "550",
        message: "A placement provider code of PR0 can only be associated with placement P1.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "PLACE_PROVIDER"], |e| {
        e.place_provider.get() == Some(PlacementProvider::PR0) && e.place.get() != Some(PlacementType::P1)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_pr0_away_from_p1() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,P1,PR0\n2,U1,PR0\n3,,PR0\n4,U1,PR1")];
        assert_eq!(flagged("550", &t), [("Episodes", 1), ("Episodes", 2)]);
    }
}
