//! 565: a start date of a missing period is given but MISSING (missing or away) is blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "565",
        message: "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MISSING", "MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.mis_start.is_present() && m.missing.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn start_without_type_fires() {
        let t = [csv::<Missing>("CHILD,MISSING,MIS_START\n1,,01/05/2025\n2,M,01/05/2025\n3,,\n4,,bad")];
        assert_eq!(flagged("565", &t), [("Missing", 0), ("Missing", 3)]);
    }
}
