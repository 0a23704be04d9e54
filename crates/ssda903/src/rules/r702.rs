//! 702 (from 2026-27): a DoLO must end after it started. As in the reference (the DfE's
//! "<DOLO_END> must be after <DOLO_START>"), an order ending on its start day fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "702",
        message: "The date that the DoLO ended is before the date that it started.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_START", "DOLO_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.dolo.as_ref(), s, RULE.meta.fields, |o| matches!((o.dolo_start.get(), o.dolo_end.get()), (Some(a), Some(b)) if b <= a));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::DoLo;

    #[test]
    fn end_on_or_before_start_fires() {
        let t = [csv::<DoLo>("CHILD,DOLO_START,DOLO_END\n1,02/05/2026,01/05/2026\n2,02/05/2026,02/05/2026\n3,02/05/2026,03/05/2026\n4,02/05/2026,")];
        assert_eq!(flagged("702", &t), [("DoLo", 0), ("DoLo", 1)]);
    }
}
