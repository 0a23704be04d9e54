//! 146: the placement type (PLACE), when given, must be a code of the collection year's list:
//! from 2025-26 H5, P2 and Z1 are withdrawn (Z1 became Z11–Z14) and K3 is in the list.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "146",
        message: "Placement type code is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE"], |r| r.place.is_invalid() || r.place.get().is_some_and(|p| !p.valid_in(d.year())));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_unknown_and_withdrawn_codes() {
        let t = [csv::<Episode>("CHILD,PLACE\n1,K3\n2,Z1\n3,\n4,H5\n5,P2\n6,z14\n7,Q1")];
        assert_eq!(flagged("146", &t), [("Episodes", 1), ("Episodes", 3), ("Episodes", 4), ("Episodes", 6)]);
    }
}
