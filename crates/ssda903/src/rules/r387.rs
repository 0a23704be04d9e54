//! 387: a child who moved into independent living (REC E5/E6) was at least 14 when the episode ended.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "387",
        message: "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use ReasonEpisodeCeased::*;
    flag_reason_ceased_at_age(d, s, |r| matches!(r, E5 | E6), |dec, dob| dec < add_years(dob, 14));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_on_the_wrong_side_of_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2011\n2,01/05/2011\n3,01/05/2011");
        let e = csv::<Episode>("CHILD,DEC,REC\n1,30/04/2025,E5\n2,01/05/2025,E6\n3,01/05/2025,E8");
        assert_eq!(flagged("387", &[h, e]), [("Episodes", 0)]);
    }
}
