//! SW11bSTG2: a social worker episode that ended in the last days of the year (SW_DEC from
//! 26 March to 31 March, the reference's five-day window) should be followed by another
//! episode: the child's next social worker. An ended episode with no other episode of the child
//! starting on or after its start fires. The reference instead flags a following row with a
//! blank start, and flags any non-first episode ending in the window even when another one
//! follows it (DISAGREEMENTS.toml); carefile flags the ended episode itself.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW11bSTG2",
        message: "Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(sw) = &d.this.sw_episodes else { return };
    let end = d.year().end();
    let window_start = end.checked_sub_days(chrono::Days::new(5)).unwrap_or(end);
    for (child, rows) in sw.groups() {
        for e in &rows {
            let Some(dec) = e.sw_dec.get().filter(|x| (window_start..=end).contains(x)) else { continue };
            // A successor starts on or after this episode did (its end when the start is unreadable).
            let from = e.sw_decom.get().unwrap_or(dec);
            let followed = rows.iter().any(|n| n.row != e.row && n.sw_decom.get().is_some_and(|next| next >= from));
            if !followed {
                s.flag(child, SwEpisode::TABLE, e.row, RULE.meta.fields);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn episode_ending_at_the_year_end_needs_a_successor() {
        let t = [csv::<SwEpisode>(
            "CHILD,SW_DECOM,SW_DEC\n1,01/01/2026,26/03/2026\n1,26/03/2026,\n2,01/01/2026,25/03/2026\n3,01/01/2026,31/03/2026\n4,01/01/2026,27/03/2026\n4,,\n5,01/01/2026,20/03/2026\n5,20/03/2026,28/03/2026\n6,01/01/2026,26/03/2026",
        )];
        // 2 ended before the window; 3 ended on 31 March with nothing after; 4's next row has no
        // start; 5's later episode ends in the window with nothing after it; 6 ends on its first day.
        assert_eq!(flagged("SW11bSTG2", &t), [("SWEpisodes", 3), ("SWEpisodes", 4), ("SWEpisodes", 7), ("SWEpisodes", 8)]);
    }
}
