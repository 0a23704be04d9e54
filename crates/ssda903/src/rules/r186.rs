//! 186: a child looked after continuously for 12 months, aged 4 or over on 1 April and under 17 on
//! 31 March, needs an SDQ score or a reason for none.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "186",
        message: "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["SDQ_SCORE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let cla = continuously_looked_after(d);
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_SCORE"], |r| cla.contains(&*r.child) && r.sdq_score.is_blank() && r.sdq_reason.is_blank() && r.dob.get().is_some_and(|b| add_years(b, 4) <= d.year().start() && add_years(b, 17) > d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_score_and_reason_are_missing_in_the_age_range() {
        let t = [csv::<crate::tables::Episode>("CHILD,DECOM,RNE,LS,DEC,REC\n1,01/01/2024,S,C2,,\n2,01/06/2025,S,C2,,"), csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,01/04/2021,,\n1,02/04/2021,,\n1,01/04/2009,,\n1,31/03/2009,,\n2,01/01/2015,,\n1,01/01/2015,,SDQ2")];
        assert_eq!(flagged("186", &t), [("OC2", 0), ("OC2", 2)]);
    }
}
