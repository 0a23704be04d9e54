//! 586: a missing period cannot start before the child was born; starting on the day of birth
//! fires as well (as in the reference: a newborn is not recorded missing on their birth day).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "586",
        message: "Dates of missing periods are before child’s date of birth.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| matches!((m.mis_start.get(), m.dob.get()), (Some(st), Some(dob)) if st <= dob));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn start_on_or_before_birth_fires() {
        let t = [csv::<Missing>("CHILD,DOB,MIS_START\n1,10/05/2020,09/05/2020\n2,10/05/2020,10/05/2020\n3,10/05/2020,11/05/2020\n4,,11/05/2020")];
        assert_eq!(flagged("586", &t), [("Missing", 0), ("Missing", 1)]);
    }
}
