//! 356: an episode cannot end before it started.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "356",
        message: "The date the episode ceased is before the date the same episode started.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DECOM", "DEC"], |r| r.dec.get().zip(r.decom.get()).is_some_and(|(x, c)| x < c));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_dec_is_before_decom() {
        let t = [csv::<Episode>("CHILD,DECOM,DEC\n1,01/05/2025,30/04/2025\n2,01/05/2025,01/05/2025\n3,01/05/2025,")];
        assert_eq!(flagged("356", &t), [("Episodes", 0)]);
    }
}
