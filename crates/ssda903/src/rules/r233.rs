//! 233: a reason for placement change belongs to the episode that ended with the change: an open
//! episode (no DEC) has none.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "233",
        message: "Reason for placement change is not required when the episode has not ceased.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REASON_PLACE_CHANGE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["REASON_PLACE_CHANGE"], |r| r.dec.is_blank() && r.reason_place_change.is_present());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_open_episodes_with_a_reason() {
        let t = [csv::<Episode>("CHILD,DEC,REASON_PLACE_CHANGE\n1,,CARPL\n2,01/05/2025,CARPL\n3,,")];
        assert_eq!(flagged("233", &t), [("Episodes", 0)]);
    }
}
