//! 567: a missing period cannot end before it started (ending on its start day is fine).
//! Unreadable dates are left to rules 1004/1005.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "567",
        message: "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_START", "MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| matches!((m.mis_start.get(), m.mis_end.get()), (Some(a), Some(b)) if b < a));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn end_before_start_fires() {
        let t = [csv::<Missing>("CHILD,MIS_START,MIS_END\n1,02/05/2025,01/05/2025\n2,02/05/2025,02/05/2025\n3,02/05/2025,03/05/2025\n4,02/05/2025,")];
        assert_eq!(flagged("567", &t), [("Missing", 0)]);
    }
}
