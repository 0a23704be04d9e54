//! 357: a child's first episode, when it starts in the collection year, has RNE S (started to be
//! looked after): an earlier episode would otherwise be missing.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "357",
        message: "If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let start = d.year().start();
    for (child, rows) in eps.groups() {
        if let Some(first) = earliest(rows) {
            if first.decom.get().is_some_and(|c| c >= start) && first.rne.get() != Some(ReasonNewEpisode::Started) {
                s.flag(child, Episode::TABLE, first.row, &["RNE"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_the_first_episode_in_the_year_is_not_s() {
        let t = [csv::<Episode>("CHILD,DECOM,RNE\n1,01/04/2025,P\n2,31/03/2025,P\n3,01/05/2025,S\n3,01/06/2025,P")];
        assert_eq!(flagged("357", &t), [("Episodes", 0)]);
    }
}
