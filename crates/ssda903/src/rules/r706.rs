//! 706 (from 2026-27): a DoLO still open at the end of last year's return must be carried into
//! this year's with the same start date. Each open order last year (blank DOLO_END) with no
//! row this year for the same child and start is flagged on last year's table (DoLo_last),
//! the only row there is to point at. The reference reports those last-year row numbers as
//! rows of this year's DoLo table, and crashes when last year's DoLO is not supplied
//! (DISAGREEMENTS.toml); carefile then judges nothing.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "706",
        message: "There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at the start of this year..",
        severity: Severity::Error,
        tables: &["DoLo", "DoLo_last"],
        fields: &["DOLO_START"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(dolo), Some(last)) = (&d.this.dolo, &d.last.dolo) else { return };
    for o in last.iter().filter(|o| o.dolo_end.is_blank()) {
        if !dolo.of(&o.child).iter().any(|t| t.dolo_start == o.dolo_start) {
            s.flag(&o.child, "DoLo_last", o.row, RULE.meta.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::DoLo;

    #[test]
    fn open_order_must_continue() {
        let this = [csv::<DoLo>("CHILD,DOLO_START\n1,01/03/2026\n2,02/03/2026")];
        let last = [csv::<DoLo>("CHILD,DOLO_START,DOLO_END\n1,1/3/2026,\n2,01/03/2026,\n3,01/03/2026,\n4,01/03/2026,10/03/2026")];
        assert_eq!(flagged_with("706", &this, &last, opts()), [("DoLo_last", 1), ("DoLo_last", 2)]);
        assert!(flagged("706", &this).is_empty());
    }
}
