//! 574: a child's missing periods must not overlap, and a new one cannot start while an earlier
//! one is still open. Periods are put in order of end date (an open period by its start), and
//! each one that follows an open period, or starts before the previous one ended, is flagged.
//! Starting on the day the previous one ended is allowed. Periods with unreadable dates go
//! last (one with only an end date is ordered by it) and can only clash with an open period.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "574",
        message: "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_START", "MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(mis) = &d.this.missing else { return };
    for (child, rows) in mis.groups() {
        let mut periods: Vec<_> = rows.iter().map(|m| (m.mis_start.get(), m.mis_end.get(), m.row)).collect();
        by_end_then_start(&mut periods);
        for row in starts_before_previous_end(&periods) {
            s.flag(child, Missing::TABLE, row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn overlapping_or_after_open_periods_fire() {
        let t = [csv::<Missing>(
            "CHILD,MIS_START,MIS_END\n1,01/05/2025,10/05/2025\n1,10/05/2025,12/05/2025\n2,01/05/2025,10/05/2025\n2,09/05/2025,20/05/2025\n3,01/05/2025,\n3,01/06/2025,02/06/2025\n4,01/05/2025,",
        )];
        // 2: starts a day before the previous period ended; 3: the open period is ordered by its
        // start (1 May) and the June period follows it.
        assert_eq!(flagged("574", &t), [("Missing", 3), ("Missing", 5)]);
        // A period known only by its end still clashes with the open one before it.
        let undated = [csv::<Missing>("CHILD,MIS_START,MIS_END\n1,,01/04/2025\n1,01/01/2024,\n2,,01/04/2025\n2,01/01/2024,05/01/2024")];
        assert_eq!(flagged("574", &undated), [("Missing", 0)]);
    }
}
