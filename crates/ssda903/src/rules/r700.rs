//! 700 (from 2026-27): every deprivation of liberty order (DoLO) must have a real dd/mm/YYYY
//! start date; a blank one fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "700",
        message: "The start date of the DoLO is not a valid date.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.dolo.as_ref(), s, RULE.meta.fields, |o| o.dolo_start.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::DoLo;

    #[test]
    fn bad_or_blank_start_fires() {
        let t = [csv::<DoLo>("CHILD,DOLO_START\n1,01/05/2026\n2,31/04/2026\n3,\n4,2026-05-01")];
        assert_eq!(flagged("700", &t), [("DoLo", 1), ("DoLo", 2), ("DoLo", 3)]);
    }
}
