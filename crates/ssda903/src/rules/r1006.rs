//! 1006: MISSING, when given, must be M (missing) or A (away without authorisation); blank is
//! for rules 565/566.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1006",
        message: "Missing type invalid.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MISSING"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.missing.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn unknown_type_fires() {
        let t = [csv::<Missing>("CHILD,MISSING\n1,M\n2,X\n3,\n4,a")];
        assert_eq!(flagged("1006", &t), [("Missing", 1)]);
    }
}
