//! 381: a temporary placement (T0–T4) cannot end a period of care: when it ends, its REC is X1.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "381",
        message: "A period of care cannot end with a temporary placement.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "REC"], |e| {
        e.place.get().is_some_and(PlacementType::is_temporary) && e.rec.is_present() && e.rec.get() != Some(ReasonEpisodeCeased::X1)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let e = csv::<Episode>("CHILD,PLACE,REC\n1,T1,E11\n2,T1,X1\n3,T2,\n4,U1,E11");
        assert_eq!(flagged("381", &[e]), [("Episodes", 0)]);
    }
}
