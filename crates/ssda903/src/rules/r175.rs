//! 175: the number of adopters (NB_ADOPTR), when given, must be 1 or 2.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "175",
        message: "The number of adopter(s) code is not a valid code.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["NB_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["NB_ADOPTR"], |r| r.nb_adoptr.is_invalid() || r.nb_adoptr.get().is_some_and(|n| !(1..=2).contains(&n)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_on_other_numbers() {
        let t = [csv::<Ad1>("CHILD,NB_ADOPTR\n1,1\n2,2\n3,3\n4,\n5,0\n6,two")];
        assert_eq!(flagged("175", &t), [("AD1", 2), ("AD1", 4), ("AD1", 5)]);
    }
}
