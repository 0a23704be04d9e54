//! 519: adopters recorded as a civil-partnership couple (L2) must have a matching SEX_ADOPTR
//! (MM or FF or MF). Any other value, blank or unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "519",
        message: "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["LS_ADOPTR", "SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r514::sexes_must_be(d, s, AdopterLegalStatus::L2, &[AdopterSex::MM, AdopterSex::FF, AdopterSex::MF]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_the_sexes_do_not_match_l2() {
        let t = [csv::<Ad1>("CHILD,LS_ADOPTR,SEX_ADOPTR\n1,L2,MM\n2,L2,FF\n3,L2,MF\n4,L2,M1\n5,L2,F1\n6,L2,\n7,L0,M1")];
        assert_eq!(flagged("519", &t), [("AD1", 3), ("AD1", 4), ("AD1", 5)]);
    }
}
