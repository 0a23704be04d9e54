//! 460: REC E17 means the young person stayed with their carers at 18 or over, so the episode
//! cannot end (DEC) before the 18th birthday. Unreadable dates are ignored; children without a
//! Header row are passed over.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "460",
        message: "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DEC", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(header)) = (&d.this.episodes, &d.this.header) else { return };
    flag_rows(Some(eps), s, &["DEC", "REC"], |e| {
        let under_18 = |dob: NaiveDate| e.dec.get().is_some_and(|dec| age(dob, dec) < 18);
        e.rec.get() == Some(ReasonEpisodeCeased::E17) && header.of(&e.child).iter().any(|h| h.dob.get().is_some_and(under_18))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_before_the_18th_birthday() {
        let eps = csv::<Episode>("CHILD,DEC,REC\n1,09/05/2025,E17\n2,10/05/2025,E17\n3,09/05/2025,E13\n4,09/05/2025,E17");
        let h = csv::<Header>("CHILD,DOB\n1,10/05/2007\n2,10/05/2007\n3,10/05/2007");
        assert_eq!(flagged("460", &[eps, h]), [("Episodes", 0)]);
    }
}
