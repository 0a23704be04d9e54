//! 501: a child's episodes cannot overlap. Taking the child's episodes in DECOM order, an episode
//! that starts before the previous one's DEC is flagged (starting on that day is the normal
//! continuation). Unreadable dates are ignored; an open previous episode is 142's concern.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "501",
        message: "A new episode has started before the end date of the previous episode.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r436::flag_after_previous(d, s, &["DECOM", "DEC"], |prev, e| match (e.decom.get(), prev.dec.get()) {
        (Some(start), Some(prev_end)) => start < prev_end,
        _ => false,
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_a_start_before_the_previous_end() {
        let t = [csv::<Episode>("CHILD,DECOM,DEC\n1,01/05/2025,10/05/2025\n1,09/05/2025,\n2,01/05/2025,10/05/2025\n2,10/05/2025,\n3,01/05/2025,\n3,02/05/2025,")];
        assert_eq!(flagged("501", &t), [("Episodes", 1)]);
    }
}
