//! 304: UASC status ceases on or before the child's 18th birthday.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "304",
        message: "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.",
        severity: Severity::Error,
        tables: &["UASC"],
        fields: &["DUC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.uasc.as_ref(), s, &["DUC"], |r| r.duc.get().zip(r.dob.get()).is_some_and(|(duc, b)| duc > add_years(b, 18)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Uasc;

    #[test]
    fn fires_after_the_18th_birthday() {
        let t = [csv::<Uasc>("CHILD,DOB,DUC\n1,01/05/2007,01/05/2025\n2,01/05/2007,02/05/2025\n3,29/02/2008,28/02/2026\n4,29/02/2008,01/03/2026")];
        assert_eq!(flagged("304", &t), [("UASC", 1), ("UASC", 3)]);
    }
}
