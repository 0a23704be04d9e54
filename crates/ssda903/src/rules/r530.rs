//! 530: private provision (PR4) cannot be the provider when the child is placed with parents (P1). Each episode pairing
//! PLACE_PROVIDER PR4 with one of those placement types is flagged; blank or unreadable codes are
//! left to the codes' own rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "530",
        message: "A placement provider code of PR4 cannot be associated with placement P1.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    super::r527::provider_cannot_provide(d, s, PlacementProvider::PR4, &[P1]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_pr4_with_excluded_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,P1,PR4\n2,R1,PR4\n3,P1,PR0\n4,,PR4")];
        assert_eq!(flagged("530", &t), [("Episodes", 0)]);
    }
}
