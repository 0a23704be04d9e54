//! 189: no SDQ score or reason is recorded for a child aged 17 or over on 1 April.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "189",
        message: "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["DOB", "SDQ_SCORE", "SDQ_REASON"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["DOB", "SDQ_SCORE", "SDQ_REASON"], |r| (r.sdq_score.is_present() || r.sdq_reason.is_present()) && r.dob.get().is_some_and(|b| add_years(b, 17) < d.year().start()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_children_17_before_the_year_began() {
        let t = [csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,31/03/2008,5,\n2,01/04/2008,5,\n3,30/03/2008,,SDQ1\n4,01/01/2000,,")];
        assert_eq!(flagged("189", &t), [("OC2", 0), ("OC2", 2)]);
    }
}
