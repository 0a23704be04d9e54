//! 358: a child under a youth justice legal status (J1, J2, J3) must be over 10 when the episode
//! starts; the episode and the Header row are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "358",
        message: "Child with this legal status should not be under 10.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "DOB", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    use LegalStatus::*;
    for e in eps.iter().filter(|e| matches!(e.ls.get(), Some(J1 | J2 | J3))) {
        for r in h.of(&e.child) {
            if r.dob.get().zip(e.decom.get()).is_some_and(|(b, c)| add_years(b, 10) >= c) {
                s.flag(&e.child, Episode::TABLE, e.row, &["DECOM", "LS"]);
                s.flag(&e.child, Header::TABLE, r.row, &["DOB"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_up_to_the_10th_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2015\n2,01/05/2015");
        let e = csv::<Episode>("CHILD,DECOM,LS\n1,01/05/2025,J1\n2,02/05/2025,J2\n1,01/05/2025,C2");
        assert_eq!(flagged("358", &[h, e]), [("Episodes", 0), ("Header", 0)]);
    }
}
