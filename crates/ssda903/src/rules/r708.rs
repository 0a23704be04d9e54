//! 708 (from 2026-27): a DoLO cannot start before the child was born; as in the reference, a
//! start on the day of birth fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "708",
        message: "Dates of DoLOs are before child’s date of birth.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.dolo.as_ref(), s, RULE.meta.fields, |o| matches!((o.dolo_start.get(), o.dob.get()), (Some(st), Some(dob)) if st <= dob));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::DoLo;

    #[test]
    fn start_on_or_before_birth_fires() {
        let t = [csv::<DoLo>("CHILD,DOB,DOLO_START\n1,10/05/2012,09/05/2012\n2,10/05/2012,10/05/2012\n3,10/05/2012,11/05/2012\n4,,11/05/2012")];
        assert_eq!(flagged("708", &t), [("DoLo", 0), ("DoLo", 1)]);
    }
}
