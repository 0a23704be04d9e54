//! 611: a child recorded as a mother (MOTHER 1) must have her child's date of birth (MC_DOB);
//! a blank MC_DOB fires (an unreadable one is for the date rules).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "611",
        message: "Date of birth field is blank, but child is a mother.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["MOTHER", "MC_DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, RULE.meta.fields, |h| h.mother.get() == Some(true) && h.mc_dob.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn mother_without_child_dob_fires() {
        let t = [csv::<Header>("CHILD,MOTHER,MC_DOB\n1,1,\n2,1,01/01/2025\n3,0,\n4,,")];
        assert_eq!(flagged("611", &t), [("Header", 0)]);
    }
}
