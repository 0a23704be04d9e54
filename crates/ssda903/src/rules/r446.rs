//! 446: placement orders (LS E1) exist only since the Adoption and Children Act 2002 came into
//! force on 30 December 2005; the DfE accepts E1 episodes from 1 December 2005. An E1 episode
//! starting earlier is flagged; unreadable DECOMs are left to 141.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "446",
        message: "E1 is not a valid code for episodes starting before December 2005.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let first = NaiveDate::from_ymd_opt(2005, 12, 1);
    flag_rows(d.this.episodes.as_ref(), s, &["LS", "DECOM"], |e| e.ls.get() == Some(LegalStatus::E1) && e.decom.get().is_some_and(|dc| Some(dc) < first));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_before_december_2005() {
        let t = [csv::<Episode>("CHILD,DECOM,LS\n1,30/11/2005,E1\n2,01/12/2005,E1\n3,30/11/2005,C2\n4,02/12/2005,E1")];
        assert_eq!(flagged("446", &t), [("Episodes", 0)]);
    }
}
