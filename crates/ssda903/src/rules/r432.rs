//! 432: when the previous episode (in DECOM order) ended the period of care (REC other than X1),
//! the next episode starts a new period, so its RNE must be S. Any other RNE, blank included, is
//! flagged; a previous REC that is blank or unreadable proves nothing.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "432",
        message: "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r436::flag_after_previous(d, s, &["RNE"], |prev, e| {
        prev.rec.get().is_some_and(|r| r != ReasonEpisodeCeased::X1) && e.rne.get() != Some(ReasonNewEpisode::Started)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_care_ended_but_the_next_episode_is_a_continuation() {
        let t = [csv::<Episode>("CHILD,DECOM,REC,RNE\n1,01/05/2025,E4A,S\n1,01/06/2025,,P\n2,01/05/2025,X1,S\n2,01/06/2025,,P\n3,01/05/2025,E8,S\n3,01/06/2025,,\n4,01/05/2025,E8,S\n4,01/06/2025,,S")];
        assert_eq!(flagged("432", &t), [("Episodes", 1), ("Episodes", 5)]);
    }
}
