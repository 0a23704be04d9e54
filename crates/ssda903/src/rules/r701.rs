//! 701 (from 2026-27): a DoLO's end date, when given, must be a real dd/mm/YYYY date (blank
//! means the order is still in force).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "701",
        message: "The end date of the DoLO is not a valid date.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.dolo.as_ref(), s, RULE.meta.fields, |o| o.dolo_end.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::DoLo;

    #[test]
    fn bad_end_fires_blank_does_not() {
        let t = [csv::<DoLo>("CHILD,DOLO_END\n1,01/05/2026\n2,31/04/2026\n3,")];
        assert_eq!(flagged("701", &t), [("DoLo", 1)]);
    }
}
