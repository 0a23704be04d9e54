//! 1009: REASON_PLACE_CHANGE, when given, must be one of the DfE's twelve codes (CARPL … OTHER).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1009",
        message: "Reason for placement change is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REASON_PLACE_CHANGE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, RULE.meta.fields, |e| e.reason_place_change.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn unknown_reason_fires() {
        let t = [csv::<Episode>("CHILD,REASON_PLACE_CHANGE\n1,CARPL\n2,CARP\n3,\n4,custod")];
        assert_eq!(flagged("1009", &t), [("Episodes", 1)]);
    }
}
