//! SW08STG2: every social worker episode but a child's latest has ended: an earlier episode (with a
//! readable start) without a readable end is flagged. The latest is the one with the latest start; one
//! with an unreadable start counts as the latest.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW08STG2",
        message: "A new social worker episode has started, but the previous episode has not ended.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(sw) = &d.this.sw_episodes else { return };
    for (child, mut rows) in sw.groups() {
        rows.sort_by_key(|e| (e.sw_decom.get().is_none(), e.sw_decom.get()));
        rows.pop();
        for e in rows.into_iter().filter(|e| e.sw_decom.get().is_some() && e.sw_dec.get().is_none()) {
            s.flag(child, SwEpisode::TABLE, e.row, &["SW_DEC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC\n1,01/06/2025,\n1,01/04/2025,\n1,01/05/2025,01/06/2025\n2,01/04/2025,")];
        assert_eq!(flagged("SW08STG2", &t), [("SWEpisodes", 1)]);
    }
}
