//! 226: a temporary placement (T0–T4) needs no reason for placement change, on its own episode or on
//! the episode before it.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "226",
        message: "Reason for placement change is not required for temporary placements.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REASON_PLACE_CHANGE", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, rows) in eps.groups() {
        let rows = by_decom(rows);
        for (i, e) in rows.iter().enumerate() {
            let before = i.checked_sub(1).map(|j| rows[j]);
            if e.place.get().is_some_and(PlacementType::is_temporary)
                && (e.reason_place_change.is_present() || before.is_some_and(|b| b.reason_place_change.is_present()))
            {
                s.flag(child, Episode::TABLE, e.row, &["REASON_PLACE_CHANGE", "PLACE"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_reasons_around_temporary_placements() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,PLACE,REASON_PLACE_CHANGE\n1,01/04/2025,U1,CARPL\n1,01/05/2025,T1,\n2,01/04/2025,T2,CHILD\n3,01/04/2025,U1,\n3,01/05/2025,T1,\n3,01/06/2025,U1,CARPL",
        )];
        assert_eq!(flagged("226", &t), [("Episodes", 1), ("Episodes", 2)]);
    }
}
