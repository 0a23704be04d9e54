//! 234: a child under 10 at the start of an episode cannot have changed placement because of custody
//! (REASON_PLACE_CHANGE CUSTOD); the episode and the Header row are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "234",
        message: "A child aged under 10 can not change placement due to being admitted to custody",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["REASON_PLACE_CHANGE", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    for e in eps.iter().filter(|e| e.reason_place_change.get() == Some(ReasonPlaceChange::Custod)) {
        for r in h.of(&e.child) {
            if r.dob.get().zip(e.decom.get()).is_some_and(|(b, c)| add_years(b, 10) > c) {
                s.flag(&e.child, Episode::TABLE, e.row, &["REASON_PLACE_CHANGE"]);
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
    fn fires_before_the_10th_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2015\n2,01/05/2015");
        let e = csv::<Episode>("CHILD,DECOM,REASON_PLACE_CHANGE\n1,30/04/2025,CUSTOD\n2,01/05/2025,CUSTOD\n1,30/04/2025,CARPL");
        assert_eq!(flagged("234", &[h, e]), [("Episodes", 0), ("Header", 0)]);
    }
}
