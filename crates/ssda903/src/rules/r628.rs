//! 628: motherhood details are collected only for children looked after during the year, so
//! a care leaver (an OC3 row with any of IN_TOUCH, ACTIV, ACCOM) with no episodes this year
//! must have MOTHER blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "628",
        message: "Motherhood details are not required for care leavers who have not been looked after during the year.",
        severity: Severity::Error,
        tables: &["Episodes", "Header", "OC3"],
        fields: &["MOTHER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(header), Some(oc3)) = (&d.this.episodes, &d.this.header, &d.this.oc3) else { return };
    flag_rows(Some(header), s, RULE.meta.fields, |h| {
        h.mother.is_present()
            && !eps.has(&h.child)
            && oc3.of(&h.child).iter().any(|o| has_leaver_data(o))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Oc3};

    #[test]
    fn care_leaver_without_episodes_with_mother_fires() {
        let h = csv::<Header>("CHILD,MOTHER\n1,0\n2,1\n3,\n4,1");
        let e = csv::<Episode>("CHILD,DECOM\n2,01/04/2025");
        let o = csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,YES\n3,YES\n4,");
        assert_eq!(flagged("628", &[h, e, o]), [("Header", 0)]);
    }
}
