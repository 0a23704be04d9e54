//! 433: a continuation episode (RNE P, L, T, U or B) starts the day the previous one ended. Taking
//! the child's episodes in DECOM then DEC order (unreadable dates last), such an episode is flagged
//! when its DECOM differs from the previous episode's DEC, or either is blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "433",
        message: "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["RNE", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let key = |c: &Cell<NaiveDate>| (c.get().is_none(), c.get());
    for (child, mut rows) in eps.groups() {
        rows.sort_by_key(|e| (key(&e.decom), key(&e.dec)));
        for w in rows.windows(2) {
            let (prev, e) = (w[0], w[1]);
            let continuation = e.rne.get().is_some_and(|r| r != ReasonNewEpisode::Started);
            if continuation && (prev.dec.is_blank() || e.decom.is_blank() || prev.dec != e.decom) {
                s.flag(child, Episode::TABLE, e.row, &["RNE", "DECOM"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_a_continuation_does_not_start_on_the_previous_end() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,DEC,RNE\n1,01/05/2025,01/06/2025,S\n1,01/06/2025,,P\n2,01/05/2025,01/06/2025,S\n2,02/06/2025,,T\n3,01/05/2025,,S\n3,01/06/2025,,L\n4,01/05/2025,01/06/2025,S\n4,03/06/2025,,S",
        )];
        assert_eq!(flagged("433", &t), [("Episodes", 3), ("Episodes", 5)]);
    }
}
