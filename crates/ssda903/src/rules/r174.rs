//! 174: a child whose sex is M cannot have a date of birth of their own child recorded (MC_DOB).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "174",
        message: "Mother's child date of birth is recorded but sex shows that the child is a male.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["SEX", "MC_DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["SEX", "MC_DOB"], |r| r.sex.get() == Some(Sex::Male) && r.mc_dob.is_present());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_for_males_with_a_child_dob() {
        let t = [csv::<Header>("CHILD,SEX,MC_DOB\n1,M,01/01/2025\n2,F,01/01/2025\n3,M,\n4,m,x\n5,U,01/01/2025")];
        assert_eq!(flagged("174", &t), [("Header", 0), ("Header", 3)]);
    }
}
