//! 145: the category of need (CIN), when given, must be N1–N8.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "145",
        message: "Category of need code is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["CIN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["CIN"], |r| r.cin.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Episode>("CHILD,CIN\n1,N1\n2,N9\n3,\n4,n8")];
        assert_eq!(flagged("145", &t), [("Episodes", 1)]);
    }
}
