//! 143: the reason for a new episode (RNE), when given, must be S, L, P, T, B or U.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "143",
        message: "The reason for new episode code is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["RNE"], |r| r.rne.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Episode>("CHILD,RNE\n1,S\n2,X\n3,\n4,b")];
        assert_eq!(flagged("143", &t), [("Episodes", 1)]);
    }
}
