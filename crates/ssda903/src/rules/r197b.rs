//! 197B: a child looked after continuously for 12 months who turns 4 or 17 during the year needs an SDQ
//! score or a reason for none.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "197B",
        message: "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["SDQ_REASON", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let cla = continuously_looked_after(d);
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_REASON", "DOB"], |r| cla.contains(&*r.child) && r.sdq_score.is_blank() && r.sdq_reason.is_blank() && r.dob.get().is_some_and(|b| [4, 17].iter().any(|&n| d.year().contains(add_years(b, n)))));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_4_and_17_year_olds_without_score_or_reason() {
        let t = [csv::<crate::tables::Episode>("CHILD,DECOM,RNE,LS,DEC,REC\n1,01/01/2024,S,C2,,\n2,01/06/2025,S,C2,,"), csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,01/04/2021,,\n1,31/03/2021,,\n1,31/03/2009,,\n1,31/03/2008,,\n2,01/04/2021,,\n1,01/04/2021,3,")];
        assert_eq!(flagged("197B", &t), [("OC2", 0), ("OC2", 2)]);
    }
}
