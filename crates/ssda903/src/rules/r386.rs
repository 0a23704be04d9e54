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
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    flag_rows(Some(eps), s, &["REC"], |e| {
        matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12))
            && e.dec.get().is_some_and(|x| h.of(&e.child).iter().any(|r| r.dob.get().is_some_and(|b| x >= add_years(b, 18))))
    });
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
