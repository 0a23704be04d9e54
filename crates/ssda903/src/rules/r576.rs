//! 576: a missing period still open at the end of last year's return must reappear, with the
//! same start date, as the child's earliest missing period this year. A child with missing
//! periods this year whose earliest start (or its absence, when no start is readable) differs
//! from the start of an open period last year is flagged on that earliest row. Children with
//! no missing rows this year cannot be pointed at and are not flagged (as in the reference).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "576",
        message: "There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.",
        severity: Severity::Error,
        tables: &["Missing", "Missing_last"],
        fields: &["CHILD"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(mis), Some(last)) = (&d.this.missing, &d.last.missing) else { return };
    for (child, rows) in mis.groups() {
        let open_last: Vec<NaiveDate> = last.of(child).iter().filter(|m| m.mis_end.is_blank()).filter_map(|m| m.mis_start.get()).collect();
        if open_last.is_empty() {
            continue;
        }
        // Rows without a readable start come after every dated one, as if they started last.
        let Some(first) = rows.iter().min_by_key(|m| m.mis_start.get().map_or((1, None), |st| (0, Some(st)))) else { continue };
        if open_last.iter().any(|&st| first.mis_start.get() != Some(st)) {
            s.flag(child, Missing::TABLE, first.row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn open_period_last_year_must_continue() {
        let this = [csv::<Missing>("CHILD,MIS_START,MIS_END\n1,05/05/2025,\n1,01/03/2025,10/04/2025\n2,05/05/2025,\n3,05/05/2025,\n4,,")];
        let last = [csv::<Missing>("CHILD,MIS_START,MIS_END\n1,01/03/2025,\n2,01/03/2025,\n3,01/03/2025,05/03/2025\n4,01/03/2025,")];
        assert_eq!(flagged_with("576", &this, &last, opts()), [("Missing", 2), ("Missing", 4)]);
        assert!(flagged("576", &this).is_empty());
    }
}
