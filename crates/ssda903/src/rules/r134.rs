//! 134: a child cannot have both adoption data (AD1) and care leaver data (OC3): a child with any
//! OC3 item filled in has every AD1 row with any item filled in flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "134",
        message: "Data on adoption should not be entered for the OC3 cohort.",
        severity: Severity::Error,
        tables: &["AD1", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(ad1), Some(oc3)) = (&d.this.ad1, &d.this.oc3) else { return };
    for a in ad1.iter() {
        let adoption = a.date_int.is_present()
            || a.date_match.is_present()
            || a.foster_care.is_present()
            || a.nb_adoptr.is_present()
            || a.sex_adoptr.is_present()
            || a.ls_adoptr.is_present();
        let leaver = oc3.of(&a.child).iter().any(|o| o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present());
        if adoption && leaver {
            s.flag(&a.child, Ad1::TABLE, a.row, &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Oc3};

    #[test]
    fn fires_for_adoptions_of_care_leavers() {
        let ad1 = csv::<Ad1>("CHILD,DATE_INT,NB_ADOPTR\n1,01/01/2025,\n2,,1\n3,,\n4,01/01/2025,");
        let oc3 = csv::<Oc3>("CHILD,IN_TOUCH,ACTIV\n1,YES,\n2,,F1\n3,YES,\n4,,");
        assert_eq!(flagged("134", &[ad1, oc3]), [("AD1", 0), ("AD1", 1)]);
    }
}
