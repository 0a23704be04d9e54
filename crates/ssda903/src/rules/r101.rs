//! 101: the child's sex must be M, F or U (the DfE records sex, not gender, from 2024-25).
//! A blank sex fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "101",
        message: "The child or young person’s reported sex is not valid.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["SEX"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["SEX"], |h| h.sex.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_old_gender_codes_and_blanks() {
        let t = [csv::<Header>("CHILD,SEX\n1,M\n2,1\n3,\n4,u\n5,F")];
        assert_eq!(flagged("101", &t), [("Header", 1), ("Header", 2)]);
    }
}
