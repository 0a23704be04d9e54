//! 388: REC X1 means a new episode begins the same day: an episode ending X1 is followed (in start
//! order) by one starting on its end date; an episode ending otherwise is not; and a child's last
//! episode cannot end X1.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "388",
        message: "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let x1 = |e: &Episode| e.rec.get() == Some(ReasonEpisodeCeased::X1);
    for (child, rows) in eps.groups() {
        let rows = by_decom(rows);
        for (i, e) in rows.iter().enumerate() {
            let Some(dec) = e.dec.get() else { continue };
            let bad = match rows.get(i + 1).map(|n| n.decom.get()) {
                Some(Some(next)) => (x1(e) && dec != next) || (e.rec.is_present() && !x1(e) && dec == next),
                Some(None) => false,
                None => x1(e),
            };
            if bad {
                s.flag(child, Episode::TABLE, e.row, &["REC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_x1_and_continuation_disagree() {
        let e = csv::<Episode>(
            "CHILD,DECOM,DEC,REC\n1,01/04/2025,01/05/2025,X1\n1,02/05/2025,01/06/2025,X1\n2,01/04/2025,01/05/2025,E8\n2,01/05/2025,,\n3,01/04/2025,01/05/2025,X1\n3,01/05/2025,,",
        );
        assert_eq!(flagged("388", &[e]), [("Episodes", 0), ("Episodes", 1), ("Episodes", 2)]);
    }
}
