//! 407: a special guardianship order (REC E45–E48) is made for a child, so the episode cannot end
//! on or after the 18th birthday. The reference validator flags only a DEC after the birthday (see
//! DISAGREEMENTS.toml); carefile counts the birthday itself as having reached 18. The episode and the
//! child's Header row are flagged; unreadable dates are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "407",
        message: "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DEC", "DOB", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use ReasonEpisodeCeased::{E45, E46, E47, E48};
    let (Some(eps), Some(header)) = (&d.this.episodes, &d.this.header) else { return };
    for e in eps.iter().filter(|e| matches!(e.rec.get(), Some(E45 | E46 | E47 | E48))) {
        let Some(dec) = e.dec.get() else { continue };
        for h in header.of(&e.child).into_iter().filter(|h| h.dob.get().is_some_and(|dob| age(dob, dec) >= 18)) {
            s.flag(&e.child, Episode::TABLE, e.row, &["DEC", "REC"]);
            s.flag(&e.child, Header::TABLE, h.row, &["DOB"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_from_the_18th_birthday() {
        let eps = csv::<Episode>("CHILD,DEC,REC\n1,09/05/2025,E45\n2,10/05/2025,E48\n3,11/05/2025,E4A");
        let h = csv::<Header>("CHILD,DOB\n1,10/05/2007\n2,10/05/2007\n3,10/05/2007");
        assert_eq!(flagged("407", &[eps, h]), [("Episodes", 1), ("Header", 1)]);
    }
}
