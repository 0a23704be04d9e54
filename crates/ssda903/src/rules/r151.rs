//! 151: the six adoption items of AD1 are all given or all blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "151",
        message: "All data items relating to a childs adoption must be coded or left blank.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"], |r| ![r.date_int.is_blank(), r.date_match.is_blank(), r.foster_care.is_blank(), r.nb_adoptr.is_blank(), r.sex_adoptr.is_blank(), r.ls_adoptr.is_blank()].iter().all(|b| *b == r.date_int.is_blank()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_some_but_not_all_are_given() {
        let t = [csv::<Ad1>("CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n1,01/01/2025,01/02/2025,1,2,MF,L11\n2,,,,,,\n3,01/01/2025,,,,,\n4,,,,,,L3\n5,x,x,x,x,x,x")];
        assert_eq!(flagged("151", &t), [("AD1", 2), ("AD1", 3)]);
    }
}
