//! 222: placements Ofsted does not register (P1, P3, R1, R2, R5, T0–T4 and, from 2025-26, Z11–Z14) take
//! no URN; the placeholder XXXXXXX is tolerated.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "222",
        message: "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["URN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    flag_rows(d.this.episodes.as_ref(), s, &["URN"], |r| {
        r.urn.value().is_some_and(|u| &**u != "XXXXXXX")
            && matches!(r.place.get(), Some(P1 | P3 | R1 | R2 | R5 | T0 | T1 | T2 | T3 | T4 | Z11 | Z12 | Z13 | Z14))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_urns_of_unregistered_placement_types() {
        let t = [csv::<Episode>("CHILD,PLACE,URN\n1,P1,SC1\n2,Z13,SC2\n3,K2,SC3\n4,R1,XXXXXXX\n5,T0,")];
        assert_eq!(flagged("222", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
