//! 382: a child on respite care (LS V3 or V4) is not in a temporary placement (T0–T4).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "382",
        message: "A child receiving respite care cannot be in a temporary placement.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["LS", "PLACE"], |e| {
        matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && e.place.get().is_some_and(PlacementType::is_temporary)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let e = csv::<Episode>("CHILD,LS,PLACE\n1,V3,T1\n2,V4,T4\n3,C2,T1\n4,V3,U1");
        assert_eq!(flagged("382", &[e]), [("Episodes", 0), ("Episodes", 1)]);
    }
}
