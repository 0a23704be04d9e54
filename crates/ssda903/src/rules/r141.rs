//! 141: the date an episode began, when given, must be a real dd/mm/YYYY date (a blank is allowed here).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "141",
        message: "Date episode began is not a valid date.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DECOM"], |r| r.decom.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_unreadable_dates_only() {
        let t = [csv::<Episode>("CHILD,DECOM\n1,29/02/2024\n2,29/02/2025\n3,\n4,01/13/2024\n5,1/4/2024")];
        assert_eq!(flagged("141", &t), [("Episodes", 1), ("Episodes", 3)]);
    }
}
