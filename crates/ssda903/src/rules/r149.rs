//! 149: the reason an episode ceased (REC), when given, must be a DfE code.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "149",
        message: "Reason episode ceased code is not valid.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["REC"], |r| r.rec.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_unknown_codes_only() {
        let t = [csv::<Episode>("CHILD,REC\n1,E11\n2,E10\n3,\n4,e4a")];
        assert_eq!(flagged("149", &t), [("Episodes", 1)]);
    }
}
