//! 631: PREV_PERM, when completed, must be one of P1–P4 or Z1 (blank is allowed here).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "631",
        message: "Previous permanence option not a valid value.",
        severity: Severity::Error,
        tables: &["PrevPerm"],
        fields: &["PREV_PERM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.prev_perm.as_ref(), s, RULE.meta.fields, |p| p.prev_perm.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PrevPerm;

    #[test]
    fn unknown_code_fires() {
        let t = [csv::<PrevPerm>("CHILD,PREV_PERM\n1,P5\n2,p1\n3,\n4,Z1")];
        assert_eq!(flagged("631", &t), [("PrevPerm", 0)]);
    }
}
