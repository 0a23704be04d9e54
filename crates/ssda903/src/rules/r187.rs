//! 187: a child looked after continuously for 12 months at 31 March is in the OC2 cohort, so has
//! no adoption (AD1) or care leaver (OC3) items filled in.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "187",
        message: "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes", "OC3"],
        fields: &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR", "IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(ad1), Some(oc3)) = (&d.this.ad1, &d.this.oc3) else { return };
    let cla = continuously_looked_after(d);
    flag_rows(Some(oc3), s, &["IN_TOUCH", "ACTIV", "ACCOM"], |o| {
        cla.contains(&*o.child) && (o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present())
    });
    flag_rows(Some(ad1), s, &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"], |a| {
        cla.contains(&*a.child)
            && (a.date_int.is_present()
                || a.date_match.is_present()
                || a.foster_care.is_present()
                || a.nb_adoptr.is_present()
                || a.sex_adoptr.is_present()
                || a.ls_adoptr.is_present())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode, Oc3};

    #[test]
    fn fires_for_the_oc2_cohort_only() {
        let eps = csv::<Episode>("CHILD,DECOM,RNE,LS\n1,01/01/2024,S,C2\n2,01/06/2025,S,C2");
        let ad1 = csv::<Ad1>("CHILD,DATE_INT\n1,01/01/2025\n2,01/01/2025\n1,");
        let oc3 = csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,YES");
        assert_eq!(flagged("187", &[eps, ad1, oc3]), [("AD1", 0), ("OC3", 0)]);
    }
}
