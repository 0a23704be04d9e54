//! 389: a child transferred to adult social care (REC E7) was at least 16 when the episode ended.
//! (The reference validator also flags E7 episodes without an end date; carefile leaves that to rule 148.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "389",
        message: "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_reason_ceased_at_age(d, s, |r| r == ReasonEpisodeCeased::E7, |dec, dob| dec < add_years(dob, 16));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_on_the_wrong_side_of_the_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2009\n2,01/05/2009\n3,01/05/2009");
        let e = csv::<Episode>("CHILD,DEC,REC\n1,30/04/2025,E7\n2,01/05/2025,E7\n3,01/05/2025,E8");
        assert_eq!(flagged("389", &[h, e]), [("Episodes", 0)]);
    }
}
