//! 352: a child cannot start to be looked after (RNE S) on or after their 18th birthday.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "352",
        message: "Child who started to be looked after was aged 18 or over.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    flag_rows(Some(eps), s, &["DECOM", "RNE"], |e| {
        e.rne.get() == Some(ReasonNewEpisode::Started)
            && e.decom.get().is_some_and(|c| h.of(&e.child).iter().any(|r| r.dob.get().is_some_and(|b| add_years(b, 18) <= c)))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_from_the_18th_birthday() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2007\n2,01/05/2007");
        let e = csv::<Episode>("CHILD,DECOM,RNE\n1,01/05/2025,S\n2,30/04/2025,S\n1,02/05/2025,P");
        assert_eq!(flagged("352", &[h, e]), [("Episodes", 0)]);
    }
}
