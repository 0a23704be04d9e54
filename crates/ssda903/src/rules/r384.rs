//! 384: a child on respite care (LS V3 or V4) is not in a long-term foster placement (U1 or U4).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "384",
        message: "A child receiving respite care cannot be in a long-term foster placement",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "LS"], |e| {
        matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && matches!(e.place.get(), Some(PlacementType::U1 | PlacementType::U4))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let e = csv::<Episode>("CHILD,LS,PLACE\n1,V3,U1\n2,V4,U4\n3,V3,U3\n4,C2,U1");
        assert_eq!(flagged("384", &[e]), [("Episodes", 0), ("Episodes", 1)]);
    }
}
