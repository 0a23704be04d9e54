//! 176: the sex of the adopter(s) (SEX_ADOPTR), when given, must be M1, F1, MM, FF or MF.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "176",
        message: "The gender of adopter(s) at the date of adoption code is not a valid code.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["SEX_ADOPTR"], |r| r.sex_adoptr.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Ad1>("CHILD,SEX_ADOPTR\n1,MF\n2,M2\n3,")];
        assert_eq!(flagged("176", &t), [("AD1", 1)]);
    }
}
