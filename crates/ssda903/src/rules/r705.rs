//! 705 (from 2026-27): a child's DoLOs must not overlap: in order of end date (an open order by
//! its start), a DoLO that follows an open one, or starts before the previous one ended, is
//! flagged. Orders with unreadable dates go last (one with only an end date is ordered by it)
//! and can only clash with an open order.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "705",
        message: "A DoLO cannot start when the previous DoLO is still open.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_START", "DOLO_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(dolo) = &d.this.dolo else { return };
    for (child, rows) in dolo.groups() {
        let mut orders: Vec<_> = rows.iter().map(|o| (o.dolo_start.get(), o.dolo_end.get(), o.row)).collect();
        by_end_then_start(&mut orders);
        for row in starts_before_previous_end(&orders) {
            s.flag(child, DoLo::TABLE, row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::DoLo;

    #[test]
    fn overlapping_orders_fire() {
        let t = [csv::<DoLo>(
            "CHILD,DOLO_START,DOLO_END\n1,01/05/2026,10/05/2026\n1,10/05/2026,\n2,01/05/2026,10/05/2026\n2,09/05/2026,20/05/2026\n3,01/05/2026,\n3,01/06/2026,02/06/2026",
        )];
        assert_eq!(flagged("705", &t), [("DoLo", 3), ("DoLo", 5)]);
    }
}
