//! 408: placements for adoption with a placement order (PLACE A5 or A6) need the placement order
//! recorded as the legal status (LS E1). Any other LS, blank or unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "408",
        message: "Child is placed for adoption with a placement order, but no placement order has been recorded.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "LS"], |e| {
        matches!(e.place.get(), Some(PlacementType::A5 | PlacementType::A6)) && e.ls.get() != Some(LegalStatus::E1)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_without_a_placement_order() {
        let t = [csv::<Episode>("CHILD,PLACE,LS\n1,A5,C2\n2,A6,\n3,A5,E1\n4,A3,C2")];
        assert_eq!(flagged("408", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
