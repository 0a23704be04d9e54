//! 367: short-term breaks (LS V3) total at most 75 days in the year: each V3 episode is clipped to the
//! collection year (an open one runs to 31 March) and a child whose V3 days add up to more than 75 has
//! every V3 episode with days in the year flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "367",
        message: "The maximum amount of respite care allowable is 75 days in any 12-month period.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "DECOM", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let (start, end) = (d.year().start(), d.year().end());
    for (child, rows) in eps.groups() {
        let days: Vec<(&Episode, i64)> = rows
            .into_iter()
            .filter(|e| e.ls.get() == Some(LegalStatus::V3))
            .filter_map(|e| {
                let from = e.decom.get()?.max(start);
                let to = if e.dec.is_blank() { end } else { e.dec.get()?.min(end) };
                Some((e, (to - from).num_days())).filter(|(_, n)| *n > 0)
            })
            .collect();
        if days.iter().map(|(_, n)| n).sum::<i64>() > 75 {
            for (e, _) in days {
                s.flag(child, Episode::TABLE, e.row, &["LS", "DECOM", "DEC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_over_75_days_in_the_year() {
        let t = [csv::<Episode>(
            "CHILD,LS,DECOM,DEC\n1,V3,01/03/2025,11/04/2025\n1,V3,01/05/2025,05/06/2025\n2,V3,01/05/2025,05/06/2025\n2,V3,01/07/2025,11/08/2025\n3,V3,20/01/2026,",
        )];
        assert_eq!(flagged("367", &t), [("Episodes", 2), ("Episodes", 3)]);
    }
}
