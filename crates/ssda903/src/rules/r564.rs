//! 564: a missing or away-without-authorisation period (MISSING is M or A) must have a start
//! date; a blank MIS_START fires.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "564",
        message: "Child was missing or away from placement without authorisation and the date started is blank.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MISSING", "MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.missing.value().is_some() && m.mis_start.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn known_type_without_start_fires() {
        let t = [csv::<Missing>("CHILD,MISSING,MIS_START\n1,M,\n2,a,\n3,A,01/05/2025\n4,X,\n5,,")];
        assert_eq!(flagged("564", &t), [("Missing", 0), ("Missing", 1)]);
    }
}
