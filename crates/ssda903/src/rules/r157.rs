//! 157: SDQ1 (no SDQ because the child was under 4 or over 16) is not a valid reason for a child
//! looked after continuously for 12 months who was 4 or over on 1 April and 16 or under on 31 March.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "157",
        message: "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["SDQ_REASON", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let cla = continuously_looked_after(d);
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_REASON", "DOB"], |r| cla.contains(&*r.child) && r.sdq_score.is_blank() && r.sdq_reason.get() == Some(SdqReason::SDQ1) && r.dob.get().is_some_and(|b| add_years(b, 4) <= d.year().start() && add_years(b, 16) >= d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_sdq1_in_the_age_range() {
        let t = [csv::<crate::tables::Episode>("CHILD,DECOM,RNE,LS,DEC,REC\n1,01/01/2024,S,C2,,\n2,01/06/2025,S,C2,,"), csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,01/04/2021,,SDQ1\n1,02/04/2021,,SDQ1\n1,31/03/2010,,SDQ1\n1,30/03/2010,,SDQ1\n2,01/01/2015,,SDQ1\n1,01/01/2015,,SDQ2")];
        assert_eq!(flagged("157", &t), [("OC2", 0), ("OC2", 2)]);
    }
}
