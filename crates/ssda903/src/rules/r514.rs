//! 514: adopters recorded as a single adopter (L0) must have a matching SEX_ADOPTR
//! (M1 or F1). Any other value, blank or unreadable included, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "514",
        message: "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["LS_ADOPTR", "SEX_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    sexes_must_be(d, s, AdopterLegalStatus::L0, &[AdopterSex::M1, AdopterSex::F1]);
}

/// Flags AD1 rows whose LS_ADOPTR is `ls` and whose SEX_ADOPTR is not one of `allowed`
/// (blank and unreadable included): the adopters' legal status fixes how many there are and
/// whether they are a same-sex or different-sex couple.
pub(super) fn sexes_must_be(d: &Input, s: &mut Sink, ls: AdopterLegalStatus, allowed: &[AdopterSex]) {
    flag_rows(d.this.ad1.as_ref(), s, &["LS_ADOPTR", "SEX_ADOPTR"], |a| {
        a.ls_adoptr.get() == Some(ls) && !a.sex_adoptr.get().is_some_and(|x| allowed.contains(&x))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_the_sexes_do_not_match_l0() {
        let t = [csv::<Ad1>("CHILD,LS_ADOPTR,SEX_ADOPTR\n1,L0,M1\n2,L0,F1\n3,L0,MM\n4,L0,FF\n5,L0,MF\n6,L0,\n7,L11,MM")];
        assert_eq!(flagged("514", &t), [("AD1", 2), ("AD1", 3), ("AD1", 4), ("AD1", 5)]);
    }
}
