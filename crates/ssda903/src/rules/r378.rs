//! 378: a child placed with parents (P1) cannot be accommodated under a single period of section 20
//! accommodation (LS V2).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "378",
        message: "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "LS"], |e| {
        e.place.get() == Some(PlacementType::P1) && e.ls.get() == Some(LegalStatus::V2)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let e = csv::<Episode>("CHILD,PLACE,LS\n1,P1,V2\n2,P1,C2\n3,U1,V2");
        assert_eq!(flagged("378", &[e]), [("Episodes", 0)]);
    }
}
