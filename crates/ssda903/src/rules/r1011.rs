//! 1011: a young person whose care was transferred to another authority (latest episode ended
//! with REC E3) is that authority's care leaver, so this return's OC3 row must have none of
//! IN_TOUCH, ACTIV, ACCOM.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1011",
        message: "This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.",
        severity: Severity::Error,
        tables: &["Episodes", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(oc3)) = (&d.this.episodes, &d.this.oc3) else { return };
    flag_rows(Some(oc3), s, RULE.meta.fields, |o| {
        has_leaver_data(o)
            && latest(eps.of(&o.child)).is_some_and(|e| e.rec.get() == Some(ReasonEpisodeCeased::E3))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3};

    #[test]
    fn transferred_care_leaver_fires() {
        let e = csv::<Episode>("CHILD,DECOM,REC\n1,01/01/2025,X1\n1,01/02/2025,E3\n2,01/01/2025,E3\n2,01/02/2025,E4A\n3,01/01/2025,E3");
        let o = csv::<Oc3>("CHILD,ACCOM\n1,B1\n2,B1\n3,");
        assert_eq!(flagged("1011", &[e, o]), [("OC3", 0)]);
    }
}
