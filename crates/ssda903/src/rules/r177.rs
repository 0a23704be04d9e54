//! 177: the legal status of the adopter(s) (LS_ADOPTR), when given, must be L0, L11, L12, L2, L3 or L4.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "177",
        message: "The legal status of adopter(s) code is not a valid code.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["LS_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["LS_ADOPTR"], |r| r.ls_adoptr.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Ad1>("CHILD,LS_ADOPTR\n1,L11\n2,L1\n3,")];
        assert_eq!(flagged("177", &t), [("AD1", 1)]);
    }
}
