//! 148: an episode's end date (DEC) and reason (REC) are both given or both blank.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "148",
        message: "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DEC", "REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DEC", "REC"], |r| r.dec.is_blank() != r.rec.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_only_one_is_given() {
        let t = [csv::<Episode>("CHILD,DEC,REC\n1,01/05/2025,E11\n2,01/05/2025,\n3,,E11\n4,,\n5,31/02/2025,X1")];
        assert_eq!(flagged("148", &t), [("Episodes", 1), ("Episodes", 2)]);
    }
}
