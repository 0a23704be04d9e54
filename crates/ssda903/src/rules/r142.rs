//! 142: every episode but a child's latest must have ended: an earlier episode (with a readable
//! start) lacking a readable end date or a reason it ended is flagged. The latest episode is the
//! one with the latest start; an episode with an unreadable start counts as the latest, as the DfE
//! tool orders them.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "142",
        message: "A new episode has started, but the previous episode has not ended.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DEC", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, mut rows) in eps.groups() {
        // Stable sort: readable starts in date order, unreadable ones after them.
        rows.sort_by_key(|e| (e.decom.get().is_none(), e.decom.get()));
        rows.pop();
        for e in rows {
            if e.decom.get().is_some() && (e.dec.get().is_none() || e.rec.is_blank()) {
                s.flag(child, Episode::TABLE, e.row, &["DEC", "REC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_open_episodes_before_the_latest() {
        let eps = csv::<Episode>(
            "CHILD,DECOM,DEC,REC\n1,01/06/2025,,\n1,01/04/2025,,X1\n1,01/05/2025,01/06/2025,X1\n2,01/04/2025,,\n3,01/04/2025,,\n3,xx,,",
        );
        assert_eq!(flagged("142", &[eps]), [("Episodes", 1), ("Episodes", 4)]);
    }
}
