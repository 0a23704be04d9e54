//! 1000: a child who died in care (an episode ending with REC E2, this year or, when supplied,
//! last year) cannot be followed up as a care leaver: their OC3 row fires.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1000",
        message: "This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]",
        severity: Severity::Error,
        tables: &["Episodes", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(oc3)) = (&d.this.episodes, &d.this.oc3) else { return };
    let died = |t: &Table<Episode>, child: &str| t.of(child).iter().any(|e| e.rec.get() == Some(ReasonEpisodeCeased::E2));
    flag_rows(Some(oc3), s, RULE.meta.fields, |o| died(eps, &o.child) || d.last.episodes.as_ref().is_some_and(|l| died(l, &o.child)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3};

    #[test]
    fn care_leaver_data_for_a_child_who_died_fires() {
        let this = [csv::<Episode>("CHILD,REC\n1,e2\n2,E4A\n3,"), csv::<Oc3>("CHILD,IN_TOUCH\n1,DIED\n2,YES\n3,YES")];
        let last = [csv::<Episode>("CHILD,REC\n3,E2")];
        assert_eq!(flagged("1000", &this), [("OC3", 0)]);
        assert_eq!(flagged_with("1000", &this, &last, opts()), [("OC3", 0), ("OC3", 2)]);
    }
}
