//! 531: voluntary or third-sector provision (PR5) cannot be the provider when the child is placed with parents (P1). Each episode pairing
//! PLACE_PROVIDER PR5 with one of those placement types is flagged; blank or unreadable codes are
//! left to the codes' own rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "531",
        message: "A placement provider code of PR5 cannot be associated with placements P1.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    super::r527::provider_cannot_provide(d, s, PlacementProvider::PR5, &[P1]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_pr5_with_excluded_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,P1,PR5\n2,R1,PR5\n3,P1,PR0\n4,,PR5")];
        assert_eq!(flagged("531", &t), [("Episodes", 0)]);
    }
}
