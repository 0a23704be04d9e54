//! 707 (from 2026-27): every DoLO must sit inside one of the child's periods of care (as rule
//! 577 does for missing periods): a DoLO still open after the child left care fires, as does a
//! closed one ending outside every period. Children with no episodes, and orders without a
//! readable start, are not judged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "707",
        message: "Child ceased to be looked after but there is a DoLO without an end date.",
        severity: Severity::Error,
        tables: &["DoLo", "Episodes"],
        fields: &["DOLO_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_against_periods(d, d.this.dolo.as_ref(), s, RULE.meta.fields, |periods, o| {
        o.dolo_start.get().is_some_and(|start| !span_in_care(periods, start, o.dolo_end.get()))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{DoLo, Episode};

    #[test]
    fn open_order_after_care_ended_fires() {
        let eps = csv::<Episode>("CHILD,DECOM,DEC\n1,01/04/2026,01/06/2026\n2,01/04/2026,");
        let dolo = csv::<DoLo>("CHILD,DOLO_START,DOLO_END\n1,01/05/2026,\n1,01/05/2026,01/06/2026\n1,01/05/2026,02/06/2026\n2,01/05/2026,\n9,01/05/2026,");
        assert_eq!(flagged("707", &[eps, dolo]), [("DoLo", 0), ("DoLo", 2)]);
    }
}
