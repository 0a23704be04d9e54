//! 520: adopters recorded as a different-sex married couple (L11) must have a matching SEX_ADOPTR
//! (MF). Any other value, blank or unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "520",
        message: "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["LS_ADOPTR", "SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r514::sexes_must_be(d, s, AdopterLegalStatus::L11, &[AdopterSex::MF]);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_the_sexes_do_not_match_l11() {
        let t = [csv::<Ad1>("CHILD,LS_ADOPTR,SEX_ADOPTR\n1,L11,MF\n2,L11,M1\n3,L11,F1\n4,L11,MM\n5,L11,FF\n6,L11,\n7,L0,M1")];
        assert_eq!(flagged("520", &t), [("AD1", 1), ("AD1", 2), ("AD1", 3), ("AD1", 4), ("AD1", 5)]);
    }
}
