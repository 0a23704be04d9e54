//! 521: the decision that adoption is in the child's best interests (AD1 DATE_INT) comes on or
//! before each placement for adoption (PLACE A3–A6). An adoption episode whose DECOM is before the
//! child's DATE_INT is flagged with that AD1 row; unreadable dates are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "521",
        message: "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["PLACE", "DECOM", "DATE_INT"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(ad1)) = (&d.this.episodes, &d.this.ad1) else { return };
    for e in eps.iter().filter(|e| e.place.get().is_some_and(PlacementType::is_adoption)) {
        let Some(placed) = e.decom.get() else { continue };
        for a in ad1.of(&e.child).into_iter().filter(|a| a.date_int.get().is_some_and(|di| di > placed)) {
            s.flag(&e.child, Episode::TABLE, e.row, &["PLACE", "DECOM"]);
            s.flag(&e.child, Ad1::TABLE, a.row, &["DATE_INT"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn fires_when_placed_before_the_decision() {
        let eps = csv::<Episode>("CHILD,DECOM,PLACE\n1,01/05/2025,A3\n2,01/05/2025,A4\n3,01/05/2025,U1\n4,01/05/2025,A6");
        let ad1 = csv::<Ad1>("CHILD,DATE_INT\n1,02/05/2025\n2,01/05/2025\n3,02/05/2025\n4,30/04/2025");
        assert_eq!(flagged("521", &[eps, ad1]), [("AD1", 0), ("Episodes", 0)]);
    }
}
