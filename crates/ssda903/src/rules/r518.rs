//! 518: adopters recorded as a same-sex couple (L4) must have a matching SEX_ADOPTR
//! (MM or FF). Any other value, blank or unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "518",
        message: "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["LS_ADOPTR", "SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r514::sexes_must_be(d, s, AdopterLegalStatus::L4, &[AdopterSex::MM, AdopterSex::FF]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_the_sexes_do_not_match_l4() {
        let t = [csv::<Ad1>("CHILD,LS_ADOPTR,SEX_ADOPTR\n1,L4,MM\n2,L4,FF\n3,L4,M1\n4,L4,F1\n5,L4,MF\n6,L4,\n7,L0,M1")];
        assert_eq!(flagged("518", &t), [("AD1", 2), ("AD1", 3), ("AD1", 4), ("AD1", 5)]);
    }
}
