//! 377: at most two temporary placements for the usual foster carers' holidays (T3) in the year: a
//! child with more has all T3 episodes flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "377",
        message: "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, rows) in eps.groups() {
        let t3: Vec<&Episode> = rows.into_iter().filter(|e| e.place.get() == Some(PlacementType::T3)).collect();
        if t3.len() > 2 {
            for e in t3 {
                s.flag(child, Episode::TABLE, e.row, &["PLACE"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_a_third_t3() {
        let e = csv::<Episode>("CHILD,PLACE\n1,T3\n1,U1\n1,T3\n1,T3\n2,T3\n2,T3");
        assert_eq!(flagged("377", &[e]), [("Episodes", 0), ("Episodes", 2), ("Episodes", 3)]);
    }
}
