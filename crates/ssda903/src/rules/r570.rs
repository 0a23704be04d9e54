//! 570: a missing period cannot start after the collection year ends (31 March); it belongs
//! to a later return.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "570",
        message: "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.",
        severity: Severity::Error,
        tables: &["Missing"],
        fields: &["MIS_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let end = d.year().end();
    flag_rows(d.this.missing.as_ref(), s, RULE.meta.fields, |m| m.mis_start.get().is_some_and(|st| st > end));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Missing;

    #[test]
    fn start_after_31_march_fires() {
        let t = [csv::<Missing>("CHILD,MIS_START\n1,30/03/2026\n2,31/03/2026\n3,01/04/2026\n4,")];
        assert_eq!(flagged("570", &t), [("Missing", 2)]);
    }
}
