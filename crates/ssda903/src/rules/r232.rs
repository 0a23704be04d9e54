//! 232: a child's sex is recorded as unknown (U): a query for the authority to confirm.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "232",
        message: "Sex of the child/young person has been reported as unknown.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["SEX"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["SEX"], |r| r.sex.get() == Some(Sex::Unknown));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_for_unknown_sex() {
        let t = [csv::<Header>("CHILD,SEX\n1,U\n2,M\n3,u\n4,")];
        assert_eq!(flagged("232", &t), [("Header", 0), ("Header", 2)]);
    }
}
