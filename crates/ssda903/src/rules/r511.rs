//! 511: two adopters (NB_ADOPTR 2) must be recorded as a couple, so SEX_ADOPTR M1 or F1 (a single
//! adopter) is flagged. Other values are left to the code-validity rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "511",
        message: "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["NB_ADOPTR", "SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["NB_ADOPTR", "SEX_ADOPTR"], |a| {
        a.nb_adoptr.get() == Some(2) && matches!(a.sex_adoptr.get(), Some(AdopterSex::M1 | AdopterSex::F1))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_two_adopters_are_recorded_as_one() {
        let t = [csv::<Ad1>("CHILD,NB_ADOPTR,SEX_ADOPTR\n1,2,M1\n2,2,F1\n3,2,MF\n4,1,M1\n5,2,")];
        assert_eq!(flagged("511", &t), [("AD1", 0), ("AD1", 1)]);
    }
}
