//! 502: an episode left open at the end of last year (DEC blank) continues into this year, so this
//! year's first episode (earliest readable DECOM) must start on the same date. The first episode is
//! flagged for each of the child's open episodes last year that started on another date (or on an
//! unreadable one). Needs both years' Episodes; children with no readable DECOM this year are
//! passed over (the reference validator crashes on them).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "502",
        message: "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["DECOM"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(now), Some(last)) = (&d.this.episodes, &d.last.episodes) else { return };
    for (child, rows) in now.groups() {
        let Some(first) = earliest(rows) else { continue };
        if last.of(child).iter().any(|l| l.dec.is_blank() && l.decom.get() != first.decom.get()) {
            s.flag(child, Episode::TABLE, first.row, &["DECOM"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_the_open_episode_started_on_another_day() {
        let last = [csv::<Episode>("CHILD,DECOM,DEC\n1,01/02/2025,\n2,01/02/2025,\n3,01/02/2025,01/03/2025\n4,bad,")];
        let this = [csv::<Episode>("CHILD,DECOM\n1,01/02/2025\n1,01/01/2025\n2,01/05/2025\n2,01/02/2025\n3,01/05/2025\n4,01/05/2025")];
        assert_eq!(flagged_with("502", &this, &last, opts()), [("Episodes", 1), ("Episodes", 5)]);
    }
}
