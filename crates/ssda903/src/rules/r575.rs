//! 575: when the episode during which a child went missing has ended, the missing period must
//! have ended too. A missing period starting within a finished episode (DECOM ≤ MIS_START ≤ DEC)
//! with a blank MIS_END fires. An unreadable MIS_END is rule 1005's, not this one's.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "575",
        message: "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.",
        severity: Severity::Error,
        tables: &["Episodes", "Missing"],
        fields: &["MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(mis)) = (&d.this.episodes, &d.this.missing) else { return };
    for m in mis.iter() {
        let Some(start) = m.mis_start.get().filter(|_| m.mis_end.is_blank()) else { continue };
        let in_ended = eps.of(&m.child).iter().any(|e| matches!((e.decom.get(), e.dec.get()), (Some(a), Some(b)) if a <= start && start <= b));
        if in_ended {
            s.flag(&m.child, Missing::TABLE, m.row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Missing};

    #[test]
    fn open_missing_period_in_an_ended_episode_fires() {
        let eps = csv::<Episode>("CHILD,DECOM,DEC\n1,01/04/2025,10/05/2025\n2,01/04/2025,\n3,01/04/2025,10/05/2025");
        let mis = csv::<Missing>("CHILD,MIS_START,MIS_END\n1,10/05/2025,\n1,11/05/2025,\n2,10/05/2025,\n3,01/04/2025,02/04/2025\n1,01/04/2025,");
        // Row 1 starts the day after the episode ended; child 2's episode is still open.
        assert_eq!(flagged("575", &[eps, mis]), [("Missing", 0), ("Missing", 4)]);
    }
}
