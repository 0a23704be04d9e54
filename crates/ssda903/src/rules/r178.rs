//! 178: the placement provider (PLACE_PROVIDER), when given, must be PR0–PR5, and must be blank for
//! placements that have no provider: T0–T3 and (from 2025-26) Z11–Z14.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "178",
        message: "Placement provider code is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE_PROVIDER"], |r| r.place_provider.is_invalid() || (r.place_provider.is_present() && r.place.get().is_some_and(no_provider)));
}

/// Placement types that take no placement provider.
fn no_provider(p: PlacementType) -> bool {
    use PlacementType::*;
    matches!(p, T0 | T1 | T2 | T3 | Z11 | Z12 | Z13 | Z14)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_bad_codes_and_providers_of_temporary_and_other_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,U1,PR1\n2,U1,PR9\n3,T0,PR1\n4,Z12,\n5,T4,PR1\n6,Z14,PR4\n7,,PR1")];
        assert_eq!(flagged("178", &t), [("Episodes", 1), ("Episodes", 2), ("Episodes", 5)]);
    }
}
