//! 188: no SDQ score or reason is recorded for a child under 4 on 31 March.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "188",
        message: "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["SDQ_SCORE", "SDQ_REASON"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_SCORE", "SDQ_REASON"], |r| (r.sdq_score.is_present() || r.sdq_reason.is_present()) && r.dob.get().is_some_and(|b| add_years(b, 4) > d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_children_under_4_at_the_end_of_the_year() {
        let t = [csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,31/03/2022,5,\n2,01/04/2022,5,\n3,01/04/2022,,SDQ1\n4,01/04/2022,,")];
        assert_eq!(flagged("188", &t), [("OC2", 1), ("OC2", 2)]);
    }
}
