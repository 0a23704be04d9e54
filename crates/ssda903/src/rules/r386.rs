//! 386: a child adopted (REC E11/E12) is adopted before their 18th birthday (DEC against DOB).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "386",
        message: "Reason episode ceased is adopted but child has reached age 18.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use ReasonEpisodeCeased::*;
    flag_reason_ceased_at_age(d, s, |r| matches!(r, E11 | E12), |dec, dob| dec >= add_years(dob, 18));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_on_the_wrong_side_of_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2007\n2,01/05/2007\n3,01/05/2007");
        let e = csv::<Episode>("CHILD,DEC,REC\n1,30/04/2025,E11\n2,01/05/2025,E12\n3,01/05/2025,E8");
        assert_eq!(flagged("386", &[h, e]), [("Episodes", 1)]);
    }
}
