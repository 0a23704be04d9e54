//! 526: from 2025-26 every episode needs a placement provider except temporary placements (T0–T4)
//! and the "other placements" codes Z11–Z14. An episode with PLACE_PROVIDER blank and any other
//! PLACE is flagged, including a blank or unreadable PLACE and the withdrawn Z1.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "526",
        message: "Child is missing a placement provider code for at least one episode.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::{Z11, Z12, Z13, Z14};
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "PLACE_PROVIDER"], |e| {
        let exempt = e.place.get().is_some_and(|p| p.is_temporary() || matches!(p, Z11 | Z12 | Z13 | Z14));
        !exempt && e.place_provider.is_blank()
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_without_a_provider_outside_the_exempt_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,U1,\n2,T0,\n3,Z12,\n4,Z1,\n5,,\n6,U1,PR1\n7,T4,")];
        assert_eq!(flagged("526", &t), [("Episodes", 0), ("Episodes", 3), ("Episodes", 4)]);
    }
}
