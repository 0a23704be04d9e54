//! 630: a child who started to be looked after this year (an episode with RNE S and a DECOM on
//! or after 1 April) must have previous permanence information: a PrevPerm row with PREV_PERM
//! completed and, unless it is Z1 (no previous order), LA_PERM and DATE_PERM as well. The
//! starting episode is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "630",
        message: "Information on previous permanence option should be returned.",
        severity: Severity::Error,
        tables: &["Episodes", "PrevPerm"],
        fields: &["RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(prev)) = (&d.this.episodes, &d.this.prev_perm) else { return };
    let start = d.year().start();
    flag_rows(Some(eps), s, RULE.meta.fields, |e| {
        let started = e.rne.get() == Some(ReasonNewEpisode::Started) && e.decom.get().is_some_and(|c| c >= start);
        let rows = prev.of(&e.child);
        let incomplete = |p: &&PrevPerm| {
            p.prev_perm.get() != Some(PreviousPermanence::Z1) && (p.prev_perm.is_blank() || p.la_perm.is_blank() || p.date_perm.is_blank())
        };
        started && (rows.is_empty() || rows.iter().any(incomplete))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PrevPerm};

    #[test]
    fn new_entrant_needs_previous_permanence() {
        let e = csv::<Episode>("CHILD,DECOM,RNE\n1,01/04/2025,S\n2,01/04/2025,S\n3,01/04/2025,S\n4,31/03/2025,S\n5,01/05/2025,P\n6,01/04/2025,S");
        let p = csv::<PrevPerm>("CHILD,PREV_PERM,LA_PERM,DATE_PERM\n2,Z1,,\n3,P1,855,\n6,P2,855,01/01/2020");
        assert_eq!(flagged("630", &[e, p]), [("Episodes", 0), ("Episodes", 2)]);
    }
}
