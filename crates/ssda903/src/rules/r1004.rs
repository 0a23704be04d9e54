//! 1004: every missing period needs a real dd/mm/YYYY start date; a blank one fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1004",
        message: "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.mis_start.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn bad_or_blank_start_fires() {
        let t = [csv::<Missing>("CHILD,MIS_START\n1,01/05/2025\n2,30/02/2025\n3,")];
        assert_eq!(flagged("1004", &t), [("Missing", 1), ("Missing", 2)]);
    }
}
