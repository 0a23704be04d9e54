//! 571: a missing period's end date, when given, must fall inside the collection year: an
//! earlier end belongs to a previous return, a later one is in the future.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "571",
        message: "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let year = d.year();
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.mis_end.get().is_some_and(|e| !year.contains(e)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn end_outside_the_year_fires() {
        let t = [csv::<Missing>("CHILD,MIS_END\n1,31/03/2025\n2,01/04/2025\n3,31/03/2026\n4,01/04/2026\n5,")];
        assert_eq!(flagged("571", &t), [("Missing", 0), ("Missing", 3)]);
    }
}
