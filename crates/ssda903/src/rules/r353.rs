//! 353: no episode can start before 14 October 1991 (when the Children Act 1989 came into force).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "353",
        message: "No episode submitted can start before 14 October 1991.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DECOM"], |r| r.decom.get().is_some_and(|c| Some(c) < NaiveDate::from_ymd_opt(1991, 10, 14)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_before_14_october_1991() {
        let t = [csv::<Episode>("CHILD,DECOM\n1,14/10/1991\n2,13/10/1991\n3,")];
        assert_eq!(flagged("353", &t), [("Episodes", 1)]);
    }
}
