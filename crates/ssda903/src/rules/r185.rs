//! 185: an SDQ score is only recorded for a child looked after continuously for 12 months at 31 March.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "185",
        message: "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["SDQ_SCORE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let cla = continuously_looked_after(d);
    flag_rows(d.this.oc2.as_ref(), s, &["SDQ_SCORE"], |r| r.sdq_score.is_present() && !cla.contains(&*r.child));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_for_children_not_looked_after_all_year() {
        let t = [csv::<crate::tables::Episode>("CHILD,DECOM,RNE,LS,DEC,REC\n1,01/01/2024,S,C2,,\n2,01/06/2025,S,C2,,"), csv::<Oc2>("CHILD,DOB,SDQ_SCORE,SDQ_REASON\n1,01/01/2015,10,\n2,01/01/2015,10,\n2,01/01/2015,,SDQ4\n3,01/01/2015,5,")];
        assert_eq!(flagged("185", &t), [("OC2", 1), ("OC2", 3)]);
    }
}
