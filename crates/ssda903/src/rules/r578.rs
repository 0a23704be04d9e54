//! 578: a missing period must start while the child is looked after: on or after the start of
//! one of the child's periods of care and, if that period has ended, on or before its end.
//! A start outside every period (so after the child ceased to be looked after) fires. Children
//! with no episodes and unreadable start dates are not judged here.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "578",
        message: "The date that the child started to be missing is after the child ceased to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes", "Missing"],
        fields: &["MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_against_periods(d, d.this.missing.as_ref(), s, RULE.meta.fields, |periods, m| {
        m.mis_start.get().is_some_and(|start| !periods.iter().any(|&(from, to)| from <= start && to.is_none_or(|t| start <= t)))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Missing};

    #[test]
    fn missing_start_outside_care_fires() {
        let eps = csv::<Episode>("CHILD,DECOM,DEC\n1,01/04/2025,10/05/2025\n1,01/07/2025,");
        let mis = csv::<Missing>("CHILD,MIS_START\n1,10/05/2025\n1,11/05/2025\n1,01/07/2025\n1,31/03/2025\n9,01/05/2025");
        assert_eq!(flagged("578", &[eps, mis]), [("Missing", 1), ("Missing", 3)]);
    }
}
