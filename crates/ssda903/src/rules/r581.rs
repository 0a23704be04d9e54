//! 581: a missing period must start during one of the child's episodes (on or after DECOM and
//! on or before DEC, or with the episode still open). Only children with episodes are judged,
//! and unreadable start dates are left to rules 564/1004.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "581",
        message: "Child is missing but has not yet started to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes", "Missing"],
        fields: &["MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(mis)) = (&d.this.episodes, &d.this.missing) else { return };
    for m in mis.iter() {
        let Some(start) = m.mis_start.get() else { continue };
        let episodes = eps.of(&m.child);
        let during = |e: &&Episode| e.decom.get().is_some_and(|c| c <= start) && e.dec.get().is_none_or(|x| start <= x);
        if !episodes.is_empty() && !episodes.iter().any(during) {
            s.flag(&m.child, Missing::TABLE, m.row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Missing};

    #[test]
    fn missing_outside_every_episode_fires() {
        let eps = csv::<Episode>("CHILD,DECOM,DEC\n1,01/05/2025,10/05/2025\n1,01/07/2025,");
        let mis = csv::<Missing>("CHILD,MIS_START\n1,30/04/2025\n1,01/05/2025\n1,10/05/2025\n1,11/05/2025\n1,01/08/2025\n9,01/01/2025");
        assert_eq!(flagged("581", &[eps, mis]), [("Missing", 0), ("Missing", 3)]);
    }
}
