//! 437: an episode ending because the child died (REC E2) or was assessed as 18 or over (E15)
//! must be the child's last. Such an episode (with a readable DECOM) is flagged when any of the
//! child's episodes comes after it in DECOM order (episodes with an unreadable DECOM count as later).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "437",
        message: "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, rows) in eps.groups() {
        for w in by_decom(rows).windows(2) {
            if w[0].decom.get().is_some() && matches!(w[0].rec.get(), Some(ReasonEpisodeCeased::E2 | ReasonEpisodeCeased::E15)) {
                s.flag(child, Episode::TABLE, w[0].row, &["REC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_episodes_follow_death_or_adulthood() {
        let t = [csv::<Episode>("CHILD,DECOM,REC\n1,01/06/2025,\n1,01/05/2025,E2\n2,01/05/2025,E15\n3,01/05/2025,E15\n3,,\n4,01/05/2025,E4A\n4,01/06/2025,")];
        assert_eq!(flagged("437", &t), [("Episodes", 1), ("Episodes", 3)]);
    }
}
