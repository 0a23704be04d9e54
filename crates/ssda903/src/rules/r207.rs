//! 207: a child recorded as a mother last year (MOTHER = 1) and still looked after this year (has
//! episodes) must still be recorded as a mother.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "207",
        message: "Mother status for the current year disagrees with the mother status already recorded for this child.",
        severity: Severity::Error,
        tables: &["Episodes", "Header", "Header_last"],
        fields: &["MOTHER"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(last), Some(eps)) = (&d.this.header, &d.last.header, &d.this.episodes) else { return };
    flag_rows(Some(h), s, &["MOTHER"], |r| {
        eps.has(&r.child) && last.of(&r.child).iter().any(|l| l.mother.get() == Some(true) && l.mother != r.mother)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_when_a_mother_is_no_longer_recorded_as_one() {
        let this = [csv::<Header>("CHILD,MOTHER\n1,1\n2,0\n3,\n4,0"), csv::<Episode>("CHILD\n1\n2\n3")];
        let last = [csv::<Header>("CHILD,MOTHER\n1,1\n2,1\n3,1\n4,1")];
        assert_eq!(flagged_with("207", &this, &last, opts()), [("Header", 1), ("Header", 2)]);
    }
}
