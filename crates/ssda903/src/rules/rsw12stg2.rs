//! SW12STG2: for a child looked after on 31 March, the social worker episodes of the whole
//! collection year must be reported, including any from before the child came into care. What
//! the return can prove missing is checked: a child looked after on 31 March (an episode other
//! than a short break, LS V3/V4, begun by then and still open) with no social
//! worker episode at all fires on that episode; one already in care before 1 April, whose
//! earliest social worker episode starts after 1 April, fires on that episode (the year's first
//! months are missing). For a child who came into care during the year the return cannot show
//! whether they had a social worker before, so they are not judged on the start.
//! The reference compares blank end dates and so fires for nearly every open episode; it also
//! checks social worker episodes against the start and end of care, not the year (returns.md §5,
//! DISAGREEMENTS.toml).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW12STG2",
        message: "If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after",
        severity: Severity::Error,
        tables: &["Episodes", "SWEpisodes"],
        fields: &["SW_DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(sw)) = (&d.this.episodes, &d.this.sw_episodes) else { return };
    let (start, end) = (d.year().start(), d.year().end());
    for (child, rows) in eps.groups() {
        let care: Vec<_> = rows.iter().filter(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))).collect();
        // Still looked after at the end of the year: begun by 31 March and left open.
        let at_end: Vec<_> = care.iter().filter(|e| e.decom.get().is_some_and(|c| c <= end) && e.dec.is_blank()).collect();
        if at_end.is_empty() {
            continue;
        }
        let workers = sw.of(child);
        if workers.is_empty() {
            for e in at_end {
                s.flag(child, Episode::TABLE, e.row, &["DECOM", "DEC"]);
            }
            continue;
        }
        // Already in care before the year began and still on 1 April.
        let before_year = care.iter().any(|e| e.decom.get().is_some_and(|c| c < start) && (e.dec.is_blank() || e.dec.get().is_some_and(|x| x >= start)));
        let first = workers.iter().filter_map(|w| Some((w.sw_decom.get()?, w.row))).min();
        if let Some((_, row)) = first.filter(|&(first_start, _)| before_year && first_start > start) {
            s.flag(child, SwEpisode::TABLE, row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, SwEpisode};

    #[test]
    fn missing_social_worker_history_fires() {
        let e = csv::<Episode>(
            "CHILD,DECOM,DEC,LS\n1,01/01/2025,,C2\n2,01/01/2025,,C2\n3,01/01/2025,,C2\n4,01/06/2025,,C2\n5,01/01/2025,,V3\n6,01/01/2025,31/03/2026,C2\n7,01/04/2025,,C2",
        );
        let w = csv::<SwEpisode>("CHILD,SW_DECOM\n1,01/04/2025\n2,02/04/2025\n4,01/07/2025\n6,02/04/2025\n7,02/04/2025\n2,01/05/2025");
        // 1 covered from 1 April; 2's first worker starts the day after; 3 has none; 4 came into
        // care in June; 5 is a short break; 6 left on 31 March; 7 came into care on 1 April (like 4,
        // not judged on its start).
        assert_eq!(flagged("SW12STG2", &[e, w]), [("Episodes", 2), ("SWEpisodes", 1)]);
    }
}
