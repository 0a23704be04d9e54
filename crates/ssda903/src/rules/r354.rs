//! 354: no episode can start after the end of the collection year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "354",
        message: "Date episode ceased must be on or before the end of the current collection year.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DECOM"], |r| r.decom.get().is_some_and(|c| c > d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_after_31_march() {
        let t = [csv::<Episode>("CHILD,DECOM\n1,31/03/2026\n2,01/04/2026")];
        assert_eq!(flagged("354", &t), [("Episodes", 1)]);
    }
}
