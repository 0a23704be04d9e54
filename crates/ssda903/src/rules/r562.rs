//! 562: a child's earliest episode that began before this collection year must be the episode
//! last year's return ended on: its DECOM must equal the latest DECOM in last year's episodes
//! for that child. Otherwise an episode in between (or the child's whole previous return) is
//! missing. Needs last year's episodes; unreadable DECOMs are ignored (rule 141 reports them).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "562",
        message: "Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["DECOM"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(last)) = (&d.this.episodes, &d.last.episodes) else { return };
    let start = d.year().start();
    for (child, rows) in eps.groups() {
        let earliest = rows.iter().filter_map(|e| e.decom.get().filter(|&dc| dc < start).map(|dc| (dc, e))).min_by_key(|(dc, _)| *dc);
        let Some((decom, e)) = earliest else { continue };
        let last_start = last.of(child).iter().filter_map(|l| l.decom.get()).max();
        if last_start != Some(decom) {
            s.flag(child, Episode::TABLE, e.row, &["DECOM"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn carried_over_episode_must_match_last_years_latest() {
        let this = [csv::<Episode>("CHILD,DECOM\n1,01/01/2025\n1,01/05/2025\n2,01/02/2025\n3,31/03/2025\n4,01/04/2025\n5,10/03/2025")];
        let last = [csv::<Episode>("CHILD,DECOM\n1,01/06/2024\n1,01/01/2025\n2,01/01/2025\n2,01/01/2024\n4,01/03/2025\n5,10/03/2025\n5,01/01/2020")];
        // 2: latest last year is 01/01/2025; 3: absent last year; 4 starts on 1 April, in the year.
        assert_eq!(flagged_with("562", &this, &last, opts()), [("Episodes", 2), ("Episodes", 3)]);
        assert!(flagged("562", &this).is_empty(), "needs last year's episodes");
    }
}
