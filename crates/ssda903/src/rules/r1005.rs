//! 1005: a missing period's end date, when given, must be a real dd/mm/YYYY date (blank means
//! the child is still missing).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1005",
        message: "The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.mis_end.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn bad_end_fires_blank_does_not() {
        let t = [csv::<Missing>("CHILD,MIS_END\n1,01/05/2025\n2,30/02/2025\n3,")];
        assert_eq!(flagged("1005", &t), [("Missing", 1)]);
    }
}
