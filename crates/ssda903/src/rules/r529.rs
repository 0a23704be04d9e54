//! 529: other public provision (e.g. the NHS) (PR3) cannot provide placement with parents, adoption, secure or regulated children's homes, or fostering. Each episode pairing
//! PLACE_PROVIDER PR3 with one of those placement types is flagged; blank or unreadable codes are
//! left to the codes' own rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "529",
        message: "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    super::r527::provider_cannot_provide(d, s, PlacementProvider::PR3, &[P1, A3, A4, A5, A6, K1, K2, U1, U2, U3, U4, U5, U6]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_pr3_with_excluded_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,P1,PR3\n2,A3,PR3\n3,A4,PR3\n4,A5,PR3\n5,A6,PR3\n6,K1,PR3\n7,K2,PR3\n8,U1,PR3\n9,U2,PR3\n10,U3,PR3\n11,U4,PR3\n12,U5,PR3\n13,U6,PR3\n14,R1,PR3\n15,P1,PR0\n16,,PR3")];
        assert_eq!(flagged("529", &t), [("Episodes", 0), ("Episodes", 1), ("Episodes", 2), ("Episodes", 3), ("Episodes", 4), ("Episodes", 5), ("Episodes", 6), ("Episodes", 7), ("Episodes", 8), ("Episodes", 9), ("Episodes", 10), ("Episodes", 11), ("Episodes", 12)]);
    }
}
