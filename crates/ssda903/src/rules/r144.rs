//! 144: the legal status (LS), when given, must be a DfE code.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "144",
        message: "The legal status code is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["LS"], |r| r.ls.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Episode>("CHILD,LS\n1,C2\n2,C3\n3,\n4,j3")];
        assert_eq!(flagged("144", &t), [("Episodes", 1)]);
    }
}
