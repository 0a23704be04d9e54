//! 366: a single short-term break (LS V3) is one placement, so each V3 episode starts one (RNE S).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "366",
        message: "A child cannot change placement during the course of an individual short-term respite break.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["RNE"], |e| {
        e.ls.get() == Some(LegalStatus::V3) && e.rne.get() != Some(ReasonNewEpisode::Started)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_v3_episodes_not_starting_care() {
        let t = [csv::<Episode>("CHILD,LS,RNE\n1,V3,S\n2,V3,P\n3,V3,\n4,V4,P")];
        assert_eq!(flagged("366", &t), [("Episodes", 1), ("Episodes", 2)]);
    }
}
