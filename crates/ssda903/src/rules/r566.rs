//! 566: an end date of a missing period is given but MISSING (missing or away) is blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "566",
        message: "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MISSING", "MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.mis_end.is_present() && m.missing.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn end_without_type_fires() {
        let t = [csv::<Missing>("CHILD,MISSING,MIS_END\n1,,01/05/2025\n2,A,01/05/2025\n3,,")];
        assert_eq!(flagged("566", &t), [("Missing", 0)]);
    }
}
