//! 517: adopters recorded as a different-sex couple (L3) must have a matching SEX_ADOPTR
//! (MF). Any other value, blank or unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "517",
        message: "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["LS_ADOPTR", "SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r514::sexes_must_be(d, s, AdopterLegalStatus::L3, &[AdopterSex::MF]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_the_sexes_do_not_match_l3() {
        let t = [csv::<Ad1>("CHILD,LS_ADOPTR,SEX_ADOPTR\n1,L3,MF\n2,L3,M1\n3,L3,F1\n4,L3,MM\n5,L3,FF\n6,L3,\n7,L0,M1")];
        assert_eq!(flagged("517", &t), [("AD1", 1), ("AD1", 2), ("AD1", 3), ("AD1", 4), ("AD1", 5)]);
    }
}
