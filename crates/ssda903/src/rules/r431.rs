//! 431: an episode with RNE S starts a new period of care, so it must begin after the previous
//! episode (in DECOM order) ended: a DECOM on or before the previous DEC is flagged (a same-day
//! start is a continuation and needs another RNE). Unreadable dates are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "431",
        message: "The reason for new episode is started to be looked after, but the previous episode ended on the same day.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r436::flag_after_previous(d, s, &["RNE", "DECOM"], |prev, e| {
        e.rne.get() == Some(ReasonNewEpisode::Started) && e.decom.get().is_some_and(|start| prev.dec.get().is_some_and(|end| start <= end))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_a_new_start_the_day_care_ended() {
        let t = [csv::<Episode>("CHILD,DECOM,DEC,RNE\n1,01/05/2025,01/06/2025,S\n1,01/06/2025,,S\n2,01/05/2025,01/06/2025,S\n2,02/06/2025,,S\n3,01/05/2025,,S\n3,01/06/2025,,S")];
        assert_eq!(flagged("431", &t), [("Episodes", 1)]);
    }
}
