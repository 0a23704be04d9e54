//! 336: a placement for adoption with consent (A3, A4) follows a foster or adoption placement
//! (U1–U6, A3–A6): the episode before it, in start order, must be one (a child's first episode is exempt).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "336",
        message: "Child does not have a foster placement immediately prior to being placed for adoption.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    use PlacementType::*;
    for (child, rows) in eps.groups() {
        for pair in by_decom(rows).windows(2) {
            let (before, e) = (pair[0], pair[1]);
            let fostered = before.place.get().is_some_and(|p| p.is_foster() || p.is_adoption());
            if matches!(e.place.get(), Some(A3 | A4)) && !fostered {
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
    fn fires_when_the_previous_placement_is_not_foster_care() {
        let e = csv::<Episode>("CHILD,DECOM,PLACE\n1,01/05/2025,A3\n1,01/04/2025,K2\n2,01/04/2025,U4\n2,01/05/2025,A4\n3,01/04/2025,A4");
        assert_eq!(flagged("336", &[e]), [("Episodes", 0)]);
    }
}
