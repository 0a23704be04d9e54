//! 213: temporary placements (T0–T4) and, from 2025-26, other placements (Z11–Z14) take no placement
//! provider.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "213",
        message: "Placement provider information not required.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE_PROVIDER"], |r| {
        r.place_provider.is_present() && matches!(r.place.get(), Some(T0 | T1 | T2 | T3 | T4 | Z11 | Z12 | Z13 | Z14))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_providers_of_temporary_and_other_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,T4,PR1\n2,Z11,PR4\n3,U1,PR1\n4,T0,")];
        assert_eq!(flagged("213", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
