//! 577: every missing period must sit inside one of the child's periods of care: a closed one
//! must end within a period (on or after its start, on or before its end), an open one must
//! belong to a period that is still going and have started after that period began. An open
//! missing period after the child left care therefore fires. Children with no episodes, and
//! missing periods without a readable start, are not judged here.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "577",
        message: "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.",
        severity: Severity::Error,
        tables: &["Episodes", "Missing"],
        fields: &["MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_against_periods(d, d.this.missing.as_ref(), s, RULE.meta.fields, |periods, m| {
        m.mis_start.get().is_some_and(|start| !span_in_care(periods, start, m.mis_end.get()))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Missing};

    #[test]
    fn missing_period_outside_care_fires() {
        let eps = csv::<Episode>("CHILD,DECOM,DEC\n1,01/04/2025,10/05/2025\n1,10/05/2025,01/06/2025\n2,01/04/2025,01/06/2025\n2,01/07/2025,");
        let mis = csv::<Missing>(
            "CHILD,MIS_START,MIS_END\n1,20/05/2025,\n1,20/05/2025,01/06/2025\n1,20/05/2025,02/06/2025\n2,05/07/2025,\n2,20/05/2025,\n9,01/05/2025,",
        );
        // Child 1's episodes join into one period to 1 June: open after it ended fires, ending on
        // its last day does not, the day after does. Child 2: open in the ongoing second period is
        // fine, open and started in the finished first one fires; child 9 has no episodes.
        assert_eq!(flagged("577", &[eps, mis]), [("Missing", 0), ("Missing", 2), ("Missing", 4)]);
    }
}
