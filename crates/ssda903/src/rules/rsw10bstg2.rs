//! SW10bSTG2: a social worker episode for a first contact (FCONTA) starts after the child's previous one
//! (in start order) ended.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW10bSTG2",
        message: "A new social worker episode has started with a reason of first contact before the previous episode has ended.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DECOM", "SW_REASON"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_handovers(d, s, |prev_end, e| {
        e.sw_reason.get() == Some(SocialWorkerChangeReason::Fconta) && prev_end.zip(e.sw_decom.get()).is_some_and(|(x, c)| c <= x)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC,SW_REASON\n1,01/04/2025,01/05/2025,\n1,01/05/2025,,FCONTA\n2,01/04/2025,01/05/2025,\n2,02/05/2025,,FCONTA")];
        assert_eq!(flagged("SW10bSTG2", &t), [("SWEpisodes", 1)]);
    }
}
