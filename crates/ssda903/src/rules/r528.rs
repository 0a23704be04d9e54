//! 528: another local authority's provision (PR2) cannot provide placement with parents (P1), NHS care (R2) or a young offender institution (R5). Each episode pairing
//! PLACE_PROVIDER PR2 with one of those placement types is flagged; blank or unreadable codes are
//! left to the codes' own rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "528",
        message: "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    super::r527::provider_cannot_provide(d, s, PlacementProvider::PR2, &[P1, R2, R5]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_pr2_with_excluded_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,P1,PR2\n2,R2,PR2\n3,R5,PR2\n4,R1,PR2\n5,P1,PR0\n6,,PR2")];
        assert_eq!(flagged("528", &t), [("Episodes", 0), ("Episodes", 1), ("Episodes", 2)]);
    }
}
